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

struct ExecutionOptions: ParsableArguments {
    @Flag(help: "Apply without asking for confirmation.")
    var autoApprove = false

    @OptionGroup var budget: BudgetOptions

    @Option(help: "Changes applied at once (at least 1).")
    var parallelism = 4

    @Option(help: "Seconds to wait for another apply's lock (default: fail at once).")
    var lockTimeout: Double = 0

    @Flag(help: "List every change of the plan, however many (by default more than 50 are summarised by key pattern).")
    var verbose = false

    func validate() throws {
        if parallelism < 1 { throw ValidationError("--parallelism must be at least 1, got \(parallelism)") }
        if !(lockTimeout >= 0) { throw ValidationError("--lock-timeout must be 0 or more seconds") }
    }

    /// Plans and carries out `desired` in the state `remote` names, then renders the outcome.
    func carryOut(
        _ desired: DesiredState, options: PlanOptions, verb: ApplyVerb, remote: RemoteOptions, manifest: String,
        sources: [String: String]
    ) async throws {
        let destination = remote.destination(manifest: manifest)
        let outcome = try await run(
            remote: remote, manifest: manifest, state: remote.stateSet(manifest: manifest), sources: sources,
            destination: destination
        ) { operation, approval in
            try await operation.run(desired, options: options, verb: verb, approval: approval)
        }
        try ApplyOutcomeOutput.finish(outcome, sources: sources, destination: destination)
    }

    /// Connects, builds the apply operation with Ctrl-C wired to its stop request, and runs `work`.
    func run(
        remote: RemoteOptions, manifest: String, state: StateSet, sources: [String: String],
        destination: PlanDestination,
        _ work: @escaping @Sendable (ApplyOperation, TerminalApproval) async throws -> ApplyOutcome
    ) async throws -> ApplyOutcome {
        let approval = TerminalApproval(
            autoApprove: autoApprove, colors: Console.colorsStandardOutput, verbose: verbose, destination: destination)
        let stop = StopRequest()
        let (parallelism, lockTimeout, budget) = (parallelism, lockTimeout, budget.budget)
        let interrupt = InterruptHandler(stopping: stop)
        defer { interrupt.uninstall() }
        // --timeout stops scheduling like Ctrl-C: what is under way finishes and is recorded.
        // The hard deadline, a little later, only ends an apply that cannot finish.
        let deadline = remote.timeout.map { timeout in
            Task {
                try await Task.sleep(for: .seconds(timeout.seconds))
                stop.stop(.deadline(seconds: timeout.seconds))
            }
        }
        defer { deadline?.cancel() }
        return try await remote.withConnection(manifest: manifest, grace: 30) { connection in
            let operation = ApplyOperation(
                remote: connection.client, state: state, parallelism: parallelism,
                lockTimeout: .milliseconds(Int(lockTimeout * 1000)), stopRequest: stop, budget: budget)
            return try await work(operation, approval)
        }
    }
}

/// Renders an apply's outcome and maps it to the exit code.
enum ApplyOutcomeOutput {
    static func finish(
        _ outcome: ApplyOutcome, sources: [String: String], planFile: String? = nil, destination: PlanDestination
    ) throws {
        let view = ApplyOutcomeTextView()
        if outcome.status != .stale && !outcome.diagnostics.isEmpty {
            Console.error(DiagnosticRenderer(sources: sources).text(outcome.diagnostics))
            DiagnosticOutput.annotateIfInGitHubActions(outcome.diagnostics)
        }
        Console.error(view.notice(outcome, planFile: planFile))
        Console.out(view.render(outcome, destination: destination))
        try ExitCodes.apply(outcome.status)
    }
}
