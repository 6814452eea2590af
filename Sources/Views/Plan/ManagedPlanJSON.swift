import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// The plan JSON's `managed` member (added in format 1 as an optional member, present only
/// when the manifest manages datasets or evaluators): what happens to each before the experiments.
enum ManagedPlanJSON {
    static func adding(_ plan: ManagedObjectsPlan, to document: JSONValue) -> JSONValue {
        guard !plan.datasets.isEmpty || !plan.evaluators.isEmpty || !plan.prompts.isEmpty,
            var object = document.objectValue
        else { return document }
        var managed: [String: JSONValue] = [
            "datasets": .array(plan.datasets.map(dataset)), "evaluators": .array(plan.evaluators.map(evaluator)),
            "requests": .int(plan.requests),
        ]
        // Present only with prompts, so a plan without them reads as it always did.
        if !plan.prompts.isEmpty { managed["prompts"] = .array(plan.prompts.map(prompt)) }
        object["managed"] = .object(managed)
        return .object(object)
    }

    private static func dataset(_ change: DatasetChange) -> JSONValue {
        [
            "name": .string(change.name), "action": .string(change.action.rawValue),
            "remote_id": change.remoteID.map(JSONValue.string) ?? .null, "remote_name": .string(change.remoteName),
            "digest": change.summary.map { .string($0.digest) } ?? .null,
            "rows": change.summary.map { .int($0.rowCount) } ?? .null,
            "file": change.file.map { .string($0.path) } ?? .null,
            "reason": change.reason.map(JSONValue.string) ?? .null,
            "discard": .array(change.discard.map { .string($0) }),
        ]
    }

    private static func prompt(_ change: PromptChange) -> JSONValue {
        [
            "name": .string(change.name), "action": .string(change.action.rawValue),
            "remote_id": change.remoteID.map(JSONValue.string) ?? .null,
            "version": change.version.map(JSONValue.int) ?? .null, "digest": .string(change.digest),
            "changed_parts": .array(change.changedParts.map { .string($0) }),
            "reason": change.reason.map(JSONValue.string) ?? .null, "body": change.body,
        ]
    }

    private static func evaluator(_ change: EvaluatorChange) -> JSONValue {
        [
            "name": .string(change.name), "action": .string(change.action.rawValue),
            "remote_id": change.remoteID.map(JSONValue.string) ?? .null, "slug": .string(change.slug),
            "digest": .string(change.digest), "changed_fields": .array(change.changedFields.map { .string($0) }),
            "reason": change.reason.map(JSONValue.string) ?? .null, "body": change.body,
        ]
    }
}
