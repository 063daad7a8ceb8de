import Media
import TracklineCore

/// Turns the image under a box into a fixed-length appearance vector.
///
/// Vectors are L2-normalised (norm 1), so the dot product of two is their cosine similarity.
/// Boxes are in original-frame pixels (top-left corner plus size) and may reach outside the frame.
public protocol FeatureExtractor {
    /// Length of every vector this extractor writes.
    var dimension: Int { get }
    /// Writes the vector of `box` in `frame` to `output[0..<dimension]`.
    mutating func extract(box: BoundingBox, in frame: Frame, into output: UnsafeMutableBufferPointer<Float>) throws
}

extension FeatureExtractor {
    /// The vector of one box, as a new array.
    public mutating func feature(of box: BoundingBox, in frame: Frame) throws -> [Float] {
        var v = [Float](repeating: 0, count: dimension)
        try v.withUnsafeMutableBufferPointer { try extract(box: box, in: frame, into: $0) }
        return v
    }

    /// Sets `feature` of every detection from `frame`.
    public mutating func attach(to detections: inout [Detection], in frame: Frame) throws {
        for i in detections.indices {
            detections[i].feature = try feature(of: detections[i].box, in: frame)
        }
    }
}

/// Cosine similarity of two vectors of equal length (their dot product divided by both norms;
/// 0 when either is all zero or the lengths differ).
public func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count, !a.isEmpty else { return 0 }
    var dot: Float = 0, na: Float = 0, nb: Float = 0
    for i in a.indices {
        dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]
    }
    guard na > 0, nb > 0 else { return 0 }
    return dot / (na.squareRoot() * nb.squareRoot())
}
