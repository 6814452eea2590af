import Foundation
import RespanCore

/// Prompts made through the API (`/api/prompts/…`), journaled before they are acknowledged.
extension SandboxStore {
    func createPrompt(name: String, description: String) throws(APIError) -> ManagedCatalog.Prompt {
        let prompt = ManagedCatalog.Prompt(
            id: RunSimulation.hex("prompt", name, String(managed.prompts.count), String(now)), name: name,
            description: description)
        managed.prompts[prompt.id] = prompt
        try record(["op": "prompt_put", "prompt": prompt.stored])
        return prompt
    }

    func prompt(_ id: String) throws(APIError) -> ManagedCatalog.Prompt {
        guard let prompt = managed.prompts[id] else { throw APIError(status: 404, detail: "Not found.") }
        return prompt
    }

    func addPromptVersion(_ id: String, _ content: [String: JSONValue]) throws(APIError) -> JSONValue {
        var prompt = try prompt(id)
        var version = content
        version["version"] = .int((prompt.versions.last?["version"]?.intValue ?? 0) + 1)
        version["readonly"] = false
        version["prompt_version_id"] = .string(RunSimulation.hex(id, String(prompt.versions.count)))
        version["id"] = version["prompt_version_id"]
        prompt.versions.append(version)
        managed.prompts[id] = prompt
        try record(["op": "prompt_put", "prompt": prompt.stored])
        return .object(version)
    }

    func commitPrompt(_ id: String, description: String) throws(APIError) -> JSONValue {
        var prompt = try prompt(id)
        guard var draft = prompt.versions.last, draft["readonly"] != true else {
            throw APIError.badRequest("There is no draft to commit.")
        }
        draft["readonly"] = true
        draft["description"] = .string(description)
        prompt.versions[prompt.versions.count - 1] = draft
        managed.prompts[id] = prompt
        try record(["op": "prompt_put", "prompt": prompt.stored])
        return .object(draft)
    }
}
