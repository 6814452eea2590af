import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Manifest
import Planning
import RespanCore
import Results
import Views

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the status and progress of every managed experiment's run.",
        discussion: """
            Reads the runs the lockfile records through the filtered list (about one request \
            per 100 experiments). With --wait it polls, at an interval that keeps within the \
            rate limit, until every run completed or failed: on a terminal a progress bar per \
            experiment with the time elapsed and left; otherwise one line per state change.

            Examples:
              respan-plan status --sandbox examples/quickstart/experiments.yaml
              respan-plan status --wait --timeout 30m
              respan-plan apply --auto-approve --wait      (the same wait, after applying)

            Exit codes: 0 every run completed (or, without --wait, none failed), 1 a run \
            failed, the timeout passed, or an error.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var keys: KeySelectionOptions

    @Flag(help: "Poll until every run completed or failed (bounded by --timeout).")
    var wait = false

    func run() async throws {
        guard let desired = manifest.loadReporting().desired else { throw CommandExit.failure }
        let entries = try StatusOperation.runs(
            of: desired, in: remote.existingStateSet(manifest: manifest.file), targets: keys.targets,
            excludes: keys.excludes)
        guard !entries.isEmpty else {
            Console.out(
                "No managed experiments in \(remote.lockfilePath(manifest: manifest.file)); run 'respan-plan apply' first.\n"
            )
            return
        }
        try await StatusRunner(remote: remote, wait: wait).run(entries, manifest: manifest.file)
    }
}

/// Polls and draws status for `status` and `apply --wait`.
struct StatusRunner {
    let remote: RemoteOptions
    let wait: Bool

    func run(_ entries: [(key: String, id: String)], manifest: String) async throws {
        let timeout = remote.timeout.map { Duration.seconds($0.seconds) }
        let rate = remote.sandbox ? remote.rateLimit?.perMinute : remote.rateLimit?.perMinute ?? 60
        let interval = StatusOperation.interval(runs: entries.count, ratePerMinute: rate)
        let (wait, live) = (self.wait, Console.standardOutputIsTerminal)
        let display = StatusDisplay(live: live, colors: Console.colorsStandardOutput)
        let (snapshot, timedOut) = try await remote.withConnection(manifest: manifest, deadline: !wait) { connection in
            let operation = StatusOperation(remote: connection.client, interval: interval)
            guard wait else {
                let snapshot = try await operation.snapshot(entries)
                await display.show(snapshot)
                return (snapshot, false)
            }
            return try await operation.wait(entries, timeout: timeout) { await display.show($0) }
        }
        try Self.finish(snapshot, timedOut: timedOut, limit: timeout ?? snapshot.elapsed)
    }

    static func finish(_ snapshot: StatusSnapshot, timedOut: Bool, limit: Duration) throws {
        for run in snapshot.failed {
            Console.error(
                "error: \(run.key) (\(run.id)) \(run.status): \(run.errorMessage ?? "no message from Respan")\n")
        }
        if timedOut { Console.error("error: \(snapshot.timeoutMessage(limit: limit))\n") }
        if !snapshot.failed.isEmpty || timedOut { throw CommandExit.failure }
    }
}

/// Where status goes: redrawn in place on a terminal, else one line per state change.
actor StatusDisplay {
    let live: Bool
    let colors: Bool
    private var previous: StatusSnapshot?
    private var drawnLines = 0

    init(live: Bool, colors: Bool) {
        self.live = live
        self.colors = colors
    }

    func show(_ snapshot: StatusSnapshot) {
        if live {
            // Fitted to the terminal as it is now (it may have been resized since the last frame).
            let block = StatusLiveView(colors: colors, size: Console.terminalSize).render(snapshot)
            // Up over the last drawing, clearing each line, then draw anew.
            let up = drawnLines > 0 ? "\u{1B}[\(drawnLines)F" : ""
            Console.out(
                up
                    + block.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "\u{1B}[2K" + $0 }
                    .joined(separator: "\n") + "\n")
            drawnLines = block.filter { $0 == "\n" }.count
        } else {
            Console.out(StatusLinesView(previous: previous).render(snapshot))
        }
        previous = snapshot
    }
}
