import Testing
@testable import Tracking

@Test func TrackingModuleLoads() {
    #expect(Bool(true))
}
