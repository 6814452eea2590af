import Foundation
import RespanAPI
import RespanCore
import TestSupport
import Testing

/// Hosts that cannot be reached fail typed, and within seconds rather than minutes.
@Suite struct UnreachableTests {
    /// A loopback port nothing listens on: a sandbox's, after it stopped.
    func closedLoopbackURL() async throws -> String {
        let sandbox = try await SandboxHarness.start()
        await sandbox.stop()
        return sandbox.url
    }

    @Test func aRefusedConnectionIsTypedAndRetriedOnlyAsThePolicySays() async throws {
        let url = try await closedLoopbackURL()
        let notices = NoticeLog()
        var configuration = try ClientConfiguration(baseURL: url, apiKey: "k")
        configuration.onRetry = notices.record
        let client = RespanClient(configuration: configuration, clock: TestClock(.skipping))
        let start = ContinuousClock.now
        await #expect {
            _ = try await client.datasets()
        } throws: { error in
            guard case .unreachable(let failure) = error as? RespanAPIError else { return false }
            return failure.reason == .connectionRefused && failure.host == "127.0.0.1"
        }
        // Each refusal comes back at once (no retrying inside the HTTP stack until a deadline);
        // loopback keeps the normal six attempts, since a sandbox may still be starting.
        // The bound is the retry policy's, read from the notices: wall time on a loaded machine
        // (other tests blocking the pool's threads) would measure the machine, not the rule.
        #expect(notices.all.map(\.delay).reduce(.zero, +) < .seconds(10))
        // Generous: the bug was minutes of retrying inside the HTTP stack, not seconds of load.
        // A hang (a resolver timeout per attempt) would take minutes; the bound is loose because
        // a test pool starved by other tests has taken 91 s to run this one.
        #expect(ContinuousClock.now - start < .seconds(240))
        #expect(notices.attempts == ["1/6", "2/6", "3/6", "4/6", "5/6"])
        #expect("\(notices.all[0])".contains("refused the connection"))
    }

    @Test func aNameThatDoesNotResolveFailsAfterAShortBoundedRetry() async throws {
        let notices = NoticeLog()
        // `.invalid` never resolves (RFC 6761).
        var configuration = try ClientConfiguration(baseURL: "https://respan-plan-test.invalid", apiKey: "k")
        configuration.onRetry = notices.record
        let client = RespanClient(configuration: configuration)
        let start = ContinuousClock.now
        await #expect {
            _ = try await client.experiment("exp_x")
        } throws: { error in
            guard case .unreachable(let failure) = error as? RespanAPIError else { return false }
            return failure.reason == .nameResolution && "\(error)".contains("cannot resolve 'respan-plan-test.invalid'")
        }
        #expect(notices.all.map(\.delay).reduce(.zero, +) < .seconds(5))
        // A hang (a resolver timeout per attempt) would take minutes; loose, as a test pool
        // starved by other tests has taken 91 s to run this one.
        #expect(ContinuousClock.now - start < .seconds(240))
        #expect(notices.attempts == ["1/3", "2/3"])
    }
}
