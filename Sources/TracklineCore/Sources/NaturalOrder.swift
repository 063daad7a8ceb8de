/// Natural sort order for file names: runs of digits compare as numbers (`img2.png` before
/// `img10.png`), everything else character by character; equal numbers with different zero
/// padding fall back to plain string order so the order is total.
public enum NaturalOrder {
    /// True when `a` sorts before `b`.
    public static func less(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var i = 0, j = 0
        while i < x.count && j < y.count {
            if isDigit(x[i]) && isDigit(y[j]) {
                var i2 = i, j2 = j
                while i2 < x.count && isDigit(x[i2]) { i2 += 1 }
                while j2 < y.count && isDigit(y[j2]) { j2 += 1 }
                // Compare digit runs as numbers without overflow: strip leading zeros, then by
                // length, then digit by digit.
                let p = x[i..<i2].drop { $0 == "0" }, q = y[j..<j2].drop { $0 == "0" }
                if p.count != q.count { return p.count < q.count }
                for (u, v) in zip(p, q) where u != v { return u.value < v.value }
                i = i2; j = j2
                continue
            }
            if x[i] != y[j] { return x[i].value < y[j].value }
            i += 1; j += 1
        }
        if x.count - i != y.count - j { return x.count - i < y.count - j }
        return a < b
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    /// `names` in natural order.
    public static func sorted(_ names: [String]) -> [String] { names.sorted(by: less) }
}
