import Foundation

/// A blocking first-in first-out queue holding at most `capacity` items, for handing frames
/// between the decode thread and the detection/tracking thread. `close()` wakes every waiter:
/// afterwards `push` refuses and `pop` drains what is left, then returns nil.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private let capacity: Int
    private var closed = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        items.reserveCapacity(self.capacity)
    }

    /// Adds an item, waiting while the queue is full; false when the queue was closed.
    @discardableResult
    func push(_ item: Element) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while !closed && items.count - head >= capacity { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Takes the oldest item, waiting while the queue is empty; nil once closed and empty.
    func pop() -> Element? {
        condition.lock(); defer { condition.unlock() }
        while !closed && items.count == head { condition.wait() }
        guard items.count > head else { return nil }
        let item = items[head]
        head += 1
        if head == items.count { items.removeAll(keepingCapacity: true); head = 0 }
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock(); closed = true; condition.broadcast(); condition.unlock()
    }
}
