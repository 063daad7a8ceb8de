import Testing
@testable import Pipeline

@Suite struct QueueTests {
    @Test func queueHoldsNoReferenceToTakenItems() {
        // Two buffers cycle through a queue that never empties, as frames do in the pipeline.
        let q = BoundedQueue<[UInt8]>(capacity: 4)
        var addresses: [UInt8: UnsafePointer<UInt8>?] = [:]
        for id: UInt8 in 0..<2 {
            var b = [UInt8](repeating: 0, count: 1 << 16)
            b[1] = id
            addresses[id] = b.withUnsafeBufferPointer { $0.baseAddress }
            q.push(b)
        }
        for _ in 0..<20 {
            var b = q.pop()!
            b[0] &+= 1  // would copy if the queue still held a reference
            #expect(b.withUnsafeBufferPointer { $0.baseAddress } == addresses[b[1]]!)
            q.push(b)
        }
        q.close()
        #expect(q.pop() != nil && q.pop() != nil && q.pop() == nil)
    }
}
