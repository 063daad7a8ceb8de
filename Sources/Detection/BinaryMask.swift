/// A binary image, one byte per pixel (0 = background, 1 = foreground), row-major, top row first,
/// with the scratch space its morphology needs, so repeated use allocates nothing.
public struct BinaryMask: Sendable, Equatable {
    /// Width in mask pixels.
    public let width: Int
    /// Height in mask pixels.
    public let height: Int
    /// `width * height` values, each 0 or 1; pixel (x, y) is at `y * width + x`.
    public var pixels: [UInt8]
    private var scratch: [UInt8]

    /// An all-background mask.
    public init(width: Int, height: Int) {
        precondition(width >= 0 && height >= 0, "mask size must not be negative")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height)
        scratch = pixels
    }

    /// A mask from rows of text: `#` or `1` is foreground, anything else background.
    /// Rows shorter than the longest are padded with background.
    public init(rows: [String]) {
        let w = rows.map(\.count).max() ?? 0
        self.init(width: w, height: rows.count)
        for (y, row) in rows.enumerated() {
            for (x, ch) in row.enumerated() where ch == "#" || ch == "1" { pixels[y * w + x] = 1 }
        }
    }

    /// Foreground test for pixel (x, y); false outside the mask.
    public subscript(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height else { return false }
        return pixels[y * width + x] != 0
    }

    /// Number of foreground pixels.
    public var count: Int { pixels.reduce(0) { $0 + Int($1) } }

    /// Erosion by a `(2r+1) x (2r+1)` square. Pixels outside the mask count as foreground, so
    /// an object touching the border does not shrink from that side.
    public mutating func erode(radius r: Int) {
        guard r > 0 else { return }
        filter(radius: r, dilate: false)
    }

    /// Dilation by a `(2r+1) x (2r+1)` square. Pixels outside the mask count as background.
    public mutating func dilate(radius r: Int) {
        guard r > 0 else { return }
        filter(radius: r, dilate: true)
    }

    /// Opening (erode, then dilate): removes specks smaller than the square.
    public mutating func open(radius r: Int) {
        erode(radius: r)
        dilate(radius: r)
    }

    /// Closing (dilate, then erode): fills gaps and holes narrower than the square.
    public mutating func close(radius r: Int) {
        dilate(radius: r)
        erode(radius: r)
    }

    /// Square structuring elements are separable: a 1-D pass along rows into `scratch`, then one
    /// along columns back into `pixels`. Each pass keeps a running count of foreground pixels in
    /// the window, so the cost does not depend on the radius.
    private mutating func filter(radius r: Int, dilate: Bool) {
        let w = width, h = height
        guard w > 0, h > 0 else { return }
        let window = 2 * r + 1
        // Outside pixels: 0 for dilation, 1 for erosion.
        let outside = dilate ? 0 : 1
        pixels.withUnsafeMutableBufferPointer { src in
            scratch.withUnsafeMutableBufferPointer { tmp in
                // Rows: src -> tmp.
                for y in 0..<h {
                    let row = y * w
                    var ones = outside * r  // window centred at x = 0 covers -r...r
                    for x in 0...min(r, w - 1) { ones += Int(src[row + x]) }
                    if r > w - 1 { ones += outside * (r - (w - 1)) }
                    for x in 0..<w {
                        tmp[row + x] = dilate ? (ones > 0 ? 1 : 0) : (ones == window ? 1 : 0)
                        let leaving = x - r, entering = x + r + 1
                        ones -= leaving >= 0 ? Int(src[row + leaving]) : outside
                        ones += entering < w ? Int(src[row + entering]) : outside
                    }
                }
                // Columns: tmp -> src.
                for x in 0..<w {
                    var ones = outside * r
                    for y in 0...min(r, h - 1) { ones += Int(tmp[y * w + x]) }
                    if r > h - 1 { ones += outside * (r - (h - 1)) }
                    for y in 0..<h {
                        src[y * w + x] = dilate ? (ones > 0 ? 1 : 0) : (ones == window ? 1 : 0)
                        let leaving = y - r, entering = y + r + 1
                        ones -= leaving >= 0 ? Int(tmp[leaving * w + x]) : outside
                        ones += entering < h ? Int(tmp[entering * w + x]) : outside
                    }
                }
            }
        }
    }

    public static func == (a: BinaryMask, b: BinaryMask) -> Bool {
        a.width == b.width && a.height == b.height && a.pixels == b.pixels
    }
}
