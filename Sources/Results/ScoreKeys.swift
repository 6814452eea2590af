import Manifest
import RespanAPI

/// Which evaluators an experiment reports, under which names.
enum ScoreKeys {
    /// (manifest name, score key) for each evaluator the experiment's body scores with, in order.
    static func declared(in experiment: ResolvedExperiment, desired: DesiredState) -> [(String, String)] {
        var keys: [String] = []
        for field in ["evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids"] {
            keys += (experiment.body[field]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        return keys.map { key in (name(of: key, experiment: experiment, desired: desired), key) }
    }

    private static func name(of key: String, experiment: ResolvedExperiment, desired: DesiredState) -> String {
        if let gate = experiment.gates.first(where: { $0.scoreKey == key }) { return gate.evaluator }
        let match = desired.evaluators.values.first { definition in
            switch definition.reference {
            case .id(let id), .slug(let id), .workflowVersion(let id): id == key
            }
        }
        return match?.name ?? key
    }

    /// The declared keys, then any other key the traces carry scores under (an evaluator
    /// workflow's graders), each once.
    static func all(declared: [(String, String)], traces: [Trace]) -> [(String, String)] {
        var result = declared
        var seen = Set(declared.map(\.1))
        for trace in traces {
            for (key, score) in trace.scoreDetails.sorted(by: { $0.key < $1.key }) {
                let aliases = [key, score.evaluatorID, score.evaluatorSlug].compactMap { $0 }
                if aliases.contains(where: seen.contains) { continue }
                seen.insert(key)
                result.append((key, key))
            }
        }
        return result
    }
}
