/// A TensorFlow `GraphDef` as far as Trackline needs it: nodes with their op, inputs and
/// attributes, constant tensors included. Read with our own protobuf reader (no TF, no codegen).
struct GraphDef {
    var nodes: [NodeDef]
    /// Node index by name.
    private(set) var index: [String: Int]

    init(nodes: [NodeDef]) {
        self.nodes = nodes
        var index: [String: Int] = [:]
        for (i, n) in nodes.enumerated() where index[n.name] == nil { index[n.name] = i }
        self.index = index
    }

    subscript(name: String) -> NodeDef? {
        index[name].map { nodes[$0] }
    }
}

/// One `NodeDef`: name, op, input names (`^x` control inputs kept as written) and attributes.
struct NodeDef {
    var name = ""
    var op = ""
    var inputs: [String] = []
    var attrs: [String: AttrValue] = [:]
}

/// The subset of `AttrValue` the detector reads.
enum AttrValue {
    case string([UInt8])
    case int(Int64)
    case float(Float)
    case bool(Bool)
    case type(Int)
    case shape([Int64])
    case tensor(TensorProto)
    case list(AttrList)
    /// Kinds we never read (functions, placeholders).
    case other
}

/// `AttrValue.ListValue`: strides, paddings and the like.
struct AttrList {
    var strings: [[UInt8]] = []
    var ints: [Int64] = []
    var floats: [Float] = []
}

/// A `TensorProto` with its values still in wire form.
struct TensorProto {
    /// TensorFlow `DataType` code (1 = DT_FLOAT, 3 = DT_INT32, ...).
    var dtype = 0
    /// Dimensions; empty for a scalar.
    var shape: [Int64] = []
    /// Raw little-endian element bytes when the tensor uses `tensor_content`.
    var content: ArraySlice<UInt8> = []
    var floatValues: [Float] = []
    var intValues: [Int64] = []

    static let dtFloat = 1
    static let dtInt32 = 3

    /// Largest tensor we accept (4M elements, 16 MB of float32; SSDLite's biggest is 409,600):
    /// a crafted shape must not make us allocate without bound. With 64M, a 364-byte graph (a
    /// 1x1 conv of 64M outputs, its BN vectors as one `float_val` each) took 2 GB and 12 s to read.
    static let maxElements = 4 << 20

    /// Elements implied by `shape`; nil when a dimension is negative (unknown) or the product
    /// overflows or exceeds `maxElements`.
    var elementCount: Int? {
        var n = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = n.multipliedReportingOverflow(by: Int(d))
            guard !overflow, p <= TensorProto.maxElements else { return nil }
            n = p
        }
        return n
    }

    /// Why `shape` cannot describe a constant we read, or nil when it can.
    var shapeProblem: String? {
        if shape.contains(where: { $0 < 0 }) { return "has a negative dimension in shape \(shape)" }
        if elementCount == nil { return "has shape \(shape), more than \(TensorProto.maxElements) elements" }
        return nil
    }

    /// The values as float32, following TF's rules: `tensor_content` when present, else the
    /// repeated `float_val` with the last value repeated to fill the shape. Nil if not float.
    func floats() -> [Float]? {
        guard dtype == TensorProto.dtFloat, let n = elementCount else { return nil }
        if !content.isEmpty {
            // Checked before allocating: the bytes present bound the size.
            guard content.count % 4 == 0, content.count / 4 == n else { return nil }
            var out = [Float](repeating: 0, count: n)
            out.withUnsafeMutableBytes { dst in
                content.withUnsafeBytes { src in dst.copyMemory(from: src) }
            }
            // The file is little-endian; convert on big-endian hosts.
            if UInt32(1).littleEndian != 1 {
                for i in 0..<n { out[i] = Float(bitPattern: UInt32(littleEndian: out[i].bitPattern)) }
            }
            return out
        }
        if floatValues.isEmpty { return n == 0 ? [] : [Float](repeating: 0, count: n) }
        if floatValues.count >= n { return Array(floatValues.prefix(n)) }
        return floatValues + [Float](repeating: floatValues[floatValues.count - 1], count: n - floatValues.count)
    }
}

extension GraphDef {
    /// Parses a serialized `GraphDef` (e.g. a frozen `.pb`). Unknown fields are skipped.
    init(serialized bytes: [UInt8]) throws(ProtobufError) {
        var r = ProtobufReader(bytes: bytes)
        var nodes: [NodeDef] = []
        while let key = try r.nextKey() {
            if key.field == 1, key.wireType == .lengthDelimited {
                var sub = try r.readMessage()
                nodes.append(try NodeDef(reader: &sub))
            } else {
                try r.skip(key.wireType)
            }
        }
        self.init(nodes: nodes)
    }
}

