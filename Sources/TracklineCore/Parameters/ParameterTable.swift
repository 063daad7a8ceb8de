import Foundation

/// The parameters of one component, declared once: names, kinds, ranges, defaults and docs.
/// Everything else derives from it: parsing `name=value`, range errors, `--list-options`
/// listings and the reference tables in docs/.
public struct ParameterTable<Owner>: Sendable {
    /// The component's name in messages ("bytetrack", "seq2seq", ...).
    public let component: String
    public let parameters: [Parameter<Owner>]

    public init(_ component: String, _ parameters: [Parameter<Owner>]) {
        self.component = component
        self.parameters = parameters
    }

    public var names: [String] { parameters.map(\.name) }

    public subscript(name: String) -> Parameter<Owner>? { parameters.first { $0.name == name } }

    /// Parses `name=value` (value a decimal number; for flags also true/false/on/off).
    public func parse(_ assignment: String) throws(ParameterError) -> (name: String, value: Double) {
        let parts = assignment.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else { throw .malformed(assignment) }
        guard let p = self[parts[0]] else { throw .unknown(name: parts[0], component: component, known: names) }
        let text = parts[1]
        guard let value = Self.value(text) else { throw .malformed(assignment) }
        if !Self.isDecimal(text) && p.kind != .flag { throw .malformed(assignment) }
        if let problem = p.problem(value) { throw .outOfRange(problem) }
        return (p.name, value)
    }

    /// Applies `name=value` assignments (each checked) to `owner`, in order.
    public func apply(_ assignments: [(name: String, value: Double)], to owner: inout Owner) throws(ParameterError) {
        for (name, value) in assignments {
            guard let p = self[name] else { throw .unknown(name: name, component: component, known: names) }
            try p.set(value, in: &owner)
        }
    }

    /// Why `value` is not acceptable for `name`, or nil (also nil for an unknown name).
    public func problem(_ name: String, _ value: Double) -> String? { self[name]?.problem(value) }

    /// One line per parameter: name, kind and range, default, doc; for `--list-options`.
    public func listing(defaults: Owner) -> String {
        let width = (parameters.map(\.name.count).max() ?? 0) + 2
        return parameters.map { p in
            let name = p.name.padding(toLength: width, withPad: " ", startingAt: 0)
            return "  \(name)\(Self.kindText(p)); default \(Self.defaultText(p, defaults))\n"
                + String(repeating: " ", count: width + 2) + p.doc
        }.joined(separator: "\n") + "\n"
    }

    /// A Markdown reference table (name, type, range, default, description) for docs/.
    public func markdownTable(defaults: Owner) -> String {
        var out = "| name | type | range | default | description |\n|---|---|---|---|---|\n"
        for p in parameters {
            let range = p.kind == .flag ? "0, 1" : "\(Parameter<Owner>.text(p.range.lowerBound))...\(Parameter<Owner>.text(p.range.upperBound))"
            out += "| `\(p.name)` | \(p.kind.rawValue) | \(range) | \(Self.defaultText(p, defaults)) | \(p.doc) |\n"
        }
        return out
    }

    static func kindText(_ p: Parameter<Owner>) -> String {
        switch p.kind {
        case .flag: return "flag (0/1)"
        case .integer, .real:
            return "\(p.kind.rawValue) in \(Parameter<Owner>.text(p.range.lowerBound))...\(Parameter<Owner>.text(p.range.upperBound))"
        }
    }

    static func defaultText(_ p: Parameter<Owner>, _ defaults: Owner) -> String {
        if let v = p.value(in: defaults) { return Parameter<Owner>.text(v) }
        return p.automatic ?? "automatic"
    }

    /// A parameter value as users write it: a finite decimal number (no hexadecimal, inf or
    /// nan, which `Double(_:)` would take), or on/off, true/false, yes/no for 1 and 0.
    public static func value(_ text: String) -> Double? {
        switch text.lowercased() {
        case "true", "on", "yes": return 1
        case "false", "off", "no": return 0
        default:
            guard isDecimal(text), let v = Double(text), v.isFinite else { return nil }
            return v
        }
    }

    /// Decimal notation only (no hexadecimal, inf or nan, which `Double(_:)` would take).
    static func isDecimal(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 43 || $0 == 45 || $0 == 101 }
    }
}
