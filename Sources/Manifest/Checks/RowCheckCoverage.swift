import RespanCore

/// A check that reads each row's own checks (`check: row`) needs rows that carry them: every
/// row without `assert` in a managed dataset it scores is an error at that row (the first
/// `DatasetFile.maxReportedRows`, then a count), so no row fails for a missing expectation
/// only once Respan ran it. A dataset on Respan cannot be read here: that is a warning.
enum RowCheckCoverage {
    static func check(
        _ experiments: [ResolvedExperiment], datasets: [String: DatasetDefinition],
        evaluators: [String: EvaluatorDefinition], diagnostics: inout DiagnosticList
    ) {
        var reported: Set<String> = []
        for experiment in experiments {
            let readers = experiment.managedUses.compactMap { use -> String? in
                guard case .evaluator(let name) = use.reference,
                    let check = evaluators[name]?.managed?.check, CheckSpec.readsRow(check)
                else { return nil }
                return name
            }
            guard let evaluator = readers.first else { continue }
            let dataset = experiment.managedUses.lazy.compactMap { use -> String? in
                if case .dataset(let name) = use.reference { return name }
                return nil
            }.first
            guard let dataset, let summary = datasets[dataset]?.managed?.summary else {
                // No dataset at all: its definition is broken, and its own errors say why.
                guard experiment.body["dataset_id"] != nil else { continue }
                let key = "remote|\(evaluator)"
                if reported.insert(key).inserted {
                    diagnostics.append(
                        .warning(
                            "'\(experiment.key)' scores with '\(evaluator)', which reads each row's own checks ('assert'), "
                                + "on a dataset kept on Respan: respan-plan cannot see whether its rows carry them",
                            at: experiment.location))
                }
                continue
            }
            guard summary.uncheckedRows > 0, reported.insert("\(dataset)|\(evaluator)").inserted else { continue }
            for location in summary.firstUncheckedRows {
                diagnostics.error(
                    "this row of dataset '\(dataset)' has no checks of its own, and evaluator '\(evaluator)' "
                        + "reads them ('check: row'); add \"assert\": [{\"type\": …, \"value\": …}] to it", at: location
                )
            }
            let more = summary.uncheckedRows - summary.firstUncheckedRows.count
            if more > 0 {
                diagnostics.error(
                    "\(counted(more, "more row")) of dataset '\(dataset)' \(more == 1 ? "has" : "have") no 'assert'",
                    at: summary.firstUncheckedRows.last ?? experiment.location)
            }
        }
    }
}