extension NodeDef {
    init(reader r: inout ProtobufReader) throws(ProtobufError) {
        while let key = try r.nextKey() {
            switch (key.field, key.wireType) {
            case (1, .lengthDelimited): name = try r.readString()
            case (2, .lengthDelimited): op = try r.readString()
            case (3, .lengthDelimited): inputs.append(try r.readString())
            case (5, .lengthDelimited):
                // map<string, AttrValue> entry: key = 1, value = 2.
                var entry = try r.readMessage()
                var k = ""
                var v = AttrValue.other
                while let ek = try entry.nextKey() {
                    switch (ek.field, ek.wireType) {
                    case (1, .lengthDelimited): k = try entry.readString()
                    case (2, .lengthDelimited):
                        var vr = try entry.readMessage()
                        v = try AttrValue(reader: &vr)
                    default: try entry.skip(ek.wireType)
                    }
                }
                attrs[k] = v
            default: try r.skip(key.wireType)
            }
        }
    }
}

extension AttrValue {
    init(reader r: inout ProtobufReader) throws(ProtobufError) {
        var value = AttrValue.other
        while let key = try r.nextKey() {
            switch (key.field, key.wireType) {
            case (1, .lengthDelimited):
                var sub = try r.readMessage()
                value = .list(try AttrList(reader: &sub))
            case (2, .lengthDelimited): value = .string(Array(try r.readBytes()))
            case (3, .varint): value = .int(Int64(bitPattern: try r.readVarint()))
            case (4, .fixed32): value = .float(try r.readFloat())
            case (5, .varint): value = .bool(try r.readVarint() != 0)
            case (6, .varint): value = .type(Int(truncatingIfNeeded: try r.readVarint()))
            case (7, .lengthDelimited):
                var sub = try r.readMessage()
                value = .shape(try readShape(&sub))
            case (8, .lengthDelimited):
                var sub = try r.readMessage()
                value = .tensor(try TensorProto(reader: &sub))
            default: try r.skip(key.wireType)
            }
        }
        self = value
    }

    var int: Int64? { if case .int(let v) = self { return v } else { return nil } }
    var float: Float? { if case .float(let v) = self { return v } else { return nil } }
    var bool: Bool? { if case .bool(let v) = self { return v } else { return nil } }
    var tensor: TensorProto? { if case .tensor(let t) = self { return t } else { return nil } }
    var list: AttrList? { if case .list(let l) = self { return l } else { return nil } }
    var string: String? {
        if case .string(let b) = self { return String(decoding: b, as: UTF8.self) } else { return nil }
    }
}

extension AttrList {
    init(reader r: inout ProtobufReader) throws(ProtobufError) {
        while let key = try r.nextKey() {
            switch key.field {
            case 2 where key.wireType == .lengthDelimited: strings.append(Array(try r.readBytes()))
            case 3: try r.appendVarints(key.wireType, to: &ints)
            case 4: try r.appendFloats(key.wireType, to: &floats)
            default: try r.skip(key.wireType)
            }
        }
    }
}

extension TensorProto {
    init(reader r: inout ProtobufReader) throws(ProtobufError) {
        while let key = try r.nextKey() {
            switch (key.field, key.wireType) {
            case (1, .varint): dtype = Int(truncatingIfNeeded: try r.readVarint())
            case (2, .lengthDelimited):
                var sub = try r.readMessage()
                shape = try readShape(&sub)
            case (4, .lengthDelimited): content = try r.readBytes()
            case (5, _): try r.appendFloats(key.wireType, to: &floatValues)
            case (7, _), (10, _): try r.appendVarints(key.wireType, to: &intValues)
            default: try r.skip(key.wireType)
            }
        }
    }
}

/// `TensorShapeProto`: repeated `dim { size }` (field 2, size = field 1).
private func readShape(_ r: inout ProtobufReader) throws(ProtobufError) -> [Int64] {
    var dims: [Int64] = []
    while let key = try r.nextKey() {
        if key.field == 2, key.wireType == .lengthDelimited {
            var dim = try r.readMessage()
            var size: Int64 = 0
            while let dk = try dim.nextKey() {
                if dk.field == 1, dk.wireType == .varint {
                    size = Int64(bitPattern: try dim.readVarint())
                } else {
                    try dim.skip(dk.wireType)
                }
            }
            dims.append(size)
        } else {
            try r.skip(key.wireType)
        }
    }
    return dims
}
