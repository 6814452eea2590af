import ArgumentParser
import Foundation
import Manifest
import Planning
import RespanAPI
import RespanCore

#if canImport(Glibc)
    import Glibc
#endif

/// The steps `apply` and `destroy` share: lock, plan, confirm, apply, report.
struct ApplyRun {
    let manifest: ManifestOptions
    let remote: RemoteOptions
    let execution: ExecutionOptions
    let sources: [String: String]

    func run(_ desired: DesiredState, options: PlanOptions, verb: String) async throws {
        let lockPath = remote.lockfilePath(manifest: manifest.file)
        let lock = FileLock(path: lockPath + ".flock")
        try await lock.acquire(timeout: .seconds(execution.lockTimeout))
        defer { lock.release() }
        let (client, server) = try await remote.connect(manifest: manifest.file)
        defer { if let server { Task { await server.stop() } } }
        let store = LockfileStore(path: lockPath)
        let result = try await PlanSession(client: client, store: store).plan(desired, options: options)
        if !result.diagnostics.isEmpty {
            Console.error(DiagnosticRenderer(sources: sources).text(result.diagnostics.sorted))
            throw ExitCode.failure
        }
        Console.out(PlanTextView().render(result.plan))
        let applier = Applier(client: client, parallelism: execution.parallelism, stopRequest: StopRequest())
        guard result.plan.hasChanges else {
            // Nothing to send; the lockfile is only brought up to date (and untouched when it is).
            _ = try await applier.apply(result.plan, lockfile: result.lockfile, store: store)
            return
        }
        try confirm(verb)
        try await checkReferences(result.plan, client: client)
        let interrupt = InterruptHandler(stopping: applier.stopRequest)
        let applied = try await applier.apply(result.plan, lockfile: result.lockfile, store: store)
        interrupt.uninstall()
        if applier.stopRequest.isStopped {
            let skipped = result.plan.actionable.count - applied.count
            Console.error(
                "Interrupted: \(applied.count) change\(applied.count == 1 ? "" : "s") finished and recorded in the lockfile; \(skipped) not started.\n"
            )
            try? report(applied, verb: verb)
            throw ExitCode(130)
        }
        try report(applied, verb: verb)
    }

    /// Applies a saved plan exactly, after checking that nothing it read has moved on.
    func runSaved(_ saved: SavedPlan, file: String) async throws {
        let lock = FileLock(path: saved.lockfilePath + ".flock")
        try await lock.acquire(timeout: .seconds(execution.lockTimeout))
        defer { lock.release() }
        let (client, server) = try await remote.connect(manifest: saved.manifestDigests.first?.path ?? file)
        defer { if let server { Task { await server.stop() } } }
        let (now, _) = try await Refresher(client: client).refresh(ids: saved.remote.keys)
        let reasons = saved.staleness(remote: now)
        guard reasons.isEmpty else {
            Console.error(
                "error: the saved plan '\(file)' is stale: \(reasons.joined(separator: "; ")); run 'respan-plan plan' again\n"
            )
            throw ExitCode.failure
        }
        let store = LockfileStore(path: saved.lockfilePath)
        var lockfile = try store.load()
        lockfile.applyMoves(saved.plan.moves)
        Console.out(PlanTextView().render(saved.plan))
        guard saved.plan.hasChanges else { return }
        try confirm("apply")
        try await checkReferences(saved.plan, client: client)
        let applier = Applier(client: client, parallelism: execution.parallelism, stopRequest: StopRequest())
        try report(try await applier.apply(saved.plan, lockfile: lockfile, store: store), verb: "apply")
    }

    /// Referenced datasets and evaluators first: a missing one stops the run before any change.
    private func checkReferences(_ plan: Plan, client: RespanClient) async throws {
        let missing = try await ReferenceCheck(client: client).missing(in: plan)
        guard missing.isEmpty else {
            Console.error(DiagnosticRenderer(sources: sources).text(missing))
            Console.error("Nothing was changed.\n")
            throw ExitCode.failure
        }
    }

    private func confirm(_ verb: String) throws {
        if execution.autoApprove { return }
        guard isatty(STDIN_FILENO) == 1 else {
            Console.error(
                "error: \(verb) needs confirmation, and there is no terminal to ask on; pass --auto-approve\n")
            throw ExitCode.failure
        }
        Console.out("\nDo you want to \(verb) these changes? Only 'yes' is accepted: ")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            Console.out("\(verb.capitalized) cancelled.\n")
            throw ExitCode.failure
        }
    }

    private func report(_ applied: [AppliedChange], verb: String) throws {
        let failures = applied.filter { $0.error != nil }
        let diagnostics = failures.map { failure in
            Diagnostic.error(
                "\(failure.change.key): \(failure.change.action.rawValue) failed: \(failure.error.map { "\($0)" } ?? "")",
                at: failure.change.location)
        }
        if !diagnostics.isEmpty { Console.error(DiagnosticRenderer(sources: sources).text(diagnostics)) }
        func count(_ action: PlanAction) -> Int { applied.count { $0.change.action == action && $0.error == nil } }
        Console.out(
            "\n\(verb.capitalized) complete: \(count(.create)) created, \(count(.update)) updated, "
                + "\(count(.replace)) replaced, \(count(.delete)) deleted"
                + (failures.isEmpty ? ".\n" : "; \(failures.count) failed.\n"))
        if !failures.isEmpty { throw ExitCode.failure }
    }
}

/// Ctrl-C during an apply: the first stops scheduling (in-flight calls finish, the lockfile is
/// written, the run exits 130); a second one ends the process at once.
final class InterruptHandler {
    private let source: DispatchSourceSignal

    init(stopping request: StopRequest) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if request.isStopped { exit(130) }
            request.stop()
            Console.error(
                "\nStopping: no new changes start; waiting for those under way (Ctrl-C again to quit at once).\n")
        }
        source.resume()
    }

    func uninstall() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
