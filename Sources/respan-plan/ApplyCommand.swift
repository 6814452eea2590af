import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Manifest
import Planning
import RespanCore
import Results
import Views

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make Respan match the manifest: create, replace and update experiments.",
        discussion: """
            Plans as 'plan' does (checking that the datasets and evaluators exist), asks for \
            confirmation on a terminal, then applies: creates (with a client-chosen id journaled \
            in the lockfile before the request, so a retry or a rerun after a crash never makes \
            a second experiment), replaces (a changed run is a new experiment under a new id; \
            the old one stays as history until --prune-history), PATCH updates of name and \
            description, and deletes last. The lockfile is written after every change. One \
            apply at a time holds a lock beside the lockfile.

            Where Respan answers in ways its docs leave open, apply says what it did: a \
            duplicate id answered with 409, 400 or 500 is looked up and adopted when it holds \
            the same spec; a remote that ignores the chosen id has the server's id recorded; \
            an experiment with replace_strategy: put whose PUT started no new run is recreated.

            With --wait, it then answers the rows of every experiment with a runner (as \
            'submit' does) and waits as 'status --wait' does until every run completed.

            Examples:
              respan-plan apply --sandbox --auto-approve examples/quickstart/experiments.yaml
              respan-plan apply --sandbox --auto-approve --wait && respan-plan results --sandbox
              respan-plan apply --target 'sweep[*' --parallelism 8
              respan-plan apply --prune --auto-approve
              respan-plan apply plan.json        (a plan saved by 'plan --out')

            Exit codes: 0 applied (or nothing to do), 1 an error or a failed change, 4 the \
            estimated cost is above --max-cost (nothing was started), 130 interrupted by Ctrl-C \
            (what finished is recorded).
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var execution: ExecutionOptions

    @Flag(
        help:
            "After applying, answer the rows of experiments with a runner (as 'submit'), then wait until every run completed (as 'status --wait'; bounded by --timeout)."
    )
    var wait = false

    func run() async throws {
        if let saved = try SavedPlanFile.read(manifest.file) {
            let destination = remote.destination(manifest: manifest.file, lockfile: saved.lockfilePath)
            // Before any request: a plan made against the sandbox is never applied to Respan.
            if let mismatch = saved.plan.destinationMismatch(destination) {
                throw CommandError("the saved plan '\(manifest.file)' cannot be applied here: \(mismatch)")
            }
            let outcome = try await execution.run(
                remote: remote, manifest: saved.manifestDigests.first?.path ?? manifest.file,
                state: remote.stateSet(manifest: manifest.file), sources: saved.sources, destination: destination
            ) { operation, approval in
                try await operation.run(saved: saved.plan, approval: approval)
            }
            try ApplyOutcomeOutput.finish(
                outcome, sources: saved.sources, planFile: manifest.file, destination: destination)
            return
        }
        let loaded = manifest.loadReporting()
        guard let desired = loaded.desired else { throw CommandExit.failure }
        if wait {
            let inScope = desired.experiments.filter {
                KeyPattern.inScope($0.key, targets: scope.keys.targets, excludes: scope.keys.excludes)
            }
            try await RowCommand.checkServices(of: inScope.compactMap(\.runner))
        }
        try await execution.carryOut(
            desired, options: scope.planOptions, verb: .apply, remote: remote, manifest: manifest.file,
            sources: loaded.sources)
        if wait {
            // A wait run completes only once its rows are answered: its runner answers them first.
            let errored = try await SubmissionRunner(remote: remote).run(
                desired, manifest: manifest.file, keys: scope.keys)
            let entries = try StatusOperation.runs(
                of: desired, in: remote.stateSet(manifest: manifest.file), targets: scope.keys.targets,
                excludes: scope.keys.excludes)
            try await StatusRunner(remote: remote, wait: true).run(entries, manifest: manifest.file)
            if errored { throw CommandExit.failure }
        }
    }
}
