import RespanCore

/// Reads a YAML mapping whose keys are a fixed vocabulary: reports unknown keys (with a
/// suggestion), skips `x-` keys, and hands out values by key.
struct MappingReader {
    private(set) var node: YAMLNode
    private(set) var values: [String: YAMLPair] = [:]
    /// Keys in the order written (without `x-` keys).
    private(set) var keys: [String] = []

    /// Nil, with an error, when `node` is not a mapping. `what` names the mapping in messages;
    /// it is only worked out when there is something to report.
    init?(
        _ node: YAMLNode, _ what: @autoclosure () -> String, allowed: some Collection<String>,
        diagnostics: inout DiagnosticList
    ) {
        guard let pairs = node.mapping else {
            diagnostics.error(Message.expected("a mapping", for: what(), got: node), at: node.location)
            return nil
        }
        self.node = node
        values.reserveCapacity(pairs.count)
        keys.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let key = MappingReader.stringKey(pair.key, diagnostics: &diagnostics) else { continue }
            if key.hasPrefix("x-") { continue }
            guard allowed.contains(key) else {
                diagnostics.error(
                    "unknown key '\(key)' in \(what())" + Suggestion.hint(for: key, in: allowed), at: pair.key.location)
                continue
            }
            values[key] = pair
            keys.append(key)
        }
    }

    /// A key's text (a plain `2024` is the text `2024`, as in any text field); an error for a
    /// null key or one that is not a scalar.
    static func stringKey(_ key: YAMLNode, diagnostics: inout DiagnosticList) -> String? {
        guard let text = key.scalar?.textValue else {
            diagnostics.error("a key here must be a string, not \(key.kindName)", at: key.location)
            return nil
        }
        return text
    }

    subscript(key: String) -> YAMLNode? { values[key]?.value }

    /// The same reader without `key`'s value, which it then no longer keeps alive.
    func removing(_ key: String) -> MappingReader {
        var copy = self
        copy.values[key] = nil
        copy.keys.removeAll { $0 == key }
        if let pairs = node.mapping {
            copy.node.content = .mapping(pairs.filter { $0.key.scalar?.textValue != key })
        }
        return copy
    }

    func keyLocation(_ key: String) -> SourceLocation? { values[key]?.key.location }

    /// The value of a key that must be present; an error at the mapping when it is not.
    func required(_ key: String, in what: @autoclosure () -> String, diagnostics: inout DiagnosticList) -> YAMLNode? {
        if let value = self[key] { return value }
        diagnostics.error("missing required key '\(key)' in \(what())", at: node.location)
        return nil
    }
}

/// The entries of a section like `datasets:`: a mapping of user-chosen names to definitions.
struct NamedEntry {
    var name: String
    var keyLocation: SourceLocation
    var value: YAMLNode

    /// The entries of `node` (a mapping), checking that every name is valid.
    static func entries(of node: YAMLNode, section: String, diagnostics: inout DiagnosticList) -> [NamedEntry] {
        guard let pairs = node.mapping else {
            diagnostics.error(Message.expected("a mapping of names", for: "'\(section)'", got: node), at: node.location)
            return []
        }
        var entries: [NamedEntry] = []
        for pair in pairs {
            guard let name = MappingReader.stringKey(pair.key, diagnostics: &diagnostics), !name.hasPrefix("x-")
            else { continue }
            guard Vocabulary.isValidName(name) else {
                diagnostics.error(
                    "invalid name '\(name)' in '\(section)': use \(Vocabulary.nameRule)", at: pair.key.location)
                continue
            }
            entries.append(NamedEntry(name: name, keyLocation: pair.key.location, value: pair.value))
        }
        return entries
    }
}
