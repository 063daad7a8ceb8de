import Testing
@testable import Evaluation

@Test func EvaluationModuleLoads() {
    #expect(Bool(true))
}
