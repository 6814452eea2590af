import ArgumentParser
import Foundation
import Manifest
import Planning
import RespanAPI
import Sandbox

/// How to reach Respan (or the embedded sandbox) and where the lockfile is.
struct RemoteOptions: ParsableArguments {
    @Option(help: "The Respan API base URL (default: $RESPAN_BASE_URL, else https://api.respan.ai).")
    var endpoint: String?

    @Option(help: "A file holding the API key (default: $RESPAN_API_KEY).", completion: .file())
    var apiKeyFile: String?

    @Flag(
        help:
            "Use an embedded sandbox with its state under .respan/sandbox/ beside the manifest: no account, no network."
    )
    var sandbox = false

    @Option(help: "The lockfile (default: the manifest's name with .lock, beside it).", completion: .file())
    var lockfile: String?

    @Option(help: "Client-side requests a minute (default: 60, Respan's documented limit; unlimited with --sandbox).")
    var rateLimit: Double?

    func lockfilePath(manifest: String) -> String {
        lockfile ?? LockfileStore.defaultPath(forManifest: manifest)
    }

    /// A client for Respan, or for an embedded sandbox started here (returned to be stopped).
    func connect(manifest: String) async throws -> (RespanClient, SandboxServer?) {
        if sandbox {
            var configuration = SandboxConfiguration(token: SandboxConfiguration.generateToken())
            configuration.port = 0
            let directory = (manifest as NSString).deletingLastPathComponent
            configuration.dataDirectory = URL(fileURLWithPath: directory.isEmpty ? "." : directory)
                .appendingPathComponent(".respan/sandbox")
            let server = try await SandboxServer.start(configuration)
            let client = RespanClient(
                configuration: try ClientConfiguration(baseURL: server.url, apiKey: server.token),
                rateLimiter: RateLimiter(ratePerMinute: rateLimit))
            return (client, server)
        }
        let configuration = try ClientConfiguration.resolve(
            endpoint: endpoint, apiKeyFile: apiKeyFile, environment: Console.environment)
        return (
            RespanClient(configuration: configuration, rateLimiter: RateLimiter(ratePerMinute: rateLimit ?? 60)), nil
        )
    }
}

/// `--target`, `--exclude`, `--replace`, `--prune` and `--allow-destroy`.
struct ScopeOptions: ParsableArguments {
    @Option(help: "Only these keys (a glob: * and ?; matrix keys included). Repeatable.")
    var target: [String] = []

    @Option(help: "Not these keys (a glob). Repeatable.")
    var exclude: [String] = []

    @Option(help: "Replace these keys (start a new run) even without a change. Repeatable.")
    var replace: [String] = []

    @Flag(help: "Delete managed experiments that are no longer in the manifest.")
    var prune = false

    @Flag(help: "Allow deleting or replacing experiments marked protect: true.")
    var allowDestroy = false

    var planOptions: PlanOptions {
        var options = PlanOptions()
        options.targets = target.map(KeyPattern.init)
        options.excludes = exclude.map(KeyPattern.init)
        options.forceReplace = replace.map(KeyPattern.init)
        options.prune = prune
        options.allowDestroy = allowDestroy
        return options
    }
}
