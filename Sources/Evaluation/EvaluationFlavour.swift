import TracklineCore

/// Which MOTChallenge ground-truth convention a sequence follows.
public enum EvaluationFlavour: String, Sendable, CaseIterable {
    /// Column 7 is a consider flag (0 = ignored); no classes, no distractor preprocessing.
    case mot15
    /// MOT16/17: column 7 zero_marked, column 8 class, column 9 visibility; tracker boxes matched
    /// (IoU >= 0.5) to distractor classes are removed before scoring.
    case mot17
    /// As mot17, with `non_mot_vehicle` also a distractor class.
    case mot20

    /// Guesses the flavour of a ground-truth file: MOT16/17/20 files have a class in column 8
    /// (a whole number 1...13) and a visibility in [0, 1] in column 9 on every row; anything else
    /// (MOT15's world coordinates or -1) is MOT15. A path mentioning MOT20 selects mot20.
    public static func detect(_ gt: MOTFile) -> EvaluationFlavour {
        guard !gt.rows.isEmpty, gt.minColumns >= 9 else { return .mot15 }
        for r in gt.rows {
            let c = r.column8
            guard c >= 1, c <= 13, c.rounded() == c, r.column9 >= 0, r.column9 <= 1 else { return .mot15 }
        }
        return gt.path.uppercased().contains("MOT20") ? .mot20 : .mot17
    }

    /// Class ids as TrackEval names them (MotChallenge2DBox).
    static let pedestrian = 1
    static let validClasses = 1...13

    /// Classes whose matched tracker boxes are removed: person_on_vehicle, static_person,
    /// distractor, reflection (+ non_mot_vehicle for MOT20).
    var distractorClasses: Set<Int> {
        self == .mot20 ? [2, 7, 8, 12, 6] : [2, 7, 8, 12]
    }
}
