import Foundation
import RespanCore

/// Datasets and evaluators made through the API, as the routes change them. Every change is
/// journaled before it is acknowledged, as experiments are.
protocol ManagedRepository: Sendable {
    /// The seeded catalog plus what the API made.
    var currentCatalog: Catalog { get async }
    func createDataset(name: String, description: String) async throws(APIError) -> ManagedCatalog.Dataset
    func managedDataset(_ id: String) async throws(APIError) -> ManagedCatalog.Dataset
    func updateDataset(
        _ id: String, name: String?, description: String?
    ) async throws(APIError) -> ManagedCatalog.Dataset
    func deleteDataset(_ id: String) async throws(APIError)
    /// Stores rows already checked, giving each a `unique_id`.
    func addLogs(_ id: String, _ logs: [JSONValue]) async throws(APIError) -> [JSONValue]
    func deleteLog(_ id: String, uniqueID: String) async throws(APIError)
    func createEvaluator(_ draft: [String: JSONValue]) async throws(APIError) -> ManagedCatalog.Evaluator
    func managedEvaluator(_ id: String) async throws(APIError) -> ManagedCatalog.Evaluator
    func updateEvaluator(_ id: String, _ draft: [String: JSONValue]) async throws(APIError) -> ManagedCatalog.Evaluator
    func commitEvaluator(_ id: String, description: String) async throws(APIError) -> JSONValue
    func deleteEvaluator(_ id: String) async throws(APIError)
    func createPrompt(name: String, description: String) async throws(APIError) -> ManagedCatalog.Prompt
    func prompt(_ id: String) async throws(APIError) -> ManagedCatalog.Prompt
    /// Adds a draft version with `content`; returns it.
    func addPromptVersion(_ id: String, _ content: [String: JSONValue]) async throws(APIError) -> JSONValue
    /// Makes the latest draft read-only with `description`; returns it.
    func commitPrompt(_ id: String, description: String) async throws(APIError) -> JSONValue
}

extension SandboxStore: ManagedRepository {
    var currentCatalog: Catalog { current }

    func createDataset(name: String, description: String) throws(APIError) -> ManagedCatalog.Dataset {
        let time = now
        let dataset = ManagedCatalog.Dataset(
            id: Self.datasetID(name: name, sequence: managed.datasets.count), name: name, description: description,
            createdAt: time, updatedAt: time)
        try record(ManagedCatalog.datasetPut(dataset))
        managed.datasets[dataset.id] = dataset
        return dataset
    }

    /// A UUID-shaped id (as Respan's), derived from the name and how many datasets exist: the
    /// same steps give the same ids, so the scores of runs on them (which hash the spec, dataset
    /// id included) are the same from one test run to the next.
    static func datasetID(name: String, sequence: Int) -> String {
        let first = RunSimulation.hex("dataset", name, String(sequence))
        let hex = Array(first + RunSimulation.hex(first))
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }

    func managedDataset(_ id: String) throws(APIError) -> ManagedCatalog.Dataset {
        if let dataset = managed.datasets[id] { return dataset }
        if catalog.dataset(id) != nil {
            throw APIError(status: 403, detail: "Dataset '\(id)' is seeded and read-only in the sandbox.")
        }
        throw .notFound("Dataset '\(id)'")
    }

    func updateDataset(_ id: String, name: String?, description: String?) throws(APIError) -> ManagedCatalog.Dataset {
        var dataset = try managedDataset(id)
        if let name { dataset.name = name }
        if let description { dataset.description = description }
        dataset.updatedAt = now
        try record(ManagedCatalog.datasetPut(dataset))
        managed.datasets[id] = dataset
        return dataset
    }

    func deleteDataset(_ id: String) throws(APIError) {
        _ = try managedDataset(id)
        try record(["op": "dataset_delete", "id": .string(id)])
        managed.datasets[id] = nil
    }

    func addLogs(_ id: String, _ logs: [JSONValue]) throws(APIError) -> [JSONValue] {
        _ = try managedDataset(id)
        let time = now
        let stored = logs.map { log -> JSONValue in
            var object = log.objectValue ?? [:]
            let unique = "log_" + RunSimulation.hex(id, UUID().uuidString)
            object["id"] = .string(unique)
            object["unique_id"] = .string(unique)
            object["dataset_id"] = .string(id)
            object["timestamp"] = time.iso8601
            return .object(object)
        }
        guard !stored.isEmpty else { return [] }
        try record(["op": "dataset_logs", "id": .string(id), "logs": .array(stored)])
        managed.datasets[id]?.logs += stored
        managed.datasets[id]?.updatedAt = time
        return stored
    }

