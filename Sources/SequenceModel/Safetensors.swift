import Foundation

/// Reading and writing the safetensors format: an 8-byte little-endian header length, a JSON
/// header `{name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__":
/// {string: string}}` (padded with spaces to a multiple of 8 bytes), then the raw little-endian
/// tensor bytes, offsets relative to the end of the header. Only F32 is written or accepted.
public enum Safetensors {
    /// Named tensors in file order plus the string metadata.
    public struct Contents: Sendable, Equatable {
        public var names: [String]
        public var tensors: [String: Tensor]
        public var metadata: [String: String]

        public init(names: [String], tensors: [String: Tensor], metadata: [String: String]) {
            self.names = names
            self.tensors = tensors
            self.metadata = metadata
        }
    }

    /// Serialises tensors in the given order.
    public static func encode(_ contents: Contents) -> Data {
        var header = "{"
        var offset = 0
        var first = true
        if !contents.metadata.isEmpty {
            header += "\"__metadata__\":{"
            header += contents.metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(contents.metadata[$0]!))" }
                .joined(separator: ",")
            header += "}"
            first = false
        }
        for name in contents.names {
            guard let t = contents.tensors[name] else { continue }
            let end = offset + t.count * 4
            header += (first ? "" : ",") + "\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}"
            first = false
            offset = end
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var data = Data(capacity: 8 + headerBytes.count + offset)
        var length = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(contentsOf: headerBytes)
        for name in contents.names {
            guard let t = contents.tensors[name] else { continue }
            var le = t.data.map { $0.bitPattern.littleEndian }
            le.withUnsafeMutableBytes { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Parses a safetensors buffer; `path` only names the source in errors.
    public static func decode(_ data: Data, path: String) throws -> Contents {
        func fail(_ reason: String) -> SequenceModelError { .invalidSafetensors(path: path, reason: reason) }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw fail("shorter than the 8-byte header length") }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(bytes.count - 8) else { throw fail("header length \(headerLength) exceeds the file size") }
        let dataStart = 8 + Int(headerLength)
        let headerData = Data(bytes[8..<dataStart])
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: headerData) } catch {
            throw fail("header is not valid JSON")
        }
        guard let dict = object as? [String: Any] else { throw fail("header is not a JSON object") }
        var metadata: [String: String] = [:]
        if let meta = dict["__metadata__"] {
            guard let m = meta as? [String: Any] else { throw fail("__metadata__ is not an object") }
            for (k, v) in m {
                guard let s = v as? String else { throw fail("__metadata__ value of \(k) is not a string") }
                metadata[k] = s
            }
        }
        var entries: [(name: String, begin: Int, tensor: Tensor)] = []
        let payload = bytes.count - dataStart
        for (name, value) in dict where name != "__metadata__" {
            guard let info = value as? [String: Any] else { throw fail("entry \(name) is not an object") }
            guard let dtype = info["dtype"] as? String else { throw fail("entry \(name) has no dtype") }
            guard dtype == "F32" else { throw fail("entry \(name) has dtype \(dtype); only F32 is supported") }
            guard let shapeAny = info["shape"] as? [Any], let offsetsAny = info["data_offsets"] as? [Any], offsetsAny.count == 2 else {
                throw fail("entry \(name) lacks shape or data_offsets")
            }
            let shape = try shapeAny.map { v -> Int in
                guard let n = (v as? NSNumber)?.intValue, n >= 0, n < 1 << 31 else { throw fail("entry \(name) has a bad shape") }
                return n
            }
            let offsets = try offsetsAny.map { v -> Int in
                guard let n = (v as? NSNumber)?.intValue, n >= 0 else { throw fail("entry \(name) has bad data_offsets") }
                return n
            }
            let (count, overflow) = shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            // Bytes too: dimensions below 2^31 can still make count * 4 overflow (fuzzing, issue #14).
            let (byteCount, byteOverflow) = count.multipliedReportingOverflow(by: 4)
            guard !overflow, !byteOverflow, offsets[1] >= offsets[0], offsets[1] <= payload, offsets[1] - offsets[0] == byteCount else {
                throw fail("entry \(name): data_offsets \(offsets) do not match shape \(shape) within \(payload) data bytes")
            }
            var values = [Float](repeating: 0, count: count)
            let base = dataStart + offsets[0]
            for i in 0..<count {
                let p = base + 4 * i
                let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                values[i] = Float(bitPattern: bits)
            }
            entries.append((name, offsets[0], Tensor(shape: shape, data: values)))
        }
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        var tensors: [String: Tensor] = [:]
        for e in entries { tensors[e.name] = e.tensor }
        return Contents(names: entries.map(\.name), tensors: tensors, metadata: metadata)
    }

    /// Writes every parameter of `store` (registration order) with `metadata`, atomically.
    public static func save(_ store: ParameterStore, metadata: [String: String], to path: String) throws {
        var tensors: [String: Tensor] = [:]
        for (n, t) in zip(store.names, store.tensors) { tensors[n] = t }
        let data = encode(Contents(names: store.names, tensors: tensors, metadata: metadata))
        try AtomicFileWriter.write(data, to: path)
    }

    /// Reads a file.
    public static func load(path: String) throws -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SequenceModelError.invalidSafetensors(path: path, reason: "cannot read the file")
        }
        return try decode(data, path: path)
    }

    /// Copies every parameter of `store` from `contents`; all names and shapes must match.
    public static func assign(_ contents: Contents, to store: ParameterStore, path: String) throws {
        for (i, name) in store.names.enumerated() {
            guard let t = contents.tensors[name] else {
                throw SequenceModelError.weightsMismatch(path: path, reason: "missing tensor \(name)")
            }
            guard t.shape == store.tensors[i].shape else {
                throw SequenceModelError.weightsMismatch(path: path, reason: "\(name) has shape \(t.shape), expected \(store.tensors[i].shape)")
            }
            store.setValue(i, t)
        }
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

import TracklineCore
enum AtomicFileWriter {
    static func write(_ data: Data, to path: String) throws { try AtomicFile.write(data, to: path) }
}
