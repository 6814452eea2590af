import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// JUnit XML: one `testcase` per experiment × gate condition, a `failure` with the value and the
/// bound, `skipped` for a condition that could not be checked. Read by GitHub's and GitLab's
/// test reporters, and Jenkins', which splits `classname` at its last dot into package and
/// class: so `classname` is the key's base name without dots, and `name` carries the full key.
public struct ResultsJUnitView: OutputView {
    public init() {}

    public func render(_ report: ResultsReport) -> String {
        let failures = report.failedGates.count, skipped = report.gates.count { $0.outcome == .skipped }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"respan-plan\" tests=\"\(report.gates.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
        out +=
            "  <testsuite name=\"respan-plan results\" tests=\"\(report.gates.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
        for verdict in report.gates {
            let file = verdict.location.map { " file=\"\(escape($0.file))\" line=\"\($0.line)\"" } ?? ""
            out +=
                "    <testcase classname=\"\(escape(Self.className(verdict.key)))\" name=\"\(escape("\(verdict.key) \(verdict.evaluator) \(verdict.condition.rawValue)"))\"\(file)"
            let rows = rowCounts(verdict, report)
            switch verdict.outcome {
            case .passed where rows == nil:
                out += "/>\n"
            case .passed:
                out += ">\n" + (rows ?? "") + "    </testcase>\n"
            case .skipped:
                out += ">\n      <skipped message=\"\(escape(verdict.reason))\"/>\n    </testcase>\n"
            case .failed, .inconclusive:
                let value = verdict.value.map(Format.number) ?? "none"
                let type = verdict.outcome == .inconclusive ? "inconclusive" : "gate"
                out += ">\n      <failure message=\"\(escape(verdict.reason))\" type=\"\(type)\">"
                out += escape(
                    "\(verdict.name): value \(value), bound \(Format.number(verdict.bound)); \(verdict.reason)")
                out += "</failure>\n" + (rows ?? "") + "    </testcase>\n"
            }
        }
        return out + "  </testsuite>\n</testsuites>\n"
    }

    /// A regression gate's row classes as `system-out`, where a reader looks for detail.
    private func rowCounts(_ verdict: GateVerdict, _ report: ResultsReport) -> String? {
        guard verdict.condition == .maxRegression else { return nil }
        let experiment = (report.repeatGroups + report.experiments).first { $0.key == verdict.key }
        guard let rows = experiment?.evaluators.first(where: { $0.name == verdict.evaluator })?.rows else { return nil }
        return "      <system-out>\(escape("rows: \(rows.summary)"))</system-out>\n"
    }

    /// `compare[model=gpt-4.1]` → `compare`; `suite.v2` → `suite_v2`.
    static func className(_ key: String) -> String {
        KeyPattern.baseName(key).replacingOccurrences(of: ".", with: "_")
    }

    private func escape(_ text: String) -> String { TextEscaping.xml(text) }
}
