import RespanCore

/// Reads a YAML mapping whose keys are a fixed vocabulary: reports unknown keys (with a
/// suggestion), skips `x-` keys, and hands out values by key.
struct MappingReader {
    private(set) var node: YAMLNode
    /// The mapping's pairs; the reader refers to them by position instead of copying them.
    private var pairs: [YAMLPair]
    /// Keys in the order written (without `x-` keys).
    private(set) var keys: [String] = []
    /// Where each of `keys` is in `pairs`, and the key's `signature`. A mapping has a handful
    /// of keys: a scan finds one faster than a dictionary would, and building one costs nothing.
    private var positions: [(pair: Int, signature: Int)] = []

    /// Nil, with an error, when `node` is not a mapping. `what` names the mapping in messages;
    /// it is only worked out when there is something to report.
    init?(
        _ node: YAMLNode, _ what: @autoclosure () -> String, allowed: some Collection<String>,
        retired: [String: String] = [:], diagnostics: inout DiagnosticList
    ) {
        guard let pairs = node.mapping else {
            diagnostics.error(Message.expected("a mapping", for: what(), got: node), at: node.location)
            return nil
        }
        self.node = node
        self.pairs = pairs
        keys.reserveCapacity(pairs.count)
        positions.reserveCapacity(pairs.count)
        // By index: a pair is two nodes, and copying one out of the array costs more than the check.
        for position in pairs.indices {
            guard let key = MappingReader.stringKey(pairs[position].key, diagnostics: &diagnostics) else { continue }
            if Vocabulary.isExtensionKey(key) { continue }
            guard allowed.contains(key) else {
                if let why = retired[key] {
                    diagnostics.error(why, at: pairs[position].key.location)
                    continue
                }
                diagnostics.error(
                    "unknown key '\(key)' in \(what())" + Suggestion.hint(for: key, in: allowed),
                    at: pairs[position].key.location)
                continue
            }
            keys.append(key)
            positions.append((position, Self.signature(key)))
        }
    }

    /// A reader over a mapping put together from checked keys (an experiment's own, merged
    /// with its defaults'), `keys` being its pairs' keys in order: each key was checked, and
    /// any mistake reported, where it was written, so none is looked up in a vocabulary or
    /// read out of its node again (copying a pair out to read its key cost more than the rest).
    init(checked node: YAMLNode, keys: [String]) {
        self.node = node
        pairs = node.mapping ?? []
        precondition(keys.count == pairs.count, "a checked mapping's keys are its pairs' keys")
        self.keys = keys
        positions = keys.indices.map { ($0, Self.signature(keys[$0])) }
    }

    /// The pair of each key (the last, should a key come twice).
    var values: [String: YAMLPair] {
        Dictionary(zip(keys, positions.map { pairs[$0.pair] }), uniquingKeysWith: { _, last in last })
    }

    /// The pair of `key`, if the mapping has it.
    func pair(_ key: String) -> YAMLPair? {
        index(of: key).map { pairs[positions[$0].pair] }
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

    /// The last of `keys` equal to `key`. Keys of another length or first byte are passed
    /// over without a string comparison: most of a lookup's cost was comparing unequal keys
    /// (bench/callgrind).
    private func index(of key: String) -> Int? {
        let signature = Self.signature(key)
        return keys.indices.last { positions[$0].signature == signature && keys[$0] == key }
    }

    /// A key's length in UTF-8 bytes and its first byte, in one number.
    private static func signature(_ key: String) -> Int {
        key.utf8.count << 8 | Int(key.utf8.first ?? 0)
    }

    subscript(key: String) -> YAMLNode? {
        index(of: key).map { pairs[positions[$0].pair].value }
    }

    /// The same reader without `key`'s value, which it then no longer keeps alive.
    func removing(_ key: String) -> MappingReader {
        var copy = self
        var newPosition: [Int: Int] = [:]
        copy.pairs = []
        for (position, pair) in pairs.enumerated() where pair.key.scalar?.textValue != key {
            newPosition[position] = copy.pairs.count
            copy.pairs.append(pair)
        }
        let kept = keys.indices.filter { keys[$0] != key }
        copy.keys = kept.map { keys[$0] }
        copy.positions = kept.compactMap { index in
            newPosition[positions[index].pair].map { ($0, positions[index].signature) }
        }
        copy.node.content = .mapping(copy.pairs)
        return copy
    }

    func keyLocation(_ key: String) -> SourceLocation? {
        index(of: key).map { pairs[positions[$0].pair].key.location }
    }

    /// The value of a key that must be present; an error at the mapping when it is not.
    func required(_ key: String, in what: @autoclosure () -> String, diagnostics: inout DiagnosticList) -> YAMLNode? {
        if let value = self[key] { return value }
        diagnostics.error("missing required key '\(key)' in \(what())", at: node.location)
        return nil
    }
}

/// The entries of a section like `datasets:`: a mapping of user-chosen names to definitions.
struct NamedEntry: Sendable {
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
            guard let name = MappingReader.stringKey(pair.key, diagnostics: &diagnostics),
                !Vocabulary.isExtensionKey(name)
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
