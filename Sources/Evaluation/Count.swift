/// TrackEval's `Count`: numbers of boxes and ids after preprocessing.
public struct Count: Metric {
    public struct Result: MetricResult, Equatable {
        public var dets = 0, gtDets = 0, ids = 0, gtIDs = 0

        public init() {}

        public var summaryFields: [MetricField] {
            [MetricField("Dets", .count(dets)), MetricField("GT_Dets", .count(gtDets)),
             MetricField("IDs", .count(ids)), MetricField("GT_IDs", .count(gtIDs))]
        }

        public var detailedFields: [MetricField] { summaryFields }
    }

    public init() {}

    public func evaluate(_ data: SequenceData) -> Result {
        var res = Result()
        res.dets = data.numTrackerDets
        res.gtDets = data.numGtDets
        res.ids = data.numTrackerIDs
        res.gtIDs = data.numGtIDs
        return res
    }

    public func combine(_ results: [Result]) -> Result {
        var res = Result()
        for r in results { res.dets += r.dets; res.gtDets += r.gtDets; res.ids += r.ids; res.gtIDs += r.gtIDs }
        return res
    }
}
