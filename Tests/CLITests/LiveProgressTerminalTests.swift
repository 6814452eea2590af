import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `status --wait` redraws its frame in place in a real terminal (tmux, 80 × 24): with more runs
/// than rows and keys wider than the screen, every frame must fit, or the cursor moves of the
/// next one miss and stale frames pile up in the scrollback.
@Suite struct LiveProgressTerminalTests {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func manifest(runs: Int) -> String {
        var text = """
            version: 1
            datasets: { qa: { id: ds_support_qa_2024 } }
            evaluators: { quality: { id: eval_quality } }
            experiments:

            """
        for index in 0..<runs {
            let key = "an-experiment-whose-key-is-wider-than-the-terminal-it-is-watched-in-\(index)"
            text +=
                "  \(key): { dataset: qa, evaluators: [quality], workflow: [{ type: completion, config: { model: m\(index) } }] }\n"
        }
        return text
    }

    @Test(.enabled(if: tmux != nil, "needs tmux (.ci/run installs it)"))
    func framesFitTheTerminalAndLeaveNoStaleCopies() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest(runs: 40))
        let applied = try CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(applied.status == 0, "\(applied.stderr)")
        let socket = "respan-plan-test-\(UUID().uuidString.prefix(8))"
        let capture = directory.path("screen.txt")
        // Through the shell (`system`): a tmux server started by Foundation's Process dies at once.
        func tmux(_ arguments: String) -> Int32 {
            system("TERM=xterm SHELL=/bin/sh '\(Self.tmux!)' -L \(socket) -f /dev/null \(arguments)")
        }
        defer { _ = tmux("kill-server 2>/dev/null") }
        let command =
            "cd '\(directory.url.path)' && '\(CLI.binary.path)' status --sandbox --wait --rate-limit 6000/min; "
            + "echo END-OF-WAIT; sleep 60"
        #expect(tmux("new-session -d -s watch -x 80 -y 24 \"\(command)\"") == 0)
        var screen = ""
        for _ in 0..<600 where !screen.contains("END-OF-WAIT") {
            try await Task.sleep(for: .milliseconds(100))  // polling for a condition, not a fixed wait
            _ = tmux("capture-pane -p -J -S - -t watch > '\(capture)'")
            screen = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        }
        #expect(screen.contains("END-OF-WAIT"), "\(screen)")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        // -J joins wrapped lines: a line that wrapped comes back longer than the terminal.
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(screen)")
        #expect(lines.count { $0.contains("elapsed") } == 1, "stale frames:\n\(screen)")
        #expect(screen.contains("more runs"), "\(screen)")
    }
}
