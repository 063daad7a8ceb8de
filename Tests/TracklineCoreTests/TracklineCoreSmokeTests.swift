import Testing
@testable import TracklineCore

@Test func TracklineCoreModuleLoads() {
    #expect(Bool(true))
}
