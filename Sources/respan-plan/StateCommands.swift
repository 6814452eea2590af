import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Manifest
import Planning
import RespanCore
import Views

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Adopt an existing remote experiment for a manifest key.",
        discussion: """
            Records EXPERIMENT_ID in the lockfile for KEY (a key of the manifest, matrix keys \
            included) without changing it on Respan. The next plan shows how it differs from \
            the manifest.

            Examples:
              respan-plan import mini-quality exp_9f8b7c6d5a4e3f21
              respan-plan import 'sweep[model=gpt-4o,temperature=0.7]' exp_123 --lockfile ci.lock
            """
    )

    @Argument(help: "The manifest key.") var key: String
    @Argument(help: "The remote experiment id.") var experimentID: String
    @Option(help: "The root manifest.") var file = "experiments.yaml"
    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        let loaded = ManifestLoader(environment: Console.environment).load(path: file)
        DiagnosticOutput.report(loaded)
        guard let desired = loaded.desired else { throw CommandExit.failure }
        let (key, id, file) = (key, experimentID, file)
        let operations = StateOperations(state: remote.stateSet(manifest: file))
        let imported = try await remote.withConnection(manifest: file) { connection in
            try await operations.importExperiment(
                key: key, id: id, desired: desired, manifest: file, remote: connection.client)
        }
        Console.out(ImportTextView().render(imported))
    }
}

struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Inspect and forget lockfile entries (nothing is sent to Respan).",
        subcommands: [StateList.self, StateShow.self, StateRemove.self]
    )
}

/// The lockfile options the state subcommands share. The manifest is the positional FILE,
/// as for every other command (after KEY where there is one); `--file` is still accepted.
struct StateOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "The root manifest (locates the default lockfile; default: experiments.yaml).", valueName: "file"),
        completion: .file(extensions: ["yaml", "yml"]))
    var manifest: String?
    @Option(name: .customLong("file"), help: "The root manifest, as FILE (kept for existing scripts).")
    var fileOption: String?
    @Option(help: "The lockfile (default: beside the manifest).") var lockfile: String?
    @Flag(help: "Accepted for symmetry with plan and apply; state never contacts Respan.") var sandbox = false
    @OptionGroup var workspace: WorkspaceOptions

    var file: String { manifest ?? fileOption ?? "experiments.yaml" }

    func validate() throws {
        if let manifest, let fileOption, manifest != fileOption {
            throw ValidationError(
                "the manifest is given twice ('\(manifest)' and --file '\(fileOption)'); give it once")
        }
    }

    var operations: StateOperations {
        StateOperations(state: StateSet(manifest: file, lockfile: lockfile, workspace: workspace.name))
    }
}

struct StateList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List managed keys with their remote ids.",
        discussion: """
            Examples:
              respan-plan state list
              respan-plan state list evals/experiments.yaml --workspace pr-7
            """)
    @OptionGroup var options: StateOptions

    func run() throws {
        Console.out(StateListTextView().render(try options.operations.list()))
    }
}

struct StateShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one lockfile entry as JSON.",
        discussion: """
            Examples:
              respan-plan state show mini-quality
              respan-plan state show mini-quality evals/experiments.yaml
            """)
    @Argument(help: "The manifest key.") var key: String
    @OptionGroup var options: StateOptions

    func run() throws {
        Console.out(StateShowJSONView().render((key, try options.operations.entry(key))))
    }
}

struct StateRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Forget a key: the lockfile drops it, the remote experiment is kept.",
        discussion: """
            Examples:
              respan-plan state rm old-experiment
              respan-plan state rm old-experiment evals/experiments.yaml
            """)
    @Argument(help: "The manifest key.") var key: String
    @OptionGroup var options: StateOptions

    func run() async throws {
        Console.out(ForgetTextView().render(try await options.operations.forget(key: key)))
    }
}
