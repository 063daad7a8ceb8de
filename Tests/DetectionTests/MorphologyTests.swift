import Testing
@testable import Detection

@Suite struct MorphologyTests {
    @Test func openingRemovesSpecksAndKeepsBlocks() {
        var m = BinaryMask(rows: [
            "#.......",
            "..###...",
            "..###..#",
            "..###...",
            "........",
        ])
        m.open(radius: 1)
        #expect(m == BinaryMask(rows: [
            "........",
            "..###...",
            "..###...",
            "..###...",
            "........",
        ]))
    }

    @Test func closingFillsGapsAndHoles() {
        var m = BinaryMask(rows: [
            "..........",
            "..........",
            "..###.##..",
            "..#.#.##..",
            "..###.##..",
            "..........",
            "..........",
        ])
        m.close(radius: 1)
        #expect(m == BinaryMask(rows: [
            "..........",
            "..........",
            "..######..",
            "..######..",
            "..######..",
            "..........",
            "..........",
        ]))
    }

    @Test func erosionTreatsOutsideAsForeground() {
        var m = BinaryMask(rows: ["###.", "###.", "###."])
        m.erode(radius: 1)
        #expect(m == BinaryMask(rows: ["##..", "##..", "##.."]))
    }

    @Test func dilationMatchesNaiveSquareFilter() {
        // Pseudo-random mask against a brute-force dilation/erosion with radius 2.
        var state: UInt32 = 12345
        var m = BinaryMask(width: 13, height: 9)
        for i in m.pixels.indices {
            state = state &* 1_103_515_245 &+ 12345
            m.pixels[i] = (state >> 16) % 5 == 0 ? 1 : 0
        }
        for dilate in [true, false] {
            var fast = m
            if dilate { fast.dilate(radius: 2) } else { fast.erode(radius: 2) }
            for y in 0..<m.height {
                for x in 0..<m.width {
                    var any = false, all = true
                    for dy in -2...2 {
                        for dx in -2...2 {
                            let xx = x + dx, yy = y + dy
                            let inside = xx >= 0 && yy >= 0 && xx < m.width && yy < m.height
                            let v = inside ? m[xx, yy] : !dilate
                            any = any || v
                            all = all && v
                        }
                    }
                    #expect(fast[x, y] == (dilate ? any : all), "dilate=\(dilate) at (\(x), \(y))")
                }
            }
        }
    }
}

@Suite struct ConnectedComponentTests {
    @Test func labelsEightConnectedRegions() {
        let m = BinaryMask(rows: [
            "##....#",
            "#....#.",
            "....#..",
            ".......",
            "###..##",
            "#.#..##",
            "###....",
        ])
        var cc = ConnectedComponents()
        cc.label(m)
        #expect(cc.components == [
            MaskComponent(minX: 0, minY: 0, maxX: 1, maxY: 1, area: 3),
            MaskComponent(minX: 4, minY: 0, maxX: 6, maxY: 2, area: 3),  // diagonal: one region
            MaskComponent(minX: 0, minY: 4, maxX: 2, maxY: 6, area: 8),  // ring
            MaskComponent(minX: 5, minY: 4, maxX: 6, maxY: 5, area: 4),
        ])
    }

    @Test func mergesUShapeNeedingUnion() {
        // Two arms meet only at the bottom: provisional labels must be unioned.
        let m = BinaryMask(rows: [
            "#...#.#",
            "#...#.#",
            "#####.#",
            "......#",
            "#######",
        ])
        var cc = ConnectedComponents()
        cc.label(m)
        #expect(cc.components.count == 2)
        #expect(cc.components[0] == MaskComponent(minX: 0, minY: 0, maxX: 4, maxY: 2, area: 9))
        #expect(cc.components[1] == MaskComponent(minX: 0, minY: 0, maxX: 6, maxY: 4, area: 11))
        // Reuse: a second call with an empty mask gives nothing.
        cc.label(BinaryMask(width: 7, height: 5))
        #expect(cc.components.isEmpty)
    }
}

@Suite struct BlobSplitterTests {
    @Test func cutsSideBySidePeopleAtTheValley() {
        // Two 3-wide "people" 8 tall joined by a one-cell bridge (arms) at mid height.
        let m = BinaryMask(rows: [
            ".###...###.",
            ".###...###.",
            ".###...###.",
            ".#########.",
            ".###...###.",
            ".###...###.",
            ".###....##.",
            ".###.......",
        ])
        var cc = ConnectedComponents()
        cc.label(m)
        #expect(cc.components.count == 1)
        var splitter = BlobSplitter(aspect: 0.55, valley: 0.5, minWidth: 0.15)
        var pieces: [MaskComponent] = []
        splitter.split(cc.components[0], of: m, into: &pieces)
        #expect(pieces == [
            MaskComponent(minX: 1, minY: 0, maxX: 3, maxY: 7, area: 24),
            MaskComponent(minX: 7, minY: 0, maxX: 9, maxY: 6, area: 20),
        ])
    }

    @Test func keepsUprightAndValleylessBlobsWhole() {
        var splitter = BlobSplitter(aspect: 0.55, valley: 0.5, minWidth: 0.15)
        var pieces: [MaskComponent] = []
        let upright = BinaryMask(rows: ["##", "##", "##", "##"])
        let wideSolid = BinaryMask(rows: ["########", "########", "########"])
        for m in [upright, wideSolid] {
            var cc = ConnectedComponents()
            cc.label(m)
            pieces.removeAll()
            splitter.split(cc.components[0], of: m, into: &pieces)
            #expect(pieces == cc.components)
        }
    }
}
