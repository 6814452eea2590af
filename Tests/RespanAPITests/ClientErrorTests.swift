import Foundation
import RespanAPI
import RespanCore
import TestSupport
import Testing

/// Errors, retries and idempotent creates, against a sandbox injecting faults.
@Suite struct ClientErrorTests {
    @Test func authFailureIsTypedAndNeverShowsTheKey() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let secret = "sk_live_secret_value_123"
            let client = try sandbox.client(apiKey: secret)
            await #expect {
                _ = try await client.experiment("exp_x")
            } throws: { error in
                guard let error = error as? RespanAPIError, case .http(let failure) = error else { return false }
                return failure.status == 401 && !"\(error)".contains(secret) && failure.detail == "Invalid API key."
            }
        }
    }

    @Test func notFoundAndValidationErrorsAreDecoded() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let client = try sandbox.client()
            do throws(RespanAPIError) {
                _ = try await client.experiment("exp_missing")
                Issue.record("expected a 404")
            } catch {
                #expect(error.status == 404)
            }
            do throws(RespanAPIError) {
                _ = try await client.createExperiment(["name": "no dataset"])
                Issue.record("expected a 422")
            } catch {
                guard case .http(let failure) = error else { throw error }
                #expect(failure.status == 422)
                #expect(failure.fieldErrors["dataset_id"] == ["This field is required."])
                #expect("\(error)".contains("dataset_id: This field is required."))
            }
        }
    }

    @Test func rateLimited429ThenSuccess() async throws {
        // One virtual clock for both sides: the client's wait is what refills the sandbox.
        let clock = TestClock(.skipping)
        try await withStarted({
            try await SandboxHarness.start {
                $0.rateLimitPerMinute = 120
                $0.clock = clock
            }
        }) { sandbox in
            let notices = NoticeLog()
            let client = try sandbox.client(clock: clock, onRetry: notices.record)
            for _ in 0..<4 { _ = try await client.datasets() }
            // Two fit the burst; the rest waited for retry_after (≥ 1 s) instead of failing.
            #expect(clock.now.offset >= .seconds(1))
            let first = try #require(notices.all.first)
            #expect(first.error.status == 429)
            #expect(first.delay >= .seconds(1))
            #expect(first.request == "POST /api/datasets/list/")
        }
    }

    @Test func serverErrorsThenSuccess() async throws {
        try await withStarted({
            try await SandboxHarness.start {
                $0.errorRate = 0.5
                $0.seed = 7
            }
        }) { sandbox in
            let client = try sandbox.client(
                retryPolicy: RetryPolicy(maxAttempts: 16, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)))
            for _ in 0..<10 { #expect(try await client.datasets().results.isEmpty == false) }
        }
    }

    @Test func aCreateWhoseResponseIsDroppedIsAdoptedNotRepeated() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.dropAfterCommit = 1 } }) { sandbox in
            let client = try sandbox.client()
            let created = try await client.createExperiment(ClientRouteTests.body(id: "exp_dropped"))
            #expect(created.id == "exp_dropped")
            let all = try await client.experiments()
            #expect(all.map(\.id) == ["exp_dropped"])
        }
    }

    @Test func aDroppedCreateWithoutAnIdIsNotRetried() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.dropAfterCommit = 1 } }) { sandbox in
            let client = try sandbox.client()
            await #expect(throws: RespanAPIError.self) { _ = try await client.createExperiment(ClientRouteTests.body) }
            #expect(try await client.experiments().count == 1)
        }
    }

    @Test func createsWithIdsConvergeUnderFaults() async throws {
        try await withStarted({
            try await SandboxHarness.start {
                $0.errorRate = 0.2
                $0.dropAfterCommit = 0.5
                $0.seed = 42
            }
        }) { sandbox in
            let client = try sandbox.client(
                retryPolicy: RetryPolicy(maxAttempts: 16, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5)))
            for index in 0..<20 { _ = try await client.createExperiment(ClientRouteTests.body(id: "exp_f\(index)")) }
            let ids = try await client.experiments().map(\.id)
            #expect(ids.count == 20)
            #expect(Set(ids).count == 20)
        }
    }
}
