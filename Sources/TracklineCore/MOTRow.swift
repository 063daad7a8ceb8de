/// One row of a MOTChallenge text file: `frame,id,x,y,w,h,conf,c8,c9,c10`.
///
/// Frames are 1-based; boxes are top-left corner plus size in pixels. The meaning of the later
/// columns depends on the file:
/// - results: `conf` is the track score, columns 8-10 are -1;
/// - det.txt: `id` is -1, `conf` the detector score;
/// - MOT15 ground truth: `conf` is the consider flag (0 = ignored), columns 8-10 world coordinates;
/// - MOT16/17/20 ground truth: `conf` is the zero_marked flag (0 = ignored), column 8 the class,
///   column 9 the visibility ratio.
public struct MOTRow: Sendable, Equatable {
    /// 1-based frame number.
    public var frame: Int
    /// Object or track identity (-1 in detection files).
    public var id: Int
    /// Box in pixels, top-left corner plus size.
    public var box: BoundingBox
    /// Column 7: score in results and detections, consider / zero_marked flag in ground truth.
    public var confidence: Double
    /// Columns 8, 9 and 10 as read; -1 when the file has fewer columns.
    public var column8: Double
    public var column9: Double
    public var column10: Double
    /// 1-based line in the source file, for error messages; 0 for rows made in memory.
    public var line: Int

    public init(frame: Int, id: Int, box: BoundingBox, confidence: Double = 1,
                column8: Double = -1, column9: Double = -1, column10: Double = -1, line: Int = 0) {
        self.frame = frame
        self.id = id
        self.box = box
        self.confidence = confidence
        self.column8 = column8
        self.column9 = column9
        self.column10 = column10
        self.line = line
    }

    /// Column 8 truncated to an integer, as TrackEval reads the class (MOT16/17/20 ground truth).
    public var classID: Int {
        column8.magnitude < 1e15 ? Int(column8) : -1
    }

    /// Column 9: the visible fraction of the object in MOT16/17/20 ground truth.
    public var visibility: Double { column9 }
}
