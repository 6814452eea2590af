import TestSupport
import Testing

@testable import Lockfiles

@Suite struct FileLockTests {
    @Test func aSecondHolderOfTheLockIsRefusedAtOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("experiments.lock.flock")
        let first = FileLock(path: path)
        try await first.acquire(timeout: .zero)
        let second = FileLock(path: path)
        await #expect(throws: FileLockError.self) { try await second.acquire(timeout: .zero) }
        first.release()
        try await second.acquire(timeout: .zero)
        second.release()
    }
}
