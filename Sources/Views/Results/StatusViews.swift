import Applying
import Foundation
import Lockfiles
import Planning
import RespanAPI
import RespanCore
import Results

/// Without a terminal: one line per run whose state changed since `previous` (every run the first time).
public struct StatusLinesView: OutputView {
    public var previous: StatusSnapshot?

    public init(previous: StatusSnapshot? = nil) {
        self.previous = previous
    }

    public func render(_ snapshot: StatusSnapshot) -> String {
        let before = Dictionary(uniqueKeysWithValues: (previous?.runs ?? []).map { ($0.key, $0.status) })
        return snapshot.runs.filter { before[$0.key] != $0.status }.map(Self.line).joined()
    }

    static func line(_ run: StatusSnapshot.Run) -> String {
        var text = "\(run.key) (\(run.id)): \(run.status)"
        if !run.isFinished, run.status == "running" || run.progress > 0 { text += " \(Int(run.progress))%" }
        if let error = run.errorMessage, run.isUnsuccessful { text += ": \(error)" }
        return text + "\n"
    }
}

/// On a terminal: a progress bar per run, then elapsed and remaining time and the summary line.
/// `render` returns the whole block; the caller redraws it in place.
public struct StatusLiveView: OutputView {
    public var colors: Bool
    public var barWidth = 24

    public init(colors: Bool) {
        self.colors = colors
    }

    public func render(_ snapshot: StatusSnapshot) -> String {
        let width = snapshot.runs.map(\.key.count).max() ?? 0
        var out = ""
        for run in snapshot.runs {
            let filled = Int((run.progress / 100 * Double(barWidth)).rounded())
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
            let color = run.outcome == .completed ? 32 : run.isUnsuccessful ? 31 : 33
            let key = run.key.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "\(key)  \(paint(bar, color)) \(String(format: "%3d", Int(run.progress)))%  \(run.status)\n"
        }
        return out + StatusSummary.line(snapshot) + "\n"
    }

    private func paint(_ text: String, _ code: Int) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// "2 of 3 completed, 1 running · 12 s elapsed · about 20 s left" (or "· finishing" under a
/// second): completed counts every run
/// that finished successfully, whatever its word; the others are counted by their word.
public enum StatusSummary {
    public static func line(_ snapshot: StatusSnapshot) -> String {
        var counts: [String: Int] = [:]
        for run in snapshot.runs where run.outcome != .completed { counts[run.status, default: 0] += 1 }
        let completed = snapshot.runs.count { $0.outcome == .completed }
        var parts = ["\(completed) of \(snapshot.runs.count) completed"]
        parts += counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        var line = parts.joined(separator: ", ") + " · \(seconds(snapshot.elapsed)) elapsed"
        // Under a second left (or a run at 100 % that has not said it finished) is "finishing":
        // "about 0 s left" while runs still run reads as a hang.
        if let remaining = snapshot.remaining {
            line += remaining < .seconds(1) ? " · finishing" : " · about \(seconds(remaining)) left"
        }
        return line
    }

    static func seconds(_ duration: Duration) -> String { duration.inWords }
}
