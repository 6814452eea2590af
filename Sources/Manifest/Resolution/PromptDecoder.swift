import Foundation
import RespanCore

/// Decodes a prompt defined in the manifest (design §13):
///
/// ```yaml
/// prompts:
///   support:
///     model: gpt-4o-mini
///     messages:
///       - { role: system, content: You answer support questions. }
///       - { role: user, content: "{{question}}" }
///     temperature: 0.2
///     max_tokens: 300
/// ```
///
/// or `file: prompts/support.txt` (its text is one user message; a `.json` file holds the
/// messages list) instead of `messages`. The body is what a prompt version is created with
/// (respan-api.md §5: `messages` and `model` required, the sampling settings optional).
enum PromptDecoder {
    static let settings = [
        "temperature", "max_tokens", "top_p", "frequency_penalty", "presence_penalty", "stop", "response_format",
    ]
    static let keys = ["model", "messages", "file", "description"] + settings
    static let roles = ["system", "user", "assistant", "developer"]

    static func decode(_ entry: NamedEntry, diagnostics: inout DiagnosticList) -> ManagedPrompt? {
        let what = "prompt '\(entry.name)'"
        guard let reader = MappingReader(entry.value, what, allowed: keys, diagnostics: &diagnostics) else {
            return nil
        }
        let errors = diagnostics.errorCount
        var body: [String: JSONValue] = [:]
        if let model = reader.required("model", in: what, diagnostics: &diagnostics)?
            .nonEmptyString("the model of \(what)", diagnostics: &diagnostics)
        {
            body["model"] = .string(model.value)
        }
        let messages = self.messages(reader, entry: entry, what: what, diagnostics: &diagnostics)
        if let messages { body["messages"] = .array(messages) }
        for key in settings {
            guard let node = reader[key],
                let value = node.jsonValue(skippingExtensionKeys: true, diagnostics: &diagnostics)
            else { continue }
            body[key] = value
        }
        if let node = reader["max_tokens"] { _ = node.integer("'max_tokens'", minimum: 1, diagnostics: &diagnostics) }
        SamplingRanges.check(diagnostics: &diagnostics) { reader[$0] }
        let description = reader["description"]?.string("the description of \(what)", diagnostics: &diagnostics)?.value
        guard diagnostics.errorCount == errors, let messages else { return nil }
        let json = JSONValue.object(body)
        return ManagedPrompt(
            body: json, digest: ManagedDigest.of(json), variables: variables(in: messages),
            parts: parts(body, messages: messages), description: description, location: entry.keyLocation)
    }

    /// `messages:` inline, or `file:`; exactly one of them.
    private static func messages(
        _ reader: MappingReader, entry: NamedEntry, what: String, diagnostics: inout DiagnosticList
    ) -> [JSONValue]? {
        switch (reader["messages"], reader["file"]) {
        case (.some, .some):
            diagnostics.error("give \(what) 'messages' or 'file', not both", at: reader.keyLocation("file"))
            return nil
        case (nil, nil):
            diagnostics.error(
                "\(what) needs 'messages' (a list of { role, content }) or 'file' (its text as the user message)",
                at: entry.keyLocation)
            return nil
        case (let node?, nil):
            guard let value = node.jsonValue(skippingExtensionKeys: true, diagnostics: &diagnostics) else { return nil }
            return checked(value, at: node.location, what: what, diagnostics: &diagnostics)
        case (nil, let node?):
            return fromFile(node, entry: entry, what: what, diagnostics: &diagnostics)
        }
    }

    private static func fromFile(
        _ node: YAMLNode, entry: NamedEntry, what: String, diagnostics: inout DiagnosticList
    ) -> [JSONValue]? {
        guard let file = node.nonEmptyString("'file'", diagnostics: &diagnostics) else { return nil }
        let directory = (entry.keyLocation.file as NSString).deletingLastPathComponent
        let path = ManifestFileReader.join(directory, file.value)
        guard let bytes = ManifestFileReader.bytes(atPath: path), let text = String(bytes: bytes, encoding: .utf8)
        else {
            diagnostics.error("the file '\(path)' of \(what) cannot be read", at: file.location)
            return nil
        }
        guard path.lowercased().hasSuffix(".json") else {
            return [["role": "user", "content": .string(text)]]
        }
        guard let value = try? JSONValue(parsing: text) else {
            diagnostics.error(
                "the file '\(path)' of \(what) is not JSON (a list of { role, content })", at: file.location)
            return nil
        }
        return checked(value, at: file.location, what: what, diagnostics: &diagnostics)
    }

    /// A non-empty list of `{role, content}` with a known role and text content.
    private static func checked(
        _ value: JSONValue, at location: SourceLocation, what: String, diagnostics: inout DiagnosticList
    ) -> [JSONValue]? {
        guard let items = value.arrayValue, !items.isEmpty else {
            diagnostics.error("the messages of \(what) are a list of { role, content }, at least one", at: location)
            return nil
        }
        for (index, item) in items.enumerated() {
            guard let role = item["role"]?.stringValue, roles.contains(role), item["content"]?.stringValue != nil,
                item.objectValue?.count == 2
            else {
                diagnostics.error(
                    "message \(index + 1) of \(what) is { role, content } with a role of "
                        + roles.joined(separator: ", ") + " and text content", at: location)
                return nil
            }
        }
        return items
    }

    private static let variablePattern = try? NSRegularExpression(pattern: #"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)"#)

    /// `{{ name }}` and `{{ name.field }}` → `name`: the row input keys the template reads.
    static func variables(in messages: [JSONValue]) -> [String] {
        var names = Set<String>()
        for message in messages {
            let text = message["content"]?.stringValue ?? ""
            guard let regex = variablePattern else { continue }
            let range = NSRange(text.startIndex..., in: text)
            for match in regex.matches(in: text, range: range) {
                if let found = Range(match.range(at: 1), in: text) { names.insert(String(text[found])) }
            }
        }
        return names.sorted()
    }

    /// What a change names: the model, the settings, and each message by position and role.
    private static func parts(_ body: [String: JSONValue], messages: [JSONValue]) -> [String: String] {
        var parts = ["model": ManagedDigest.of(body["model"] ?? .null)]
        parts["settings"] = ManagedDigest.of(.object(body.filter { settings.contains($0.key) }))
        for (index, message) in messages.enumerated() {
            parts["message \(index + 1) (\(message["role"]?.stringValue ?? ""))"] = ManagedDigest.of(message)
        }
        return parts
    }
}
