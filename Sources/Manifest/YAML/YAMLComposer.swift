import RespanCore

/// Limits that keep hostile or broken input from exhausting time, memory or the stack.
public struct YAMLLimits: Sendable {
    /// Nodes that aliases may bring in, in all, per document. A "billion laughs" file hits
    /// this after a few levels instead of expanding to 10^9 nodes.
    public var maxAliasExpansion: Int = 1_000_000
    /// Nesting depth of sequences and mappings.
    public var maxDepth: Int = 256

    public init() {}
}

/// Builds node trees from libyaml's events: resolves aliases, applies `<<` merge keys and
/// reports duplicate keys, keeping every node's position.
struct YAMLComposer {
    private let parser: LibYAMLParser
    private let limits: YAMLLimits
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var expanded = 0
    private(set) var diagnostics = DiagnosticList()

    /// Thrown to stop composing when the input cannot be read further.
    private struct Abort: Error {}

    init(bytes: [UInt8], file: String, limits: YAMLLimits) {
        parser = LibYAMLParser(bytes: bytes, file: file)
        self.limits = limits
    }

    /// Every document of the stream; stops at the first syntax error (libyaml cannot resume).
    mutating func composeStream(maxDocuments: Int = .max) -> [YAMLNode] {
        var documents: [YAMLNode] = []
        do {
            while true {
                switch try nextEvent() {
                case .documentStart(let location):
                    if documents.count == maxDocuments {
                        diagnostics.error(
                            "a manifest file holds one YAML document; a second one starts here", at: location)
                        return documents
                    }
                    anchors = [:]
                    expanded = 0
                    documents.append(try composeDocument())
                case .streamEnd:
                    return documents
                default:
                    continue
                }
            }
        } catch {
            return documents
        }
    }

    private mutating func nextEvent() throws(Abort) -> YAMLEvent {
        do {
            return try parser.next()
        } catch {
            diagnostics.error(error.message, at: error.location)
            throw Abort()
        }
    }

    private mutating func composeDocument() throws(Abort) -> YAMLNode {
        let root = try composeNode(try nextEvent(), depth: 0).node
        guard case .documentEnd = try nextEvent() else { throw Abort() }
        return root
    }

    /// A node and the number of nodes it stands for once aliases are counted in full.
    private mutating func composeNode(_ event: YAMLEvent, depth: Int) throws(Abort) -> (node: YAMLNode, size: Int) {
        let result: (node: YAMLNode, size: Int)
        let anchor: String?
        switch event {
        case .alias(let name, let location):
            return try expandAlias(name, at: location)
        case .scalar(let scalar, let name, let location):
            anchor = name
            result = (YAMLNode(.scalar(scalar), at: location), 1)
        case .sequenceStart(let name, let location):
            anchor = name
            result = try composeSequence(at: location, depth: depth + 1)
        case .mappingStart(let name, let location):
            anchor = name
            result = try composeMapping(at: location, depth: depth + 1)
        default:
            throw Abort()
        }
        if let anchor { anchors[anchor] = result }
        return result
    }

    private mutating func expandAlias(
        _ name: String, at location: SourceLocation
    ) throws(Abort) -> (node: YAMLNode, size: Int) {
        guard let (node, size) = anchors[name] else {
            // An alias must follow its anchor; going on would only report what the missing
            // node would have held.
            diagnostics.error(
                "unknown anchor '*\(name)'" + Suggestion.hint(for: name, in: anchors.keys)
                    + " (an anchor must be defined, with &\(name), before its alias)", at: location)
            throw Abort()
        }
        expanded += size
        if expanded > limits.maxAliasExpansion {
            diagnostics.error(
                "aliases expand to more than \(limits.maxAliasExpansion) nodes; refusing to expand further "
                    + "(a 'billion laughs' document?)", at: location)
            throw Abort()
        }
        // The node keeps the anchor's position: errors inside it point where it is written.
        return (node, size)
    }

    private mutating func checkDepth(_ depth: Int, at location: SourceLocation) throws(Abort) {
        if depth > limits.maxDepth {
            diagnostics.error("nesting is deeper than \(limits.maxDepth) levels", at: location)
            throw Abort()
        }
    }

    private mutating func composeSequence(
        at location: SourceLocation, depth: Int
    ) throws(Abort) -> (node: YAMLNode, size: Int) {
        try checkDepth(depth, at: location)
        var items: [YAMLNode] = []
        var size = 1
        while true {
            let event = try nextEvent()
            if case .sequenceEnd = event { break }
            let item = try composeNode(event, depth: depth)
            items.append(item.node)
            size = size.addingReportingOverflow(item.size).partialValue
        }
        return (YAMLNode(.sequence(items), at: location), size)
    }

    private mutating func composeMapping(
        at location: SourceLocation, depth: Int
    ) throws(Abort) -> (node: YAMLNode, size: Int) {
        try checkDepth(depth, at: location)
        var builder = MappingBuilder()
        var size = 1
        while true {
            let event = try nextEvent()
            if case .mappingEnd = event { break }
            let key = try composeNode(event, depth: depth)
            let value = try composeNode(try nextEvent(), depth: depth)
            size = size.addingReportingOverflow(key.size + value.size).partialValue
            builder.add(YAMLPair(key: key.node, value: value.node), diagnostics: &diagnostics)
        }
        return (YAMLNode(.mapping(builder.finish()), at: location), size)
    }
}
