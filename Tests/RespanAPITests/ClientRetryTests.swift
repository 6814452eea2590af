import Foundation
import RespanAPI
import RespanCore
import TestSupport
import Testing

/// The client's one retry loop: notices for every wait, cancellation as its own outcome.
@Suite struct ClientRetryTests {
    @Test func everyRetryWaitIsReportedWithItsAttemptNumber() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.errorRate = 1 } }) { sandbox in
            let notices = NoticeLog()
            let client = try sandbox.client(
                retryPolicy: RetryPolicy(maxAttempts: 3), clock: TestClock(.skipping), onRetry: notices.record)
            await #expect(throws: RespanAPIError.self) { _ = try await client.experiment("exp_x") }
            #expect(notices.attempts == ["1/3", "2/3"])
            #expect(
                notices.all.allSatisfy { $0.request == "GET /api/v2/experiments/exp_x/" && $0.error.status ?? 0 >= 500 }
            )
        }
    }

    @Test func aNoticeSaysWhatFailedWhichAttemptAndHowLongItWaits() {
        let notice = RetryNotice(
            request: "GET /api/datasets/list/", error: .timeout, attempt: 2, maxAttempts: 6, delay: .milliseconds(1440))
        #expect(
            notice.description
                == "GET /api/datasets/list/ failed (the request timed out), attempt 2 of 6; retrying in 1.4 s")
    }

    @Test func cancellingDuringARetryWaitEndsTheCallAsCancelled() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.errorRate = 1 } }) { sandbox in
            let clock = TestClock(.manual)
            let notices = NoticeLog()
            let client = try sandbox.client(
                retryPolicy: RetryPolicy(maxAttempts: 5, baseDelay: .seconds(10), maxDelay: .seconds(10)), clock: clock,
                onRetry: notices.record)
            let call = Task { try await client.datasets() }
            try await clock.waitForSleepers()
            call.cancel()
            await #expect(throws: RespanAPIError.cancelled) { _ = try await call.value }
            #expect(notices.attempts == ["1/5"])
        }
    }

    @Test func aCreateWithAnIdAdoptsWhatItsFailedAttemptMade() async throws {
        try await withStarted({ try await SandboxHarness.start { $0.dropAfterCommit = 1 } }) { sandbox in
            let notices = NoticeLog()
            let client = try sandbox.client(clock: TestClock(.skipping), onRetry: notices.record)
            let created = try await client.createExperiment(ClientRouteTests.body(id: "exp_adopted"))
            #expect(created.id == "exp_adopted")
            // Looked up before any retry wait: found, so nothing was retried.
            #expect(notices.all.isEmpty)
        }
    }
}
