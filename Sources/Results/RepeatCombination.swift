/// Combines the runs of a `repeats: N` experiment into one result: per-row means across the
/// runs (the unit gates and pairing use), the mean of the run means and their spread.
enum RepeatCombination {
    static func combine(baseKey: String, _ runs: [ExperimentResult]) -> ExperimentResult {
        // The run that speaks for all: the first that ended without completing, else the
        // first still running, else the first (all completed). Its word is shown verbatim.
        let representative =
            runs.first { $0.outcome != nil && $0.outcome != .completed } ?? runs.first { $0.outcome == nil }
            ?? runs.first
        let names = runs.flatMap { $0.evaluators.map(\.name) }.reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        let evaluators = names.map { name in
            combine(name: name, runs.compactMap { run in run.evaluators.first { $0.name == name } })
        }
        var combined = ExperimentResult(
            key: baseKey, id: nil, status: representative?.status ?? "pending",
            progress: runs.compactMap(\.progress).min(),
            errorMessage: representative?.errorMessage, completedAt: representative?.completedAt,
            traceCount: runs.map(\.traceCount).reduce(0, +),
            cost: sum(runs.compactMap(\.cost)), tokens: runs.compactMap(\.tokens).reduce(0, +),
            evaluators: evaluators, baselineID: nil)
        combined.estimatedCost = sum(runs.compactMap(\.estimatedCost))
        combined.sharesBaselineRun = !runs.isEmpty && runs.allSatisfy(\.sharesBaselineRun)
        combined.notLikeForLike = runs.flatMap(\.notLikeForLike).reduce(into: []) {
            if !$0.contains($1) { $0.append($1) }
        }
        return combined
    }

    private static func combine(name: String, _ results: [EvaluatorResult]) -> EvaluatorResult {
        let isBoolean = results.allSatisfy(\.statistics.isBoolean)
        var rows: [String: [Double]] = [:]
        for result in results { for (row, value) in result.rowMeans { rows[row, default: []].append(value) } }
        let rowMeans = rows.mapValues { $0.reduce(0, +) / Double($0.count) }
        var combined = EvaluatorResult(
            name: name, scoreKey: results.first?.scoreKey ?? name,
            statistics: ScoreStatistics(rowMeans.sorted { $0.key < $1.key }.map(\.value), isBoolean: isBoolean),
            comparison: nil, rowMeans: rowMeans)
        combined.statistics.count = results.map(\.statistics.count).reduce(0, +)
        for result in results {
            combined.rowPasses.merge(result.rowPasses) { kept, more in
                RowPasses(
                    row: kept.row, passed: kept.passed + more.passed, runs: kept.runs + more.runs, input: kept.input)
            }
        }
        let means = results.compactMap(\.statistics.mean)
        combined.repeats = RepeatSpread(
            runs: results.count, meanOfMeans: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count),
            range: means.max().flatMap { max in means.min().map { max - $0 } },
            standardDeviation: Intervals.standardDeviation(means))
        let baselines = results.compactMap(\.baselineRowMeans)
        if !baselines.isEmpty {
            var before: [String: [Double]] = [:]
            for baseline in baselines { for (row, value) in baseline { before[row, default: []].append(value) } }
            combined.comparison = PairedComparison(current: rows, baseline: before, isBoolean: isBoolean)
            combined.baselineRowMeans = before.mapValues { $0.reduce(0, +) / Double($0.count) }
            combined.erroredRows = results.reduce(into: Set<String>()) { $0.formUnion($1.erroredRows) }
            combined.rows = RowClasses.classify(
                current: rowMeans, baseline: combined.baselineRowMeans ?? [:], errored: combined.erroredRows,
                failBelow: isBoolean ? 0.5 : nil)
            combined.newRows = Array(
                results.flatMap(\.newRows).sorted { ($0.score, $0.row) < ($1.score, $1.row) }
                    .reduce(into: [NewRow]()) { kept, row in
                        if !kept.contains(where: { $0.row == row.row }) { kept.append(row) }
                    }.prefix(RowExample.limit))
            combined.worstRows = Array(
                results.flatMap(\.worstRows).sorted { ($0.change, $0.row) < ($1.change, $1.row) }
                    .reduce(into: [RowExample]()) { kept, row in
                        if !kept.contains(where: { $0.row == row.row }) { kept.append(row) }
                    }.prefix(RowExample.limit))
        }
        return combined
    }

    private static func sum(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) }
}
