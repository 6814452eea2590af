import Crypto
import Foundation
import RespanCore

/// Datasets and evaluators made through the API (respan-api.md §3–4), beside the seeded
/// catalog: what `respan-plan`'s managed datasets and evaluators create, fill and edit.
struct ManagedCatalog: Sendable {
    struct Dataset: Sendable {
        var id: String
        var name: String
        var description: String
        var createdAt: Double
        var updatedAt: Double
        /// DatasetLog objects (`unique_id`, `input`, `expected_output`, …), in the order added.
        var logs: [JSONValue] = []
    }

    struct Evaluator: Sendable {
        var id: String
        /// The current draft: the create body's fields plus `version`, `version_id`, timestamps.
        var draft: [String: JSONValue]
        /// Committed versions, oldest first; read-only.
        var versions: [JSONValue] = []
    }

    /// A prompt (respan-api.md §5) and its versions, oldest first: each the version's content
    /// with `version`, `readonly` (once committed) and the commit's `description`.
    struct Prompt: Sendable {
        var id: String
        var name: String
        var description: String
        var versions: [[String: JSONValue]] = []

        var record: JSONValue {
            [
                "id": .string(id), "prompt_id": .string(id), "name": .string(name),
                "prompt_slug": .string(id), "description": .string(description),
                "current_version": versions.last.map { $0["version"] ?? .null } ?? .null,
            ]
        }

        var stored: JSONValue {
            [
                "id": .string(id), "name": .string(name), "description": .string(description),
                "versions": .array(versions.map(JSONValue.object)),
            ]
        }

        init(id: String, name: String, description: String, versions: [[String: JSONValue]] = []) {
            self.id = id
            self.name = name
            self.description = description
            self.versions = versions
        }

        init?(stored value: JSONValue) {
            guard let id = value["id"]?.stringValue else { return nil }
            self.init(
                id: id, name: value["name"]?.stringValue ?? "", description: value["description"]?.stringValue ?? "",
                versions: (value["versions"]?.arrayValue ?? []).compactMap(\.objectValue))
        }
    }

    var datasets: [String: Dataset] = [:]
    var evaluators: [String: Evaluator] = [:]
    var prompts: [String: Prompt] = [:]

    /// The seeded catalog plus these objects, as runs and reference checks see them.
    func merged(into seed: Catalog) -> Catalog {
        var catalog = seed
        for dataset in datasets.values.sorted(by: { $0.id < $1.id }) {
            catalog.datasets.append(
                Catalog.Dataset(
                    id: dataset.id, name: dataset.name, description: dataset.description, rows: [], logs: dataset.logs))
        }
        for evaluator in evaluators.values.sorted(by: { $0.id < $1.id }) {
            catalog.evaluators.append(evaluator.scoring)
        }
        for prompt in prompts.values {
            for version in prompt.versions {
                guard let number = version["version"]?.intValue else { continue }
                catalog.promptModels[prompt.id, default: [:]][number] = version["model"]?.stringValue ?? "unknown"
            }
        }
        return catalog
    }
}

extension ManagedCatalog.Evaluator {
    /// The fields that define how it scores.
    static let definitionFields = [
        "type", "score_value_type", "eval_class", "score_config", "passing_conditions", "llm_config", "code_config",
    ]

    /// What runs score with: the latest committed version, or the draft before any commit.
    var scoring: Catalog.Evaluator {
        let current = versions.last?.objectValue ?? draft
        var definition: [String: JSONValue] = [:]
        for field in Self.definitionFields { definition[field] = current[field] }
        let config = current["score_config"]
        let range: ClosedRange<Double>? = {
            guard let low = config?["min_score"]?.numberValue?.doubleValue,
                let high = config?["max_score"]?.numberValue?.doubleValue, low < high
            else { return nil }
            return low...high
        }()
        let digest = SHA256.hash(data: Data(JSONValue.object(definition).serialized().utf8))
        return Catalog.Evaluator(
            id: id, slug: draft["evaluator_slug"]?.stringValue ?? id, name: draft["name"]?.stringValue ?? id,
            scoreValueType: current["score_value_type"]?.stringValue ?? "numerical",
            scoreSalt: digest.prefix(8).map { String(format: "%02x", $0) }.joined(), scoreRange: range,
            managed: .object(draft))
    }
}

