import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Manifest
import Results
import Views

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Answer the pending rows of wait experiments with their runners, without planning.",
        discussion: """
            For every experiment with a 'runner:' whose run the lockfile records, lists the \
            run's traces and runs the command once for each row not yet answered (the row's \
            input as JSON on standard input, its output as JSON on standard output), at most \
            'concurrency' at once, each within 'timeout', and submits each output with its \
            latency. A row whose command fails, times out or prints no JSON is submitted as \
            {"error": …} and counted as errored. Submitted rows are journaled under \
            .respan/submissions/ beside the manifest, so a rerun after a crash answers only the \
            rest, and a rerun after completion submits nothing. The command's environment has \
            no RESPAN_API_KEY unless the runner names it under 'env:'.

            It waits for a run's traces to appear and ends once Respan reports every run \
            finished (bounded by --timeout). 'apply --wait' does the same after applying.

            Examples:
              respan-plan submit
              respan-plan submit experiments.yaml --target rag --timeout 30m

            Exit codes: 0 every row answered, 1 an error or an errored row.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var keys: KeySelectionOptions

    func run() async throws {
        let loaded = manifest.loadReporting()
        guard let desired = loaded.desired else { throw CommandExit.failure }
        try SelectionError.check(targets: keys.targets, excludes: keys.excludes, in: desired)
        let runner = SubmissionRunner(remote: remote)
        if try await runner.run(desired, manifest: manifest.file, keys: keys, sayWhenNone: true) {
            throw CommandExit.failure
        }
    }
}

/// Answers the runs with runners, for `submit` and `apply --wait`, and prints what it did.
struct SubmissionRunner {
    let remote: RemoteOptions

    /// Whether a row errored (the command then exits 1, after the rest of its work).
    /// `sayWhenNone`: tell on standard error that no run in scope has a runner (for `submit`).
    func run(
        _ desired: DesiredState, manifest: String, keys: KeySelectionOptions, sayWhenNone: Bool = false
    ) async throws -> Bool {
        let lockfile = try remote.stateSet(manifest: manifest).store.load()
        let targets = SubmissionTarget.all(
            in: desired, lockfile: lockfile, targets: keys.targets, excludes: keys.excludes)
        guard !targets.isEmpty else {
            if sayWhenNone {
                Console.error("Nothing to submit: no experiment in scope has a runner and an applied run.\n")
            }
            return false
        }
        let view = SubmissionTextView()
        let journal = SubmissionJournal(besideManifestIn: (manifest as NSString).deletingLastPathComponent)
        let outcome = try await remote.withConnection(manifest: manifest) { connection in
            let operation = SubmissionOperation(
                remote: connection.client, journal: journal, environment: Console.environment,
                secret: connection.client.configuration.apiKey, progress: { Console.error(view.progress($0)) })
            return try await operation.run(targets)
        }
        Console.out(view.render(outcome))
        return outcome.hasErroredRows
    }
}
