import TracklineCore

/// The trackers `trackline track --tracker NAME` knows, and how to build them. Adding a tracker
/// is one entry in `kinds`: its name, a line of description, its parameter table and a builder.
public enum TrackerFactory {
    /// Options every tracker may use; each ignores what it does not need.
    public struct Options: Sendable {
        /// Frames per second of the source; scales time-based budgets (ByteTrack's buffer).
        public var frameRate: Double
        /// Use `Detection.feature` (when non-empty) in the association cost.
        public var appearance: Bool
        /// Tracker parameters by name (the tracker's `ParameterTable`), applied in table order.
        public var parameters: [String: Double]
        /// Weights file of learned trackers (seq2seq); nil = the committed default.
        public var model: String?
        public init(frameRate: Double = 30, appearance: Bool = true, parameters: [String: Double] = [:], model: String? = nil) {
            self.frameRate = frameRate
            self.appearance = appearance
            self.parameters = parameters
            self.model = model
        }
    }

    /// One tracker: name, description, parameters and builder.
    public struct Kind: Sendable {
        public let name: String
        public let summary: String
        /// Parameter names in table order.
        public let parameterNames: [String]
        private let problemOf: @Sendable (String, Double) -> String?
        private let parser: @Sendable (String) throws(ParameterError) -> (name: String, value: Double)
        private let listingText: @Sendable () -> String
        private let markdownText: @Sendable () -> String
        private let builder: @Sendable (Options) throws -> any Tracker
        private let valuesOf: @Sendable (Options) throws -> [String: Double]

        /// A tracker whose configuration `Config` is set from `table`; `make` gets the
        /// configuration with the options' parameters applied.
        public init<Config>(_ name: String, summary: String, parameters table: ParameterTable<Config>,
                            defaults: @escaping @Sendable (Options) -> Config,
                            make: @escaping @Sendable (Config, Options) throws -> any Tracker) {
            self.name = name
            self.summary = summary
            parameterNames = table.names
            problemOf = { table.problem($0, $1) }
            parser = { (text: String) throws(ParameterError) in try table.parse(text) }
            listingText = { table.listing(defaults: defaults(Options())) }
            markdownText = { table.markdownTable(defaults: defaults(Options())) }
            let configure: @Sendable (Options) throws -> Config = { options in
                var config = defaults(options)
                for p in table.parameters {
                    if let v = options.parameters[p.name] { try p.set(v, in: &config) }
                }
                if let unknown = options.parameters.keys.sorted().first(where: { table[$0] == nil }) {
                    throw ParameterError.unknown(name: unknown, component: name, known: table.names)
                }
                return config
            }
            builder = { options in try make(try configure(options), options) }
            valuesOf = { options in
                let config = try configure(options)
                var out: [String: Double] = [:]
                for p in table.parameters { if let v = p.value(in: config) { out[p.name] = v } }
                return out
            }
        }

        /// Parses and checks one `name=value` assignment.
        public func parse(_ assignment: String) throws(ParameterError) -> (name: String, value: Double) { try parser(assignment) }
        /// Why `value` is out of range for the named parameter (nil when fine or unknown).
        public func problem(_ parameter: String, _ value: Double) -> String? { problemOf(parameter, value) }
        /// The parameters, one per line with kind, range, default and doc (`--list-options`).
        public var listing: String { listingText() }
        /// The parameters as a Markdown table (docs/).
        public var markdownTable: String { markdownText() }
        /// Every parameter's value with `options` applied (automatic ones left out): what a run
        /// file records.
        public func parameterValues(_ options: Options) throws -> [String: Double] { try valuesOf(options) }
        /// A fresh tracker; throws for bad parameters or weights that cannot be loaded.
        public func make(_ options: Options) throws -> any Tracker { try builder(options) }
    }

    /// Every tracker, in the order the CLI lists them; the first is the default.
    public static let kinds: [Kind] = [
        Kind("seq2seq", summary: "learned association (encoder-decoder over each track's history), tracklet linking",
             parameters: Seq2SeqTracker.Configuration.parameters,
             defaults: { Seq2SeqTracker.Configuration(frameRate: $0.frameRate, useAppearance: $0.appearance) },
             make: { config, options in
                 try Seq2SeqTracker.load(path: options.model, configuration: config, appearance: options.appearance)
             }),
        Kind("bytetrack", summary: "ByteTrack: IoU association in two stages by score (Zhang et al. 2022)",
             parameters: ByteTrack.Configuration.parameters,
             defaults: { ByteTrack.Configuration(frameRate: $0.frameRate, useAppearance: $0.appearance) },
             make: { config, _ in ByteTrack(config) }),
        Kind("sort", summary: "SORT: Kalman filter and IoU assignment (Bewley et al. 2016)",
             parameters: SORT.parameters, defaults: { _ in SORT() }, make: { sort, _ in sort }),
    ]

    public static var names: [String] { kinds.map(\.name) }

    /// The tracker of that name (case-insensitive), or nil.
    public static func kind(_ name: String) -> Kind? { kinds.first { $0.name == name.lowercased() } }

    /// Parameter names each tracker accepts in `Options.parameters`.
    public static func parameterNames(_ name: String) -> [String] { kind(name)?.parameterNames ?? [] }

    /// Why `value` is out of range for the tracker's named parameter, or nil when it is fine.
    public static func parameterProblem(_ tracker: String, _ name: String, _ value: Double) -> String? {
        kind(tracker)?.problem(name, value)
    }

    /// A fresh tracker by name; nil for an unknown name. Throws for bad parameters or weights.
    public static func make(_ name: String, options: Options = Options()) throws -> (any Tracker)? {
        try kind(name)?.make(options)
    }
}
