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
            case .managed: false  // not applied yet: no scores under any key
            }
        }
        return match?.name ?? key
    }

    /// The declared keys, then any other key the traces carry scores under (an evaluator
    /// workflow's graders), each once. A declared evaluator workflow (`workflows`) that no
    /// trace scores under its own id takes the pipeline score key the traces do carry: the one
    /// whose task key names the workflow, else the only pipeline key nothing declared (Respan
    /// may key a pipeline's score by its inner evaluator's id, respan-api.md §9).
    static func all(declared: [(String, String)], workflows: Set<String> = [], traces: [Trace]) -> [(String, String)] {
        var result = matchingPipelines(declared, workflows: workflows, traces: traces)
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

    private static func matchingPipelines(
        _ declared: [(String, String)], workflows: Set<String>, traces: [Trace]
    ) -> [(String, String)] {
        var pipelineKeys: [String: String] = [:]  // score key → task key
        for trace in traces {
            for (key, score) in trace.scoreDetails { if let task = score.taskKey { pipelineKeys[key] = task } }
        }
        let declaredKeys = Set(declared.map(\.1))
        let undeclared = pipelineKeys.keys.filter { !declaredKeys.contains($0) }.sorted()
        return declared.map { name, key in
            guard workflows.contains(key), traces.allSatisfy({ $0.score(for: key) == nil }) else { return (name, key) }
            if let named = undeclared.first(where: { pipelineKeys[$0]?.contains(key) == true }) { return (name, named) }
            return undeclared.count == 1 ? (name, undeclared[0]) : (name, key)
        }
    }
}
