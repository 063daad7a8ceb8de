import Testing
@testable import Media

@Test func MediaModuleLoads() {
    #expect(Bool(true))
}
