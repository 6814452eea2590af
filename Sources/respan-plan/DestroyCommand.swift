import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Manifest
import Planning
import RespanCore
import Results
import Views

struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Delete every experiment the lockfile manages (or those matching --target).",
        discussion: """
            Protected experiments (protect: true now, or when last applied) need --allow-destroy.

            Examples:
              respan-plan destroy --sandbox --auto-approve examples/quickstart/experiments.yaml
              respan-plan destroy --target 'sweep[*'

            Exit codes: 0 destroyed (or nothing to do), 1 an error, 130 interrupted.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        let loaded = manifest.loadReporting()
        guard let desired = loaded.desired else { throw CommandExit.failure }
        var options = scope.planOptions
        options.destroy = true
        try await execution.carryOut(
            desired, options: options, verb: .destroy, remote: remote, manifest: manifest.file, sources: loaded.sources)
    }
}
