import Foundation

/// A blocking first-in first-out queue holding at most `capacity` items, for handing frames
/// between the decode thread and the detection/tracking thread. `close()` wakes every waiter:
/// afterwards `push` refuses and `pop` drains what is left, then returns nil.
///
/// Items live in a fixed ring of `capacity` slots and a slot is cleared when its item is
/// taken, so the queue never holds a reference to an item it has handed out: a frame buffer
/// passed back and forth stays uniquely referenced and is reused in place, never copied.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    init(capacity: Int) {
        slots = [Element?](repeating: nil, count: max(1, capacity))
    }

    /// Adds an item, waiting while the queue is full; false when the queue was closed.
    @discardableResult
    func push(_ item: Element) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while !closed && count == slots.count { condition.wait() }
        guard !closed else { return false }
        slots[(head + count) % slots.count] = item
        count += 1
        condition.broadcast()
        return true
    }

    /// Takes the oldest item, waiting while the queue is empty; nil once closed and empty.
    func pop() -> Element? {
        condition.lock(); defer { condition.unlock() }
        while !closed && count == 0 { condition.wait() }
        guard count > 0 else { return nil }
        let item = slots[head].take()
        head = (head + 1) % slots.count
        count -= 1
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock(); closed = true; condition.broadcast(); condition.unlock()
    }
}