    func deleteLog(_ id: String, uniqueID: String) throws(APIError) {
        let dataset = try managedDataset(id)
        guard dataset.logs.contains(where: { $0["unique_id"]?.stringValue == uniqueID }) else {
            throw .notFound("Dataset log '\(uniqueID)'")
        }
        try record(["op": "dataset_log_delete", "id": .string(id), "unique_id": .string(uniqueID)])
        managed.datasets[id]?.logs.removeAll { $0["unique_id"]?.stringValue == uniqueID }
    }

    func createEvaluator(_ draft: [String: JSONValue]) throws(APIError) -> ManagedCatalog.Evaluator {
        let slug = draft["evaluator_slug"]?.stringValue ?? ""
        if current.evaluator(slug: slug) != nil {
            throw APIError.badRequest("An evaluator with slug '\(slug)' already exists.")
        }
        let id = "evl_" + RunSimulation.hex(slug, UUID().uuidString)
        var fields = draft
        fields["id"] = .string(id)
        fields["created_at"] = now.iso8601
        let evaluator = ManagedCatalog.Evaluator(
            id: id, draft: ManagedEvaluatorRules.opened(fields, version: 0, at: now))
        try record(["op": "evaluator_put", "evaluator": evaluator.stored])
        managed.evaluators[id] = evaluator
        return evaluator
    }

    func managedEvaluator(_ id: String) throws(APIError) -> ManagedCatalog.Evaluator {
        let base = id.split(separator: ":", maxSplits: 1).first.map(String.init) ?? id
        if let evaluator = managed.evaluators[base] { return evaluator }
        if catalog.evaluator(id: base) != nil {
            throw APIError(status: 403, detail: "Evaluator '\(base)' is seeded and read-only in the sandbox.")
        }
        throw .notFound("Evaluator '\(id)'")
    }

    func updateEvaluator(_ id: String, _ draft: [String: JSONValue]) throws(APIError) -> ManagedCatalog.Evaluator {
        var evaluator = try managedEvaluator(id)
        evaluator.draft = draft
        evaluator.draft["updated_at"] = now.iso8601
        try record(["op": "evaluator_put", "evaluator": evaluator.stored])
        managed.evaluators[evaluator.id] = evaluator
        return evaluator
    }

    func commitEvaluator(_ id: String, description: String) throws(APIError) -> JSONValue {
        var evaluator = try managedEvaluator(id)
        var committed = evaluator.draft
        committed["is_read_only"] = true
        committed["version_description"] = .string(description)
        let version = evaluator.draft["version"]?.intValue ?? 0
        evaluator.versions.append(.object(committed))
        evaluator.draft = ManagedEvaluatorRules.opened(evaluator.draft, version: version + 1, at: now)
        try record(["op": "evaluator_put", "evaluator": evaluator.stored])
        managed.evaluators[evaluator.id] = evaluator
        // 0.1.47: the commit answers the next editable draft, not the version it froze.
        return .object(evaluator.draft)
    }

    func deleteEvaluator(_ id: String) throws(APIError) {
        let evaluator = try managedEvaluator(id)
        try record(["op": "evaluator_delete", "id": .string(evaluator.id)])
        managed.evaluators[evaluator.id] = nil
    }

    /// The current definition hash of each evaluator made through the API that `record` scores with.
    func salts(for record: ExperimentRecord) -> [String: String] {
        var salts: [String: String] = [:]
        for key in record.scoringKeys {
            guard let evaluator = current.evaluator(id: key) ?? current.evaluator(slug: key), evaluator.managed != nil
            else { continue }
            salts[key] = evaluator.scoreSalt
        }
        return salts
    }

    /// The checks of the check evaluators (code respan-plan generated) a run scores with.
    func checks(for record: ExperimentRecord) -> [String: JSONValue] {
        var checks: [String: JSONValue] = [:]
        for key in record.scoringKeys {
            let evaluator = current.evaluator(id: key) ?? current.evaluator(slug: key)
            guard let code = evaluator?.managed?["code_config"]?["eval_code_snippet"]?.stringValue,
                let check = SandboxCheck.check(inCode: code)
            else { continue }
            checks[key] = check
        }
        return checks
    }

    func record(_ entry: JSONValue) throws(APIError) {
        do {
            try journal?.recordManaged(entry)
        } catch {
            throw APIError(status: 500, detail: "The sandbox could not store the change: \(error)")
        }
    }
}
