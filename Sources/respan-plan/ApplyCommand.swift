import ArgumentParser
import Foundation
import Manifest
import Planning
import RespanCore

#if canImport(Glibc)
    import Glibc
#endif

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make Respan match the manifest: create, replace and update experiments.",
        discussion: """
            Plans as 'plan' does, asks for confirmation on a terminal, then applies: creates \
            (with a client-chosen id journaled in the lockfile before the request, so a retry \
            or a rerun after a crash never makes a second experiment), PUT replaces, PATCH \
            updates, and deletes last. The lockfile is written after every change. One apply \
            at a time holds a lock beside the lockfile.

            Examples:
              respan-plan apply --sandbox --auto-approve examples/quickstart/experiments.yaml
              respan-plan apply --target 'sweep[*' --parallelism 8
              respan-plan apply --prune --auto-approve
              respan-plan apply plan.json        (a plan saved by 'plan --out')

            Exit codes: 0 applied (or nothing to do), 1 an error or a failed change.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        if let data = FileManager.default.contents(atPath: manifest.file),
            SavedPlan.isSavedPlan(String(decoding: data, as: UTF8.self))
        {
            let saved = try SavedPlan.decode(String(decoding: data, as: UTF8.self), path: manifest.file)
            let sources = Dictionary(
                uniqueKeysWithValues: saved.manifestDigests.compactMap { entry in
                    FileManager.default.contents(atPath: entry.path).map {
                        (entry.path, String(decoding: $0, as: UTF8.self))
                    }
                })
            try await ApplyRun(manifest: manifest, remote: remote, execution: execution, sources: sources)
                .runSaved(saved, file: manifest.file)
            return
        }
        let loaded = manifest.load()
        DiagnosticOutput.report(loaded)
        guard let desired = loaded.desired else { throw ExitCode.failure }
        try await ApplyRun(manifest: manifest, remote: remote, execution: execution, sources: loaded.sources)
            .run(desired, options: scope.planOptions, verb: "apply")
    }
}

struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Delete every experiment the lockfile manages (or those matching --target).",
        discussion: """
            Examples:
              respan-plan destroy --sandbox --auto-approve examples/quickstart/experiments.yaml
              respan-plan destroy --target 'sweep[*'
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        let loaded = manifest.load()
        DiagnosticOutput.report(loaded)
        guard let desired = loaded.desired else { throw ExitCode.failure }
        var options = scope.planOptions
        options.destroy = true
        try await ApplyRun(manifest: manifest, remote: remote, execution: execution, sources: loaded.sources)
            .run(desired, options: options, verb: "destroy")
    }
}

struct ExecutionOptions: ParsableArguments {
    @Flag(help: "Apply without asking for confirmation.")
    var autoApprove = false

    @Option(help: "Changes applied at once.")
    var parallelism = 4

    @Option(help: "Seconds to wait for another apply's lock (default: fail at once).")
    var lockTimeout: Double = 0
}
