import RespanAPI
import RespanCore

/// Before applying, checks that the datasets and evaluators the plan's bodies name exist on
/// Respan, one request per distinct id or slug, so a typo fails before anything changes.
public struct ReferenceCheck: Sendable {
    let client: RespanClient

    public init(client: RespanClient) {
        self.client = client
    }

    /// A diagnostic (at the first experiment using it) for each missing object.
    public func missing(in plan: Plan) async throws(RespanAPIError) -> [Diagnostic] {
        var firstUse: [String: PlannedChange] = [:]
        for change in plan.actionable where change.action == .create || change.action == .replace {
            guard let body = change.body else { continue }
            var names: [String] = []
            if let dataset = body["dataset_id"]?.stringValue { names.append("dataset:" + dataset) }
            names += (body["evaluator_ids"]?.arrayValue ?? []).compactMap(\.stringValue).map { "evaluator:" + $0 }
            names += (body["evaluator_slugs"]?.arrayValue ?? []).compactMap(\.stringValue).map { "slug:" + $0 }
            for name in names where firstUse[name] == nil { firstUse[name] = change }
        }
        var diagnostics: [Diagnostic] = []
        for (name, change) in firstUse.sorted(by: { $0.key < $1.key }) {
            let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
            let (kind, value) = (parts[0], parts[1])
            if try await exists(kind, value) { continue }
            let what =
                kind == "dataset"
                ? "dataset '\(value)'" : kind == "slug" ? "evaluator slug '\(value)'" : "evaluator '\(value)'"
            diagnostics.append(.error("\(change.key): \(what) does not exist on Respan", at: change.location))
        }
        return diagnostics
    }

    private func exists(_ kind: String, _ value: String) async throws(RespanAPIError) -> Bool {
        do {
            switch kind {
            case "dataset": _ = try await client.dataset(value)
            case "evaluator": _ = try await client.evaluator(String(value.split(separator: ":").first ?? ""))
            default: return try await client.evaluator(slug: value) != nil
            }
            return true
        } catch  where error.status == 404 {
            return false
        }
    }
}
