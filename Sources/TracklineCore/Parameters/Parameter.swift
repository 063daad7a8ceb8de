/// One tunable number of a component (a tracker, a detector, the output filter): its name as
/// `--tracker-option name=value` takes it (snake_case), its kind and range, its default and a
/// one-line doc. Components declare their parameters once, in a `ParameterTable`; parsing,
/// range errors, listings and the documentation tables all come from that declaration.
public struct Parameter<Owner>: Sendable {
    public enum Kind: String, Sendable {
        /// Any number in the range.
        case real
        /// A whole number in the range.
        case integer
        /// 0 (off) or 1 (on).
        case flag
    }

    public let name: String
    public let kind: Kind
    /// Accepted values (inclusive).
    public let range: ClosedRange<Double>
    /// What it does, its unit and why the default, in one line.
    public let doc: String
    /// What the default means when the value is not a fixed number (e.g. "the model's"); nil
    /// when the default is `get` of a default-constructed owner.
    public let automatic: String?
    private let getter: @Sendable (Owner) -> Double?
    private let setter: @Sendable (inout Owner, Double) -> Void

    public init(_ name: String, _ kind: Kind = .real, in range: ClosedRange<Double>, doc: String,
                automatic: String? = nil,
                get: @escaping @Sendable (Owner) -> Double?, set: @escaping @Sendable (inout Owner, Double) -> Void) {
        self.name = name
        self.kind = kind
        self.range = kind == .flag ? 0...1 : range
        self.doc = doc
        self.automatic = automatic
        self.getter = get
        self.setter = set
    }

    /// The current value in `owner` (nil when it is automatic). A value stored as a 32-bit
    /// float comes back as the shortest decimal that gives that float (0.1, not
    /// 0.10000000149011612), so listings and run files read as the user wrote them.
    public func value(in owner: Owner) -> Double? { getter(owner).map(Self.shortest) }

    static func shortest(_ v: Double) -> Double {
        let f = Float(v)
        guard f.isFinite, Double(f) == v, let d = Double(String(f)) else { return v }
        return d
    }

    /// Why `value` is not acceptable, or nil when it is.
    public func problem(_ value: Double) -> String? {
        guard value.isFinite else { return "\(name) must be a finite number, not \(value)" }
        switch kind {
        case .flag:
            if value != 0 && value != 1 { return "\(name) must be 0 (off) or 1 (on), not \(Self.text(value))" }
        case .integer:
            if value.rounded() != value || !range.contains(value) {
                return "\(name) must be a whole number in \(Self.text(range.lowerBound))...\(Self.text(range.upperBound)), not \(Self.text(value))"
            }
        case .real:
            if !range.contains(value) {
                return "\(name) must be in \(Self.text(range.lowerBound))...\(Self.text(range.upperBound)), not \(Self.text(value))"
            }
        }
        return nil
    }

    /// Sets the value after checking it.
    public func set(_ value: Double, in owner: inout Owner) throws(ParameterError) {
        if let p = problem(value) { throw .outOfRange(p) }
        setter(&owner, value)
    }

    /// A number as a user would write it: `0.5`, `30`, `1e+06`.
    static func text(_ v: Double) -> String {
        if v.rounded() == v && abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}

/// A `--tracker-option` (or similar) that cannot be applied.
public enum ParameterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not `name=number`.
    case malformed(String)
    /// The component has no parameter of that name.
    case unknown(name: String, component: String, known: [String])
    /// The value is outside the parameter's range (the message says which range).
    case outOfRange(String)

    public var description: String {
        switch self {
        case let .malformed(text):
            return "'\(text)' must look like name=number"
        case let .unknown(name, component, known):
            if known.isEmpty { return "\(component) takes no options (got '\(name)')" }
            return "\(component) has no parameter '\(name)'; known: \(known.joined(separator: ", "))"
        case let .outOfRange(message):
            return message
        }
    }
}
