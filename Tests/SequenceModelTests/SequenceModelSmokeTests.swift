import Testing
@testable import SequenceModel

@Test func SequenceModelModuleLoads() {
    #expect(Bool(true))
}
