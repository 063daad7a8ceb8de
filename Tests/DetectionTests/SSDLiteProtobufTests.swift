import Testing
@testable import Detection

@Suite struct SSDLiteProtobufTests {
    @Test func readsEveryWireType() throws {
        var w = ProtobufWriter()
        w.varintField(1, 150)
        w.varintField(2, -2)                 // 10-byte varint
        w.fixed32Field(3, 0xDEADBEEF)
        w.fixed64Field(4, 0x0123_4567_89AB_CDEF)
        w.stringField(5, "héllo")
        w.messageField(6) { $0.varintField(1, 7) }
        w.floatField(7, 1.5)
        var r = ProtobufReader(bytes: w.bytes)
        var k = try #require(try r.nextKey())
        #expect(k.field == 1 && k.wireType == .varint)
        #expect(try r.readVarint() == 150)
        k = try #require(try r.nextKey())
        #expect(Int64(bitPattern: try r.readVarint()) == -2)
        k = try #require(try r.nextKey())
        #expect(k.wireType == .fixed32)
        #expect(try r.readFixed32() == 0xDEADBEEF)
        k = try #require(try r.nextKey())
        #expect(try r.readFixed64() == 0x0123_4567_89AB_CDEF)
        k = try #require(try r.nextKey())
        #expect(try r.readString() == "héllo")
        k = try #require(try r.nextKey())
        var sub = try r.readMessage()
        let sk = try #require(try sub.nextKey())
        #expect(sk.field == 1)
        #expect(try sub.readVarint() == 7)
        #expect(try sub.nextKey() == nil)
        k = try #require(try r.nextKey())
        #expect(try r.readFloat() == 1.5)
        #expect(try r.nextKey() == nil)
    }

    @Test func skipsUnknownFieldsAndReadsPackedAndUnpackedRepeats() throws {
        var w = ProtobufWriter()
        w.fixed64Field(9, 1)
        w.stringField(10, "skip me")
        w.packedFloats(4, [1, 2])
        w.floatField(4, 3)
        w.packedVarints(3, [1, 2, 300])
        w.varintField(3, 4)
        var r = ProtobufReader(bytes: w.bytes)
        var floats: [Float] = []
        var ints: [Int64] = []
        while let k = try r.nextKey() {
            switch k.field {
            case 4: try r.appendFloats(k.wireType, to: &floats)
            case 3: try r.appendVarints(k.wireType, to: &ints)
            default: try r.skip(k.wireType)
            }
        }
        #expect(floats == [1, 2, 3])
        #expect(ints == [1, 2, 300, 4])
    }

    @Test func truncatedOrGarbageInputThrows() {
        var w = ProtobufWriter()
        w.stringField(1, "abcdef")
        let cut = Array(w.bytes.dropLast(2))
        var r = ProtobufReader(bytes: cut)
        #expect(throws: ProtobufError.self) {
            _ = try r.nextKey()
            _ = try r.readString()
        }
        #expect(throws: ProtobufError.self) { _ = try GraphDef(serialized: [0xFF, 0xFF, 0xFF]) }
        #expect(throws: ProtobufError.self) { _ = try GraphDef(serialized: [0x0B, 0x01]) }   // wire type 3 (group)
    }
}
