import ArgumentParser
import Foundation
import Sandbox

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local Respan: the API routes respan-plan uses, with simulated runs and faults on demand.",
        discussion: """
            Serves the experiment, trace, dataset and evaluator routes of Respan's REST API on \
            loopback, with bearer-token auth, Respan's error bodies and pagination. Experiments \
            run in simulation (pending → running → completed over --run-seconds) and produce \
            traces with deterministic scores derived from their spec. A run whose workflow has a \
            wait step keeps each trace pending, with no output and no scores, until its output \
            is submitted (PATCH …/logs/{log_id}/ with input and output), then scores it from \
            the submitted output; the run completes when every trace has one (its progress \
            stays below 100 until then). --pending-trace-status success plays Respan reporting \
            such a trace as success before anything was submitted. Seeded with the datasets \
            and evaluators the examples use. State is journaled to --data-dir, so a restart \
            keeps every acknowledged write.

            Examples:
              respan-plan sandbox
              respan-plan sandbox --port 0 --token dev --run-seconds 2
              respan-plan sandbox --error-rate 0.2 --rate-limit 60/min --drop-after-commit 0.5
              respan-plan sandbox --duplicate-id 400 --terminal-status succeeded --ingestion-lag 2

            Where Respan's docs are silent, the defaults are one plausible answer and each \
            switch below plays another, so a client can be tried against every one (a \
            client that passes only under the defaults depends on undocumented behaviour).

            Point the CLI at it with the two lines it prints:
              export RESPAN_BASE_URL=http://127.0.0.1:8787 RESPAN_API_KEY=<token>
            """
    )

    @Option(help: "The address to listen on; anything but loopback exposes the sandbox.")
    var host = "127.0.0.1"

    @Option(help: "The port; 0 picks a free one.")
    var port = 8787

    @Option(help: "Where state is kept.", completion: .directory)
    var dataDir = ".respan/sandbox"

    @Flag(help: "Keep state in memory only (nothing written, nothing kept).")
    var ephemeral = false

    @Option(help: "The bearer token clients must send (default: generated and printed).")
    var token: String?

    @Option(help: "Seconds a simulated run takes from creation (or restart) to completion.")
    var runSeconds: Double = 5

    @Option(help: "Milliseconds of delay before every response.")
    var latency: Int = 0

    @Option(help: "Share of requests (0–1) answered with an injected 5xx.")
    var errorRate: Double = 0

    @Option(
        help: ArgumentHelp("Requests allowed before 429s: N or N/min a minute, N/s a second.", valueName: "rate"),
        transform: RateLimitArgument.parse)
    var rateLimit: RateLimitArgument?

    @Option(
        help: ArgumentHelp(
            "Bulk row requests (/logs/bulk/) a minute before 429s, in bursts of as many; Respan's is 30. 0: no limit.",
            valueName: "n"))
    var bulkRateLimit: Double = 30

    @Option(help: "Share of successful writes (0–1) whose connection is closed, without a response, after the commit.")
    var dropAfterCommit: Double = 0

    @Option(help: "Share of rows (0–1) a dataset's /logs/bulk/ rejects one by one (partial failure).")
    var bulkErrorRate: Double = 0

    @Option(
        help: ArgumentHelp(
            "Append every request answered, as 'METHOD /path', one a line, to this file (for counting requests).",
            valueName: "file"))
    var requestLog: String?

    @Option(help: "Seed for the fault dice, to replay a run.")
    var seed: UInt64?

    @OptionGroup(title: "Where Respan's docs are silent (respan-api.md §9)")
    var behaviour: BehaviourOptions

    func validate() throws {
        for (name, value) in [
            ("--error-rate", errorRate), ("--drop-after-commit", dropAfterCommit), ("--bulk-error-rate", bulkErrorRate),
        ]
        where !(0...1).contains(value) {
            throw ValidationError("\(name) takes a share from 0 to 1, got \(value)")
        }
        if runSeconds < 0 { throw ValidationError("--run-seconds cannot be negative") }
        if latency < 0 { throw ValidationError("--latency cannot be negative") }
        if bulkRateLimit < 0 { throw ValidationError("--bulk-rate-limit cannot be negative") }
    }

    func run() async throws {
        var configuration = SandboxConfiguration(token: token ?? SandboxConfiguration.generateToken())
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = ephemeral ? nil : URL(fileURLWithPath: dataDir)
        configuration.runSeconds = runSeconds
        configuration.latency = .milliseconds(latency)
        configuration.errorRate = errorRate
        configuration.rateLimitPerMinute = rateLimit?.perMinute
        configuration.bulkRateLimitPerMinute = bulkRateLimit == 0 ? nil : bulkRateLimit
        configuration.dropAfterCommit = dropAfterCommit
        configuration.bulkErrorRate = bulkErrorRate
        configuration.seed = seed
        configuration.behaviour = behaviour.behaviour
        if let requestLog { configuration.requestLog = try RequestLog.appending(to: requestLog) }
        let server = try await SandboxServer.start(configuration)
        Console.out(
            """
            respan-plan sandbox listening on \(server.url)
            state: \(ephemeral ? "in memory" : dataDir)
            export RESPAN_BASE_URL=\(server.url) RESPAN_API_KEY=\(server.token)

            """)
        if !["127.0.0.1", "localhost", "::1"].contains(host) {
            Console.error(
                "warning: listening on \(host), not loopback: anyone who can reach it and knows the token can use it\n")
        }
        try await server.wait()
    }
}
