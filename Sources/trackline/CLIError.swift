/// An error about input contents (files, models, option values) rather than flag usage:
/// ArgumentParser prints it as "Error: <message>" and exits 1, without the usage text that
/// `ValidationError` adds. Keep `ValidationError` for bad flag combinations.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
