import Foundation
import Testing
@testable import TracklineCore

/// Inputs that used to abort the process or give misleading errors.
@Suite struct ReaderRobustnessTests {
    private func message(_ body: () throws -> Void) -> String {
        do { try body(); return "accepted" } catch { return "\(error)" }
    }

    @Test func framesBeyondTheSharedLimitAreRejectedNotAllocated() throws {
        let mot = message { _ = try MOTFile.parse("1,1,0,0,5,5\n9999999999,1,10,10,50,100,1,-1,-1,-1", path: "gt.txt") }
        #expect(mot.hasPrefix("gt.txt:2: field 1 (frame): frame 9999999999 is beyond the supported 10,000,000"), "\(mot)")
        let huge = message { _ = try MOTFile.parse("1e300,1,0,0,5,5", path: "gt.txt") }
        #expect(huge.contains("is beyond the supported 10,000,000"), "\(huge)")
        let csv = message {
            _ = try TracklineCSV.parse("frame,time_s,track_id,x,y,w,h,score\n10000001,0,1,0,0,1,1,1", path: "r.csv")
        }
        #expect(csv.hasPrefix("r.csv:2: field 1 (frame): frame 10000001 is beyond"), "\(csv)")
        #expect(try MOTFile.parse("\(MOTFile.maxFrame),1,0,0,5,5").rows[0].frame == 10_000_000)
    }

    @Test func seqLengthBeyondTheLimitIsRejected() throws {
        let ini = "[Sequence]\nframeRate=25\nseqLength=10000000000\nimWidth=1\nimHeight=1"
        #expect(throws: MOTFileError.seqLengthBeyondLimit(path: "s.ini", line: 3, text: "10000000000", limit: MOTFile.maxFrame)) {
            try SeqInfo.parse(ini, path: "s.ini")
        }
        #expect(throws: MOTFileError.self) { try SeqInfo.parseSeqLength(ini) }
        #expect(message { _ = try SeqInfo.parse(ini, path: "s.ini") }.contains("seqLength 10000000000 is beyond the supported 10,000,000 frames"))
        #expect(try SeqInfo.parseSeqLength("seqLength=10000000") == MOTFile.maxFrame)
    }

    @Test func seqInfoWithCRLFAndByteOrderMarkParses() throws {
        let text = "\u{FEFF}[Sequence]\r\nname=A\r\nframeRate=25\r\nseqLength=71\r\nimWidth=640\r\nimHeight=480\r\n"
        #expect(try SeqInfo.parse(text) == SeqInfo(name: "A", frameRate: 25, seqLength: 71, imWidth: 640, imHeight: 480))
        // Line numbers still count CRLF lines one each.
        #expect(throws: MOTFileError.badValue(path: "s.ini", line: 3, key: "seqLength", text: "x")) {
            try SeqInfo.parse("[Sequence]\r\nframeRate=25\r\nseqLength=x\r\nimWidth=1\r\nimHeight=1", path: "s.ini")
        }
    }

    @Test func seqLengthAloneIsEnoughForEvaluation() throws {
        #expect(try SeqInfo.parseSeqLength("[Sequence]\nimWidth=0\nseqLength=71\n") == 71)
        #expect(try SeqInfo.parseSeqLength("[Sequence]\nseqLength=5") == 5)
        #expect(throws: MOTFileError.missingKey(path: "s.ini", key: "seqLength")) {
            try SeqInfo.parseSeqLength("[Sequence]\nimWidth=3", path: "s.ini")
        }
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let f = try MOTFile.parse(bom + Array("1,2,3,4,5,6,0.5\n2,2,3,4,5,6\n".utf8), path: "det.txt")
        #expect(f.rows.map(\.frame) == [1, 2] && f.rows[0].confidence == 0.5 && f.rows[1].line == 2)
        let csv = try TracklineCSV.parse(bom + Array("frame,time_s,track_id,x,y,w,h,score\n1,0,1,0,0,1,1,1\n".utf8))
        #expect(csv.count == 1)
        // Only at the start of the file: elsewhere it is still not a number.
        let inner = message { _ = try MOTFile.parse(Array("1,2,3,4,5,6\n".utf8) + bom + Array("2,2,3,4,5,6".utf8), path: "d.txt") }
        #expect(inner == "d.txt:2: field 1 (frame) is '\\u{FEFF}2', not a number", "\(inner)")
    }

    @Test func invisibleCharactersAreEscapedInMessages() {
        let nul = message { _ = try MOTFile.parse("1,2,3\u{0}4,4,5,6", path: "d.txt") }
        #expect(nul == "d.txt:1: field 3 (x) is '3\\u{0}4', not a number", "\(nul)")
        let header = message { _ = try TracklineCSV.parse("frame,time_s,track\u{7}\n", path: "c.csv") }
        #expect(header.contains("'frame,time_s,track\\u{7}'"), "\(header)")
        #expect(MOTScanner.printable("a b\u{1B}é") == "a b\\u{1B}é")
    }

    @Test func scoresBeyondFloatRangeAreRejected() throws {
        let det = message { _ = try MOTFile.parse("1,-1,0,0,5,5,1e308,-1,-1,-1", path: "det.txt") }
        #expect(det == "det.txt:1: field 7 (conf) is 1e+308, beyond the range of a 32-bit float (about ±3.4e38); use a finite score such as 0...1", "\(det)")
        #expect(throws: MOTFileError.beyondFloatRange(path: "r.csv", line: 2, field: 8, name: "score", text: "-1e+39")) {
            try TracklineCSV.parse("frame,time_s,track_id,x,y,w,h,score\n1,0,1,0,0,1,1,-1e39", path: "r.csv")
        }
        // The largest Float still reads, and writes back as a finite number.
        let f = try MOTFile.parse("1,-1,0,0,5,5,3e38")
        let text = MOTFile.detectionsText(f.detections)
        #expect(!text.contains("inf"))
        #expect(try MOTFile.parse(text).rows.count == 1)
    }
}
