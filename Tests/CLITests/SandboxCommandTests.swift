import Foundation
import TestSupport
import Testing

/// `respan-plan sandbox` through the built binary.
@Suite struct SandboxCommandTests {
    @Test(arguments: [
        ("0", "a rate limit is a number of requests above 0"),
        ("", "a rate limit is a number of requests above 0"),
        ("-3", "a rate limit is a number of requests above 0"),
        ("many", "a rate limit is a number of requests above 0"),
        ("/s", "a rate limit is a number of requests above 0"),
        ("10/h", "'h' is not a unit; use N or N/min (a minute) or N/s (a second)"),
    ])
    func aBadRateLimitIsAUsageError(_ value: String, _ message: String) async throws {
        // `=` so that "-3" is read as the value, not as an option.
        let argument = value.hasPrefix("-") ? ["--rate-limit=\(value)"] : ["--rate-limit", value]
        let result = try await CLI.run(["sandbox", "--ephemeral", "--port", "0"] + argument)
        #expect(result.status == 1)
        #expect(!result.crashed)
        #expect(result.stderr.contains("error: The value '\(value)' is invalid for '--rate-limit <rate>': \(message)"))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [("1", true), ("1/min", true), ("2/s", false)])
    func theRateLimitIsPerMinuteUnlessPerSecond(_ value: String, _ secondRequestLimited: Bool) async throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["sandbox", "--ephemeral", "--port", "0", "--token", "t", "--rate-limit", value]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let url = try #require(try await CLI.offPool { Self.listeningURL(out.fileHandleForReading) })
        let between = ContinuousClock.now
        let first = try await SandboxHarness.raw("GET", url + "/api/datasets/", authorization: "Bearer t")
        let second = try await SandboxHarness.raw("GET", url + "/api/datasets/", authorization: "Bearer t")
        #expect(first.status == 200)
        // A test pool starved by other tests can leave a minute between the two: then the
        // limit has refilled, as it should, and the second passing is no failure.
        let refilled = ContinuousClock.now - between >= .seconds(60)
        #expect(second.status == (secondRequestLimited && !refilled ? 429 : 200))
    }

    /// Reads the sandbox's banner up to its `export RESPAN_BASE_URL=…` line.
    static func listeningURL(_ output: FileHandle) -> String? {
        var text = ""
        while !text.contains("RESPAN_API_KEY") {
            let chunk = output.availableData
            if chunk.isEmpty { return nil }  // the process ended
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = text.split(separator: "\n").first { $0.hasPrefix("export RESPAN_BASE_URL=") }
        let assignment = line?.split(separator: " ").dropFirst().first
        return assignment.map { String($0.dropFirst("RESPAN_BASE_URL=".count)) }
    }
}
