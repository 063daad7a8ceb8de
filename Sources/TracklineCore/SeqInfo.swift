import Foundation

/// A MOTChallenge `seqinfo.ini`: the `[Sequence]` section naming a sequence and its size.
public struct SeqInfo: Sendable, Equatable {
    public var name: String
    /// Frames per second.
    public var frameRate: Double
    /// Number of frames; valid frame numbers are 1...seqLength.
    public var seqLength: Int
    /// Image size in pixels.
    public var imWidth: Int
    public var imHeight: Int
    /// Image folder and extension (MOTChallenge: `img1`, `.jpg`).
    public var imDir: String
    public var imExt: String

    public init(name: String, frameRate: Double, seqLength: Int, imWidth: Int, imHeight: Int,
                imDir: String = "img1", imExt: String = ".jpg") {
        self.name = name
        self.frameRate = frameRate
        self.seqLength = seqLength
        self.imWidth = imWidth
        self.imHeight = imHeight
        self.imDir = imDir
        self.imExt = imExt
    }

    /// Reads `seqinfo.ini` at `path`.
    public static func read(path: String) throws -> SeqInfo {
        let bytes = try MOTFile.readBytes(path: path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        return try parse(String(decoding: bytes, as: UTF8.self), path: path, defaultName: folder)
    }

    /// Reads only `seqLength` from `seqinfo.ini` at `path`: all that evaluation needs, so a file
    /// with a missing or zero image size or frame rate can still be scored.
    public static func readSeqLength(path: String) throws -> Int {
        let bytes = try MOTFile.readBytes(path: path)
        return try parseSeqLength(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses only `seqLength` from ini text (see `readSeqLength`).
    public static func parseSeqLength(_ text: String, path: String = "<memory>") throws -> Int {
        try seqLength(keyValues(text), path: path)
    }

    /// Parses ini text. Keys are read from the `[Sequence]` section (or from anywhere when the
    /// file has no sections); `seqLength`, `frameRate`, `imWidth` and `imHeight` are required,
    /// `name` defaults to `defaultName`. `seqLength` may be at most `MOTFile.maxFrame`.
    public static func parse(_ text: String, path: String = "<memory>", defaultName: String = "") throws -> SeqInfo {
        let values = keyValues(text)
        let rate = try required(values, "frameRate", path: path)
        guard let frameRate = Double(rate.text), frameRate.isFinite, frameRate > 0 else {
            throw MOTFileError.badValue(path: path, line: rate.line, key: "frameRate", text: MOTScanner.printable(rate.text))
        }
        return SeqInfo(
            name: values["name"]?.text ?? defaultName,
            frameRate: frameRate,
            seqLength: try seqLength(values, path: path),
            imWidth: try positiveInt(values, "imWidth", path: path),
            imHeight: try positiveInt(values, "imHeight", path: path),
            imDir: values["imdir"]?.text ?? "img1",
            imExt: values["imext"]?.text ?? ".jpg")
    }

    private typealias Values = [String: (line: Int, text: String)]

    /// The `[Sequence]` keys (lowercased) with their 1-based line and value text.
    private static func keyValues(_ text: String) -> Values {
        var values: Values = [:]
        var section: String? = nil
        var lineNumber = 0
        // Lines may end in "\n" or "\r\n" (one Character in Swift, so never split on "\n" alone).
        let body = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        for raw in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix(";") || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                section = String(line.dropFirst().prefix { $0 != "]" }).lowercased()
                continue
            }
            guard section == nil || section == "sequence",
                  let eq = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            values[key] = (lineNumber, value)
        }
        return values
    }

    private static func required(_ values: Values, _ key: String, path: String) throws -> (line: Int, text: String) {
        guard let v = values[key.lowercased()] else { throw MOTFileError.missingKey(path: path, key: key) }
        return v
    }

    private static func positiveInt(_ values: Values, _ key: String, path: String) throws -> Int {
        let v = try required(values, key, path: path)
        guard let d = Double(v.text), d.isFinite, d >= 1, d < 1e12, d.rounded() == d else {
            throw MOTFileError.badValue(path: path, line: v.line, key: key, text: MOTScanner.printable(v.text))
        }
        return Int(d)
    }

    private static func seqLength(_ values: Values, path: String) throws -> Int {
        let v = try required(values, "seqLength", path: path)
        if let d = Double(v.text), d.isFinite, d.rounded() == d, d > Double(MOTFile.maxFrame) {
            throw MOTFileError.seqLengthBeyondLimit(path: path, line: v.line, text: MOTScanner.printable(v.text), limit: MOTFile.maxFrame)
        }
        return try positiveInt(values, "seqLength", path: path)
    }

    /// The ini text MOTChallenge tools expect.
    public var iniText: String {
        let rate = frameRate.rounded() == frameRate && frameRate.magnitude < 1e9 ? String(Int(frameRate)) : "\(frameRate)"
        return """
        [Sequence]
        name=\(name)
        imDir=\(imDir)
        frameRate=\(rate)
        seqLength=\(seqLength)
        imWidth=\(imWidth)
        imHeight=\(imHeight)
        imExt=\(imExt)

        """
    }

    /// Writes `iniText` to `path`, whole or not at all.
    public func write(to path: String) throws(OutputError) {
        try AtomicFile.write(iniText, to: path)
    }

    /// The `seqinfo.ini` for a file in MOTChallenge layout: in the file's own folder or its
    /// parent (`<SEQ>/det/det.txt`, `<SEQ>/gt/gt.txt`), or nil when there is none.
    public static func locate(near filePath: String) -> String? {
        let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let p = candidate.appendingPathComponent("seqinfo.ini").path
            if FileManager.default.fileExists(atPath: p) { return p }
        }
        return nil
    }
}
