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
/// `render` returns the whole block; the caller redraws it in place, so the block must fit the
/// terminal (`size`): a line never wraps (keys are shortened, then the bar, then the line cut),
/// and a block taller than the screen shows the runs under way first and counts the rest;
/// either would leave stale frames in the scrollback.
public struct StatusLiveView: OutputView {
    public var colors: Bool
    public var barWidth = 24
    /// The terminal's columns and rows; nil draws everything.
    public var size: (columns: Int, rows: Int)?

    public init(colors: Bool, size: (columns: Int, rows: Int)? = nil) {
        self.colors = colors
        self.size = size
    }

    public func render(_ snapshot: StatusSnapshot) -> String {
        let (runs, hidden) = shown(snapshot.runs)
        var width = runs.map(\.key.count).max() ?? 0
        var bar = barWidth
        if let columns = size?.columns {
            let fixed = 2 + 1 + 4 + 2 + (runs.map(\.status.count).max() ?? 0)
            bar = max(0, min(barWidth, columns - 1 - fixed - min(width, 12)))
            width = max(1, min(width, columns - 1 - fixed - bar))
        }
        var out = ""
        for run in runs { out += line(run, keyWidth: width, barWidth: bar) + "\n" }
        if hidden.count > 0 {
            let done = hidden.count { $0.isFinished }
            out += fit("… and \(counted(hidden.count, "more run", plural: "more runs")) (\(done) finished)") + "\n"
        }
        return out + fit(StatusSummary.line(snapshot)) + "\n"
    }

    /// The runs drawn: all of them when they fit; else those under way first, then the rest,
    /// leaving rows for the count line, the summary and the cursor.
    private func shown(_ runs: [StatusSnapshot.Run]) -> (shown: [StatusSnapshot.Run], hidden: [StatusSnapshot.Run]) {
        guard let rows = size?.rows, runs.count + 2 > rows else { return (runs, []) }
        let room = max(0, rows - 3)
        let ordered = runs.filter { !$0.isFinished } + runs.filter(\.isFinished)
        return (Array(ordered.prefix(room)), Array(ordered.dropFirst(room)))
    }

    private func line(_ run: StatusSnapshot.Run, keyWidth: Int, barWidth: Int) -> String {
        let filled = Int((run.progress / 100 * Double(barWidth)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        let color = run.outcome == .completed ? 32 : run.isUnsuccessful ? 31 : 33
        // Cut in the middle: the keys of one matrix or suite differ at their ends.
        let kept = max(0, keyWidth - 1)
        let key = run.key.count > keyWidth ? run.key.prefix(kept / 2) + "…" + run.key.suffix(kept - kept / 2) : run.key
        let padded = key.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
        let tail = fit(" \(String(format: "%3d", Int(run.progress)))%  \(run.status)", used: keyWidth + 2 + barWidth)
        return "\(padded)  " + (barWidth > 0 ? paint(bar, color) : "") + tail
    }

    /// `text` cut to the columns left after `used`, so the line never wraps.
    private func fit(_ text: String, used: Int = 0) -> String {
        guard let columns = size?.columns else { return text }
        let room = max(0, columns - 1 - used)
        return text.count > room ? String(text.prefix(max(0, room - 1))) + "…" : text
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
