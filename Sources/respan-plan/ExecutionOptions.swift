import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Manifest
import Planning
import RespanCore
import Results
import Views

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
