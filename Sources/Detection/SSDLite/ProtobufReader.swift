/// A minimal reader of the protobuf wire format: varints, 32- and 64-bit fixed values and
/// length-delimited fields. Enough to walk a TensorFlow GraphDef without generated code.
///
/// The reader is a cursor over a byte range of a shared buffer; sub-messages are read by asking
/// for a nested reader over a length-delimited field, so nothing is copied.
struct ProtobufReader {
    /// Wire types of the protobuf encoding (groups, 3 and 4, are obsolete and rejected).
    enum WireType: Int {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    /// One field key: its number and how its value is encoded.
    struct Key {
        var field: Int
        var wireType: WireType
    }

    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(bytes: [UInt8]) {
        self.init(bytes: bytes, range: 0..<bytes.count)
    }

    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { offset >= end }

    /// The next field key, or nil at the end of the message.
    mutating func nextKey() throws(ProtobufError) -> Key? {
        guard !isAtEnd else { return nil }
        let at = offset
        let raw = try readVarint()
        let field = Int(truncatingIfNeeded: raw >> 3)
        guard field > 0, let wire = WireType(rawValue: Int(raw & 7)) else {
            throw .invalidKey(offset: at, value: raw)
        }
        return Key(field: field, wireType: wire)
    }

    mutating func readVarint() throws(ProtobufError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while true {
            guard offset < end else { throw .truncated(offset: start) }
            let b = bytes[offset]
            offset += 1
            if shift == 63, b > 1 { throw .varintTooLong(offset: start) }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .varintTooLong(offset: start) }
        }
    }

    mutating func readFixed32() throws(ProtobufError) -> UInt32 {
        guard end - offset >= 4 else { throw .truncated(offset: offset) }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    mutating func readFixed64() throws(ProtobufError) -> UInt64 {
        guard end - offset >= 8 else { throw .truncated(offset: offset) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    mutating func readFloat() throws(ProtobufError) -> Float {
        Float(bitPattern: try readFixed32())
    }

    mutating func readDouble() throws(ProtobufError) -> Double {
        Double(bitPattern: try readFixed64())
    }

    /// The byte range of a length-delimited value (the cursor moves past it).
    mutating func readLengthDelimitedRange() throws(ProtobufError) -> Range<Int> {
        let at = offset
        let length = try readVarint()
        guard length <= UInt64(end - offset) else { throw .truncated(offset: at) }
        let start = offset
        offset += Int(length)
        return start..<offset
    }

    /// A reader over a nested message.
    mutating func readMessage() throws(ProtobufError) -> ProtobufReader {
        ProtobufReader(bytes: bytes, range: try readLengthDelimitedRange())
    }

    mutating func readBytes() throws(ProtobufError) -> ArraySlice<UInt8> {
        bytes[try readLengthDelimitedRange()]
    }

    /// A UTF-8 string field (invalid UTF-8 is repaired, never fatal).
    mutating func readString() throws(ProtobufError) -> String {
        String(decoding: try readBytes(), as: UTF8.self)
    }

    /// Skips the value of a field whose key was just read.
    mutating func skip(_ wireType: WireType) throws(ProtobufError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64:
            guard end - offset >= 8 else { throw .truncated(offset: offset) }
            offset += 8
        case .fixed32:
            guard end - offset >= 4 else { throw .truncated(offset: offset) }
            offset += 4
        case .lengthDelimited: _ = try readLengthDelimitedRange()
        }
    }

    /// Reads a repeated varint field in either encoding (packed or one value per key).
    mutating func appendVarints(_ wireType: WireType, to out: inout [Int64]) throws(ProtobufError) {
        switch wireType {
        case .varint:
            out.append(Int64(bitPattern: try readVarint()))
        case .lengthDelimited:
            var sub = try readMessage()
            while !sub.isAtEnd { out.append(Int64(bitPattern: try sub.readVarint())) }
        default:
            throw .unexpectedWireType(offset: offset, wireType.rawValue)
        }
    }

    /// Reads a repeated float field in either encoding (packed or one value per key).
    mutating func appendFloats(_ wireType: WireType, to out: inout [Float]) throws(ProtobufError) {
        switch wireType {
        case .fixed32:
            out.append(try readFloat())
        case .lengthDelimited:
            var sub = try readMessage()
            while !sub.isAtEnd { out.append(try sub.readFloat()) }
        default:
            throw .unexpectedWireType(offset: offset, wireType.rawValue)
        }
    }
}

/// Errors of the wire-format reader; offsets are byte positions in the file.
enum ProtobufError: Error, CustomStringConvertible, Equatable {
    case truncated(offset: Int)
    case varintTooLong(offset: Int)
    case invalidKey(offset: Int, value: UInt64)
    case unexpectedWireType(offset: Int, Int)

    var description: String {
        switch self {
        case .truncated(let o): return "protobuf data ends in the middle of a value at byte \(o) (file truncated or not a protobuf)"
        case .varintTooLong(let o): return "malformed varint at byte \(o) (not a protobuf file?)"
        case .invalidKey(let o, let v): return "invalid field key \(v) at byte \(o) (not a protobuf file?)"
        case .unexpectedWireType(let o, let w): return "unexpected wire type \(w) at byte \(o)"
        }
    }
}

/// Writes the protobuf wire format; used by tests to build small messages.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func key(_ field: Int, _ wire: ProtobufReader.WireType) {
        varint(UInt64(field) << 3 | UInt64(wire.rawValue))
    }

    mutating func varintField(_ field: Int, _ value: Int64) {
        key(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    mutating func fixed32Field(_ field: Int, _ value: UInt32) {
        key(field, .fixed32)
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
    }

    mutating func fixed64Field(_ field: Int, _ value: UInt64) {
        key(field, .fixed64)
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    mutating func floatField(_ field: Int, _ value: Float) {
        fixed32Field(field, value.bitPattern)
    }

    mutating func bytesField(_ field: Int, _ value: [UInt8]) {
        key(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func stringField(_ field: Int, _ value: String) {
        bytesField(field, Array(value.utf8))
    }

    mutating func messageField(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var sub = ProtobufWriter()
        build(&sub)
        bytesField(field, sub.bytes)
    }

    mutating func packedFloats(_ field: Int, _ values: [Float]) {
        var sub = ProtobufWriter()
        for v in values { for i in 0..<4 { sub.bytes.append(UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32(i)))) } }
        bytesField(field, sub.bytes)
    }

    mutating func packedVarints(_ field: Int, _ values: [Int64]) {
        var sub = ProtobufWriter()
        for v in values { sub.varint(UInt64(bitPattern: v)) }
        bytesField(field, sub.bytes)
    }
}