// The stored form, for the data directory.
extension ManagedCatalog.Dataset {
    var stored: JSONValue {
        [
            "id": .string(id), "name": .string(name), "description": .string(description),
            "created_at": createdAt.json, "updated_at": updatedAt.json, "logs": .array(logs),
        ]
    }

    init?(stored value: JSONValue) {
        guard let id = value["id"]?.stringValue else { return nil }
        self.init(
            id: id, name: value["name"]?.stringValue ?? "", description: value["description"]?.stringValue ?? "",
            createdAt: value["created_at"]?.numberValue?.doubleValue ?? 0,
            updatedAt: value["updated_at"]?.numberValue?.doubleValue ?? 0, logs: value["logs"]?.arrayValue ?? [])
    }
}

extension ManagedCatalog.Evaluator {
    var stored: JSONValue { ["id": .string(id), "draft": .object(draft), "versions": .array(versions)] }

    init?(stored value: JSONValue) {
        guard let id = value["id"]?.stringValue, let draft = value["draft"]?.objectValue else { return nil }
        self.init(id: id, draft: draft, versions: value["versions"]?.arrayValue ?? [])
    }
}

// Journal entries: `dataset_put` (without logs), `dataset_logs` (rows added), `dataset_log_delete`,
// `dataset_delete`, `evaluator_put`, `evaluator_delete`. Appending only what changed keeps a
// bulk upload O(rows sent), however large the dataset grows.
extension ManagedCatalog {
    init(stored value: JSONValue?) {
        self.init()
        for item in value?["datasets"]?.arrayValue ?? [] {
            if let dataset = Dataset(stored: item) { datasets[dataset.id] = dataset }
        }
        for item in value?["evaluators"]?.arrayValue ?? [] {
            if let evaluator = Evaluator(stored: item) { evaluators[evaluator.id] = evaluator }
        }
        for item in value?["prompts"]?.arrayValue ?? [] {
            if let prompt = Prompt(stored: item) { prompts[prompt.id] = prompt }
        }
    }

    var stored: JSONValue {
        [
            "datasets": .array(datasets.values.sorted { $0.id < $1.id }.map(\.stored)),
            "evaluators": .array(evaluators.values.sorted { $0.id < $1.id }.map(\.stored)),
            "prompts": .array(prompts.values.sorted { $0.id < $1.id }.map(\.stored)),
        ]
    }

    mutating func replay(_ entry: JSONValue) {
        let id = entry["id"]?.stringValue ?? ""
        switch entry["op"]?.stringValue {
        case "dataset_put":
            guard var dataset = entry["dataset"].flatMap(Dataset.init(stored:)) else { return }
            dataset.logs = datasets[dataset.id]?.logs ?? []
            datasets[dataset.id] = dataset
        case "dataset_logs": datasets[id]?.logs += entry["logs"]?.arrayValue ?? []
        case "dataset_log_delete":
            let unique = entry["unique_id"]?.stringValue
            datasets[id]?.logs.removeAll { $0["unique_id"]?.stringValue == unique }
        case "dataset_delete": datasets[id] = nil
        case "evaluator_put":
            if let evaluator = entry["evaluator"].flatMap(Evaluator.init(stored:)) {
                evaluators[evaluator.id] = evaluator
            }
        case "evaluator_delete": evaluators[id] = nil
        case "prompt_put":
            if let prompt = entry["prompt"].flatMap(Prompt.init(stored:)) { prompts[prompt.id] = prompt }
        default: break
        }
    }

    static func datasetPut(_ dataset: Dataset) -> JSONValue {
        var stored = dataset.stored.objectValue ?? [:]
        stored["logs"] = nil
        return ["op": "dataset_put", "dataset": .object(stored)]
    }
}
