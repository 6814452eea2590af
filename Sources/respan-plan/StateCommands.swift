import ArgumentParser
import Foundation
import Manifest
import Planning
import RespanCore

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
        guard let desired = loaded.desired else { throw ExitCode.failure }
        guard let experiment = desired.experiment(key) else {
            throw ValidationError(
                "'\(key)' is not a key of \(file)"
                    + Suggestion.hint(for: key, in: desired.experiments.map(\.key)))
        }
        let path = remote.lockfilePath(manifest: file)
        let lock = FileLock(path: path + ".flock")
        try await lock.acquire(timeout: .zero)
        defer { lock.release() }
        let store = LockfileStore(path: path)
        var lockfile = try store.load()
        if let existing = lockfile.entries[key] {
            throw ValidationError(
                "'\(key)' is already managed as \(existing.id); run 'respan-plan state rm \(key)' first")
        }
        let (client, server) = try await remote.connect(manifest: file)
        defer { if let server { Task { await server.stop() } } }
        guard let found = try await client.experimentIfExists(experimentID) else {
            throw ValidationError("no experiment '\(experimentID)' on \(client.configuration.baseURL)")
        }
        lockfile.entries[key] = Importer.entry(for: experiment, remote: found)
        try store.save(lockfile)
        Console.out(
            "Imported \(experimentID) as '\(key)'. Run 'respan-plan plan' to see how it differs from the manifest.\n")
    }
}

struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Inspect and forget lockfile entries (nothing is sent to Respan).",
        subcommands: [StateList.self, StateShow.self, StateRemove.self]
    )
}

/// The lockfile options the state subcommands share.
struct StateOptions: ParsableArguments {
    @Option(help: "The root manifest (locates the default lockfile).") var file = "experiments.yaml"
    @Option(help: "The lockfile (default: beside the manifest).") var lockfile: String?
    @Flag(help: "Accepted for symmetry with plan and apply; state never contacts Respan.") var sandbox = false

    var store: LockfileStore { LockfileStore(path: lockfile ?? LockfileStore.defaultPath(forManifest: file)) }

    func notManaged(_ key: String, in lockfile: Lockfile) -> ValidationError {
        ValidationError("'\(key)' is not in \(store.path)" + Suggestion.hint(for: key, in: lockfile.entries.keys))
    }
}

struct StateList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List managed keys with their remote ids.",
        discussion: "Example:\n  respan-plan state list")
    @OptionGroup var options: StateOptions

    func run() throws {
        let lockfile = try options.store.load()
        for (key, entry) in lockfile.entries.sorted(by: { $0.key < $1.key }) {
            Console.out("\(key)\t\(entry.id)\t\(entry.state.rawValue)\n")
        }
    }
}

struct StateShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one lockfile entry as JSON.",
        discussion: "Example:\n  respan-plan state show mini-quality")
    @Argument(help: "The manifest key.") var key: String
    @OptionGroup var options: StateOptions

    func run() throws {
        let lockfile = try options.store.load()
        guard let entry = lockfile.entries[key] else { throw options.notManaged(key, in: lockfile) }
        let document: JSONValue = [
            "key": .string(key), "id": .string(entry.id), "state": .string(entry.state.rawValue),
            "spec_digest": .string(entry.specDigest), "applied": entry.applied,
        ]
        Console.out(document.serialized(pretty: true) + "\n")
    }
}

struct StateRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Forget a key: the lockfile drops it, the remote experiment is kept.",
        discussion: "Example:\n  respan-plan state rm old-experiment")
    @Argument(help: "The manifest key.") var key: String
    @OptionGroup var options: StateOptions

    func run() async throws {
        let lock = FileLock(path: options.store.path + ".flock")
        try await lock.acquire(timeout: .zero)
        defer { lock.release() }
        var lockfile = try options.store.load()
        guard let entry = lockfile.entries.removeValue(forKey: key) else { throw options.notManaged(key, in: lockfile) }
        try options.store.save(lockfile)
        Console.out("Forgot '\(key)'; the remote experiment \(entry.id) is kept.\n")
    }
}
