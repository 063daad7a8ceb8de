import Evaluation

/// HOTA's localisation thresholds as the report plots them.
enum HOTAAlphas {
    static var values: [Double] { HOTA.alphas.map { ($0 * 100).rounded() / 100 } }
}
