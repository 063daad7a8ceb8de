/// A configuration whose settable parameters are declared in one `ParameterTable`; the
/// by-name API comes with it.
public protocol ParameterConfigurable {
    static var parameters: ParameterTable<Self> { get }
}

extension ParameterConfigurable {
    /// Parameter names accepted by `set(_:to:)`.
    public static var optionNames: [String] { parameters.names }

    /// Why `value` is not acceptable for the named parameter, or nil when it is (or the name is
    /// unknown).
    public static func problem(_ name: String, _ value: Double) -> String? { parameters.problem(name, value) }

    /// Sets one parameter by name after checking its range.
    public mutating func set(_ name: String, to value: Double) throws(ParameterError) {
        try Self.parameters.apply([(name, value)], to: &self)
    }
}
