import Testing
@testable import Detection

@Test func DetectionModuleLoads() {
    #expect(Bool(true))
}
