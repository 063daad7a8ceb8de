import Foundation
import TracklineCore

/// A folder of images read as one video: its image files in natural sort order (`2.png` before
/// `10.png`), handed to FFmpeg's image2 demuxer as a numbered sequence of links in a private
/// temporary folder (removed when the reader goes). Frame k is the k-th image.
final class ImageFolder {
    /// Extensions read, lowercased; `jpg` and `jpeg` are one format, as are `tif` and `tiff`.
    static let extensions: [String: String] = [
        "jpg": "jpg", "jpeg": "jpg", "png": "png", "bmp": "bmp", "tif": "tif", "tiff": "tif",
        "webp": "webp", "pgm": "pgm", "ppm": "ppm",
    ]

    /// The folder as given.
    let folder: String
    /// Image files in natural order (full paths).
    let images: [String]
    /// The temporary folder of links, and the image2 pattern inside it.
    let linkFolder: String
    let pattern: String

    /// Lists `folder` (no subfolders, hidden files skipped) and links its images. Throws
    /// `MediaError.noImages`, `.mixedImageFormats`, `.notReadable`.
    init(_ folder: String) throws {
        self.folder = folder
        let fm = FileManager.default
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: folder) } catch {
            throw MediaError.notReadable(path: folder)
        }
        var byFormat: [String: [String]] = [:]
        for name in names where !name.hasPrefix(".") {
            let ext = (name as NSString).pathExtension.lowercased()
            guard let format = Self.extensions[ext] else { continue }
            byFormat[format, default: []].append(name)
        }
        guard !byFormat.isEmpty else { throw MediaError.noImages(path: folder) }
        if byFormat.count > 1 { throw MediaError.mixedImageFormats(path: folder, extensions: byFormat.keys.sorted()) }
        let (format, files) = byFormat.first!
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        images = NaturalOrder.sorted(files).map { base + $0 }
        let absolute = images.map { $0.hasPrefix("/") ? $0 : fm.currentDirectoryPath + "/" + $0 }
        linkFolder = fm.temporaryDirectory.appendingPathComponent("trackline-images-\(getpid())-\(UUID().uuidString.prefix(8))").path
        pattern = linkFolder + "/%09d." + format
        do {
            try fm.createDirectory(atPath: linkFolder, withIntermediateDirectories: true)
            for (k, target) in absolute.enumerated() {
                try fm.createSymbolicLink(atPath: linkFolder + "/" + String(format: "%09d.", k + 1) + format, withDestinationPath: target)
            }
        } catch {
            try? fm.removeItem(atPath: linkFolder)
            throw MediaError.invalidArgument("\(folder): cannot prepare the image sequence in \(linkFolder) (\(FileIdentity.reason(error)))")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: linkFolder) }
}
