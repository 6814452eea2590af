import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Planning
import RespanAPI
import RespanConnection
import RespanCore
import Sandbox
import Views

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

    @OptionGroup var workspace: WorkspaceOptions

    @Option(
        help: ArgumentHelp(
            "Client-side request rate: \(RateLimitArgument.syntax) (default: 60/min, Respan's documented limit; unlimited with --sandbox).",
            valueName: "rate"),
        transform: RateLimitArgument.parse)
    var rateLimit: RateLimitArgument?

    @Option(
        help: ArgumentHelp(
            "Give up on the whole command after this long: \(DurationArgument.syntax) (default: no limit).",
            valueName: "duration"),
        transform: DurationArgument.parse)
    var timeout: DurationArgument?

    /// The default lockfile and the workspace this command works in.
    func stateSet(manifest: String) -> StateSet {
        StateSet(manifest: manifest, lockfile: lockfile, workspace: workspace.name)
    }

    /// The lockfile this command reads and writes: the workspace's when one is given.
    func lockfilePath(manifest: String) -> String {
        stateSet(manifest: manifest).path
    }

    /// Where this command plans or applies: the endpoint (or the embedded sandbox) and the
    /// state; `lockfile` overrides the state's (a saved plan's).
    func destination(manifest: String, lockfile: String? = nil) -> PlanDestination {
        PlanDestination(
            endpoint: ClientConfiguration.baseURL(endpoint: endpoint, environment: Console.environment),
            sandbox: sandbox, workspace: workspace.name, lockfile: lockfile ?? lockfilePath(manifest: manifest))
    }

    /// For `status` and `results`, which read a state: a workspace must exist already.
    func existingStateSet(manifest: String) throws -> StateSet {
        try stateSet(manifest: manifest).existing()
    }

    /// Connects to Respan, or starts the embedded sandbox (stopped by `Connection.close`).
    func connect(manifest: String) async throws -> Connection {
        try await Connection.open(
            sandbox: sandbox ? embeddedSandbox(besideManifest: manifest) : nil,
            endpoint: endpoint, apiKeyFile: apiKeyFile, rateLimit: rateLimit?.perMinute,
            environment: Console.environment,
            onRetry: { notice in
                // Short waits pass unremarked; a wait the user would notice says what and why.
                if notice.delay > .seconds(1) { Console.error("respan-plan: \(notice)\n") }
            })
    }
}

/// `--workspace NAME` (or `RESPAN_PLAN_WORKSPACE`): which state beside the default one.
struct WorkspaceOptions: ParsableArguments {
    @Option(
        name: .customLong("workspace"),
        help:
            "A separate state beside the default one, e.g. a pull request's: experiments.NAME.lock (default: $RESPAN_PLAN_WORKSPACE). It starts from the default state's runs and never changes them."
    )
    var option: String?

    func validate() throws {
        if let name, let problem = StateSet.validate(workspace: name) { throw ValidationError(problem) }
    }

    /// `--workspace`, else `RESPAN_PLAN_WORKSPACE` when set and not empty.
    var name: String? {
        option ?? Console.environment("RESPAN_PLAN_WORKSPACE").flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// `--target` and `--exclude`: which experiment keys a command covers.
struct KeySelectionOptions: ParsableArguments {
    @Option(
        help:
            "Only these keys (a glob: * and ?; a matrix's base name selects all its expansions). Repeatable; a pattern that matches nothing is an error."
    )
    var target: [String] = []

    @Option(help: "Not these keys (a glob). Repeatable.")
    var exclude: [String] = []

    var targets: [KeyPattern] { target.map(KeyPattern.init) }
    var excludes: [KeyPattern] { exclude.map(KeyPattern.init) }
}

/// `--target`, `--exclude`, `--replace`, `--prune`, `--allow-destroy` and `--refresh`.
struct ScopeOptions: ParsableArguments {
    @OptionGroup var keys: KeySelectionOptions

    @Option(help: "Replace these keys (start a new run) even without a change. Repeatable.")
    var replace: [String] = []

    @Flag(help: "Delete managed experiments that are no longer in the manifest.")
    var prune = false

    @Flag(help: "Allow deleting or replacing experiments marked protect: true (now or when last applied).")
    var allowDestroy = false

    @Flag(help: "Delete a run once a new run (or an adopted one) replaces it, instead of keeping it as history.")
    var pruneHistory = false

    @Option(
        help:
            "Read the remote state and check the connection, datasets and evaluators first (--refresh=false trusts the lockfile and sends nothing)."
    )
    var refresh = true

    var planOptions: PlanOptions {
        var options = PlanOptions()
        options.targets = keys.targets
        options.excludes = keys.excludes
        options.forceReplace = replace.map(KeyPattern.init)
        options.prune = prune
        options.allowDestroy = allowDestroy
        options.refresh = refresh
        options.pruneHistory = pruneHistory
        return options
    }
}

extension RemoteOptions {
    /// Connects, runs `work` within `--timeout` (plus `grace` seconds, for work that stops
    /// itself at the timeout and needs a moment to finish what is under way), and closes the
    /// connection whatever happens.
    func withConnection<T: Sendable>(
        manifest: String, deadline: Bool = true, grace: Double = 0,
        _ work: @escaping @Sendable (Connection) async throws -> T
    ) async throws -> T {
        let connection = try await connect(manifest: manifest)
        do {
            let value = try await withDeadline(seconds: deadline ? timeout.map { $0.seconds + grace } : nil) {
                try await work(connection)
            }
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }

    /// The embedded sandbox; `RESPAN_SANDBOX_RUN_SECONDS` (0 or more) sets how long its runs
    /// take, for tests and demos that should not wait the default 3 s.
    private func embeddedSandbox(besideManifest manifest: String) -> SandboxConfiguration {
        var configuration = SandboxConfiguration.embedded(besideManifest: manifest)
        if let text = Console.environment("RESPAN_SANDBOX_RUN_SECONDS"), let seconds = Double(text), seconds >= 0 {
            configuration.runSeconds = seconds
        }
        return configuration
    }
}
