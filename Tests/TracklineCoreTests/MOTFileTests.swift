import Foundation
import Testing
@testable import TracklineCore

@Suite struct MOTFileTests {
    @Test func parsesCommaAndWhitespaceSeparatedRows() throws {
        let text = """
        1,9,499,158,31.03,75.17,1,-4.1554,-7.3591,0
        2 3 10.5 20 5 6 0.25 -1 -1 -1

        3, 4, 1e1, 2.5E-1, 0, 7, 1, 1, 0.5, -1,
        4\t5\t1\t2\t3\t4

        """
        let f = try MOTFile.parse(text, path: "t.txt")
        #expect(f.rows.count == 4)
        #expect(f.rows[0] == MOTRow(frame: 1, id: 9, box: BoundingBox(x: 499, y: 158, width: 31.03, height: 75.17),
                                    confidence: 1, column8: -4.1554, column9: -7.3591, column10: 0, line: 1))
        #expect(f.rows[1].box == BoundingBox(x: 10.5, y: 20, width: 5, height: 6))
        #expect(f.rows[1].confidence == 0.25)
        #expect(f.rows[2].line == 4)
        #expect(f.rows[2].box.x == 10 && f.rows[2].box.y == 0.25)
        #expect(f.rows[2].classID == 1 && f.rows[2].visibility == 0.5)
        #expect(f.rows[3].confidence == 1 && f.rows[3].column8 == -1)
        #expect(f.minColumns == 6 && f.maxColumns == 10)
        #expect(f.frameRange == 1...4)
    }

    @Test func numbersMatchCorrectlyRoundedParsing() throws {
        let values = ["0.1", "649.441", "0.995474", "-4.1554", "123456789.123456789", "1e-30", "0.000000000000000000000001", "3.14159265358979323846"]
        let text = values.enumerated().map { "1,1,\($0.element),0,0,0,1" }.joined(separator: "\n")
        let f = try MOTFile.parse(text)
        for (i, v) in values.enumerated() { #expect(f.rows[i].box.x == Double(v)!) }
    }

    @Test func emptyFileHasNoRows() throws {
        let f = try MOTFile.parse("\n\n")
        #expect(f.rows.isEmpty && f.frameRange == nil && f.minColumns == 0)
    }

    @Test(arguments: [
        ("1,2,3,4,5", "t.txt:1: found 5 fields"),
        ("1,2,3,4,5,6\n1,2,x,4,5,6", "t.txt:2: field 3 (x) is 'x', not a number"),
        ("1,2,3,4,nan,6", "t.txt:1: field 5 (w) is 'nan'; NaN and infinite"),
        ("1,2,3,4,5,inf", "t.txt:1: field 6 (h) is 'inf'"),
        ("1,2,3,4,-5,6", "t.txt:1: field 5 (w) is -5.0; box sizes must not be negative"),
        ("1,2,3,4,5,-0.5", "t.txt:1: field 6 (h) is -0.5"),
        ("1.5,2,3,4,5,6", "t.txt:1: field 1 (frame) is '1.5', must be a whole number"),
        ("0,2,3,4,5,6", "t.txt:1: frame 0 is below 1"),
        ("1,,3,4,5,6", "t.txt:1: field 2 is empty"),
        ("1,2.5,3,4,5,6", "t.txt:1: field 2 (id) is '2.5'"),
    ])
    func rejectsMalformedRows(text: String, message: String) {
        do {
            _ = try MOTFile.parse(text, path: "t.txt")
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
        }
    }

    @Test func frameBeyondSequenceNamesTheLine() throws {
        let f = try MOTFile.parse("1,1,0,0,1,1\n5,1,0,0,1,1\n", path: "r.txt")
        try f.checkFrames(seqLength: 5)
        #expect(throws: MOTFileError.frameBeyondSequence(path: "r.txt", line: 2, frame: 5, seqLength: 4)) {
            try f.checkFrames(seqLength: 4)
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: MOTFileError.self) { try MOTFile.read(path: "/nonexistent/gt.txt") }
    }

    @Test func resultsWriterIsDeterministicAndRoundTrips() throws {
        let boxes = [
            TrackedBox(frame: 2, trackID: 1, box: BoundingBox(x: 1.005, y: -0.001, width: 10, height: 20.5), score: 0.5),
            TrackedBox(frame: 1, trackID: 7, box: BoundingBox(x: 649.441, y: 231.5, width: 44.417, height: 86.13), score: 0.995474),
            TrackedBox(frame: 1, trackID: 3, box: BoundingBox(x: 0, y: 0, width: 1, height: 1), score: 1),
        ]
        let text = MOTFile.resultsText(boxes)
        #expect(text == """
        1,3,0,0,1,1,1,-1,-1,-1
        1,7,649.44,231.5,44.42,86.13,0.995474,-1,-1,-1
        2,1,1,0,10,20.5,0.5,-1,-1,-1

        """ || text == """
        1,3,0,0,1,1,1,-1,-1,-1
        1,7,649.44,231.5,44.42,86.13,0.995474,-1,-1,-1
        2,1,1.01,0,10,20.5,0.5,-1,-1,-1

        """)
        let back = try MOTFile.parse(text)
        #expect(back.rows.map(\.id) == [3, 7, 1])
        #expect(back.rows[1].box.width == 44.42)
    }

    @Test func detectionWriterWritesMinusOneIDs() throws {
        let dets = [Detection(frame: 3, box: BoundingBox(x: 1, y: 2, width: 3, height: 4), score: 0.25),
                    Detection(frame: 1, box: BoundingBox(x: 5, y: 6, width: 7, height: 8), score: 0.75)]
        #expect(MOTFile.detectionsText(dets) == "1,-1,5,6,7,8,0.75,-1,-1,-1\n3,-1,1,2,3,4,0.25,-1,-1,-1\n")
        let back = try MOTFile.parse(MOTFile.detectionsText(dets)).detections
        #expect(back.map(\.frame) == [1, 3] && back[0].score == 0.75)
    }

    @Test func decimalFormatting() {
        #expect(MOTFile.formatDecimal(-0.001, decimals: 2) == "0")
        #expect(MOTFile.formatDecimal(-12.5, decimals: 2) == "-12.5")
        #expect(MOTFile.formatDecimal(0.05, decimals: 2) == "0.05")
        #expect(MOTFile.formatDecimal(100, decimals: 3) == "100")
        #expect(MOTFile.formatDecimal(1e20, decimals: 2) == "1e+20")
    }

    @Test func tracklineCSVRoundTrips() throws {
        let rows = [
            TracklineCSV.Row(frame: 2, time: 0.1, trackID: 4, box: BoundingBox(x: 1, y: 2, width: 3, height: 4), score: 0.9),
            TracklineCSV.Row(frame: 1, time: 0, trackID: 5, box: BoundingBox(x: 1.25, y: 2, width: 3, height: 4), score: 0.8),
        ]
        let text = TracklineCSV.text(rows)
        #expect(text == "frame,time_s,track_id,x,y,w,h,score\n1,0,5,1.25,2,3,4,0.8\n2,0.1,4,1,2,3,4,0.9\n")
        #expect(TracklineCSV.looksLikeTracklineCSV(Array(text.utf8)))
        let back = try TracklineCSV.parse(text)
        #expect(back.map(\.trackID) == [5, 4] && back[0].line == 2 && back[1].time == 0.1)
        #expect(TracklineCSV.motFile(back).rows[0].id == 5)
        #expect(try TracklineCSV.parse("frame,time_s,track_id,x,y,w,h,score\n").isEmpty)
    }

    @Test func tracklineCSVErrors() {
        #expect(throws: MOTFileError.badHeader(path: "c.csv", line: 1, found: "frame,id,x", expected: TracklineCSV.header)) {
            try TracklineCSV.parse("frame,id,x\n1,2,3", path: "c.csv")
        }
        #expect(throws: MOTFileError.tooFewFields(path: "c.csv", line: 3, found: 7, needed: 8)) {
            try TracklineCSV.parse("frame,time_s,track_id,x,y,w,h,score\n1,0,1,0,0,1,1,1\n2,0,1,0,0,1,1", path: "c.csv")
        }
    }

    @Test func seqInfoRoundTrips() throws {
        let text = """
        [Sequence]
        name=TUD-Campus
        imDir=img1
        frameRate=25
        seqLength=71
        imWidth=640
        imHeight=480
        imExt=.jpg
        """
        let info = try SeqInfo.parse(text, path: "seqinfo.ini")
        #expect(info == SeqInfo(name: "TUD-Campus", frameRate: 25, seqLength: 71, imWidth: 640, imHeight: 480))
        #expect(try SeqInfo.parse(info.iniText) == info)
        #expect(throws: MOTFileError.missingKey(path: "s.ini", key: "seqLength")) {
            try SeqInfo.parse("[Sequence]\nframeRate=7\nimWidth=1\nimHeight=1", path: "s.ini")
        }
        #expect(throws: MOTFileError.badValue(path: "s.ini", line: 2, key: "seqLength", text: "abc")) {
            try SeqInfo.parse("[Sequence]\nseqLength=abc\nframeRate=7\nimWidth=1\nimHeight=1", path: "s.ini")
        }
    }
}

@Suite struct MOTFileStrictnessTests {
    @Test(arguments: ["0x10", "0X1p3", "inf", "-Infinity", "nan", "1e", "--1"])
    func onlyDecimalNumbersAreRead(field: String) {
        #expect(throws: MOTFileError.self) { try MOTFile.parse("1,-1,\(field),2,3,4,0.9\n", path: "d.txt") }
    }

    @Test func aLastRowCutShortIsAnError() throws {
        #expect(throws: MOTFileError.truncatedRow(path: "d.txt", line: 2, found: 6, expected: 10)) {
            try MOTFile.parse("1,-1,1,2,3,4,0.9,-1,-1,-1\n2,-1,1,2,3,4", path: "d.txt")
        }
        // With its newline the short row is a complete row in a MOT15-style file.
        #expect(try MOTFile.parse("1,-1,1,2,3,4,0.9,-1,-1,-1\n2,-1,1,2,3,4\n").rows.count == 2)
        // Rows that all look alike are fine without a final newline.
        #expect(try MOTFile.parse("1,-1,1,2,3,4,0.9\n2,-1,1,2,3,4,0.8").rows.count == 2)
    }
}
