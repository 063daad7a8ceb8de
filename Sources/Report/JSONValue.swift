/// Any JSON value, for reading run files whose keys the report does not know in advance.
enum JSONValue: Decodable, Sendable {
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    subscript(_ key: String) -> JSONValue? {
        if case let .object(o) = self { return o[key] }
        return nil
    }

    var string: String? { if case let .string(s) = self { return s }; return nil }
    var double: Double? { if case let .number(d) = self { return d }; return nil }
    var int: Int? { double.flatMap { $0.isFinite && abs($0) < 1e15 ? Int($0) : nil } }
    var array: [JSONValue] { if case let .array(a) = self { return a }; return [] }
    var object: [String: JSONValue]? { if case let .object(o) = self { return o }; return nil }

    /// The value as the report prints it: numbers without a needless `.0`, lists joined by commas.
    var text: String {
        switch self {
        case let .bool(b): return b ? "true" : "false"
        case let .number(d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case let .string(s): return s
        case let .array(a): return a.map(\.text).joined(separator: ", ")
        case let .object(o): return o.keys.sorted().map { "\($0): \(o[$0]!.text)" }.joined(separator: ", ")
        case .null: return ""
        }
    }
}
