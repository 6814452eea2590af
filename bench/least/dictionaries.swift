// The least a loader written in Swift must do to turn a generated suite into respan-plan's
// output as it is today (bodies as dictionaries of JSON values, from a tree of the document): a
// lower bound for bench/callgrind beside typed.swift, never a loader.
//
//   swiftc -O -I Sources/CYAML bench/least/dictionaries.swift -o bench/.work/least-dictionaries
//   bench/.work/least-dictionaries experiments.yaml        # prints the number of experiments
//
// It does only what no loader can skip: libyaml's parse of every file; each scalar copied out
// of C into a Swift String and typed (null, bool, number, string); anchors, aliases and `<<`
// merges; `include:` followed; `defaults:` filled in; matrices expanded and `${{ matrix.X }}`
// substituted; named workflows put in place; one body per experiment as a dictionary of JSON
// values (the form the planner, the lockfile's digests and the renderer take); the experiments
// sorted by key, then let go. It checks nothing, keeps no source locations, reports nothing,
// and knows the generator's shapes only: each of those would cost a real loader more.
import CYAML
import Glibc

enum JSON {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    var object: [String: JSON]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

struct Experiment {
    var key: String
    var body: [String: JSON]
}

/// libyaml's events of one file, turned into a JSON tree with anchors, aliases and merges.
struct TreeBuilder {
    private var parser = yaml_parser_t()
    private var anchors: [String: JSON] = [:]

    static func load(path: String) -> JSON {
        guard let file = fopen(path, "rb") else { fatalError("\(path): cannot read") }
        fseek(file, 0, SEEK_END)
        let size = ftell(file)
        fseek(file, 0, SEEK_SET)
        var bytes = [UInt8](repeating: 0, count: max(size, 1))
        _ = fread(&bytes, 1, size, file)
        fclose(file)
        var builder = TreeBuilder()
        yaml_parser_initialize(&builder.parser)
        defer { yaml_parser_delete(&builder.parser) }
        return bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&builder.parser, buffer.baseAddress, size)
            var root = JSON.null
            while let event = builder.next() {
                defer { var copy = event; yaml_event_delete(&copy) }
                if event.type == YAML_MAPPING_START_EVENT || event.type == YAML_SEQUENCE_START_EVENT
                    || event.type == YAML_SCALAR_EVENT
                {
                    root = builder.node(event)
                }
            }
            return root
        }
    }

    private mutating func next() -> yaml_event_t? {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { fatalError("invalid YAML") }
        if event.type == YAML_STREAM_END_EVENT {
            yaml_event_delete(&event)
            return nil
        }
        return event
    }

    /// The node `event` starts (the event itself is deleted by the caller).
    private mutating func node(_ event: yaml_event_t) -> JSON {
        let value: JSON
        var anchor: UnsafeMutablePointer<yaml_char_t>?
        switch event.type {
        case YAML_ALIAS_EVENT:
            return anchors[String(cString: event.data.alias.anchor)] ?? .null
        case YAML_SCALAR_EVENT:
            anchor = event.data.scalar.anchor
            value = Self.scalar(event)
        case YAML_SEQUENCE_START_EVENT:
            anchor = event.data.sequence_start.anchor
            var items: [JSON] = []
            while var child = next(), child.type != YAML_SEQUENCE_END_EVENT {
                items.append(node(child))
                yaml_event_delete(&child)
            }
            value = .array(items)
        default:
            anchor = event.data.mapping_start.anchor
            value = .object(mapping())
        }
        if let anchor { anchors[String(cString: anchor)] = value }
        return value
    }

    private mutating func mapping() -> [String: JSON] {
        var members: [String: JSON] = [:]
        var merged: [String: JSON] = [:]
        while var keyEvent = next(), keyEvent.type != YAML_MAPPING_END_EVENT {
            let key = Self.text(keyEvent)
            yaml_event_delete(&keyEvent)
            guard var valueEvent = next() else { break }
            let value = node(valueEvent)
            yaml_event_delete(&valueEvent)
            if key == "<<" {
                merged = value.object ?? [:]
            } else {
                members[key] = value
            }
        }
        for (key, value) in merged where members[key] == nil { members[key] = value }
        return members
    }

    private static func text(_ event: yaml_event_t) -> String {
        let scalar = event.data.scalar
        let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// YAML 1.2's core schema for plain scalars, as far as the generator writes them.
    private static func scalar(_ event: yaml_event_t) -> JSON {
        let text = text(event)
        guard event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE else { return .string(text) }
        switch text {
        case "", "null", "~": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default:
            guard let first = text.utf8.first, first == UInt8(ascii: "-") || (48...57).contains(first),
                let number = Double(text)
            else { return .string(text) }
            return .number(number)
        }
    }
}

/// Replaces `${{ matrix.X }}`, read byte by byte: a whole value takes the matrix value, a part
/// of a text the value's text.
func substitute(_ value: JSON, _ matrix: [String: JSON]) -> JSON {
    switch value {
    case .string(let text):
        let bytes = Array(text.utf8)
        guard let open = expressionStart(bytes, from: 0) else { return value }
        var output: [UInt8] = []
        var from = 0
        var at: Int? = open
        while let start = at {
            output.append(contentsOf: bytes[from..<start])
            // "${{ matrix." is 11 bytes; the name runs to the next space.
            var end = start + 11
            while end < bytes.count && bytes[end] != UInt8(ascii: " ") { end += 1 }
            let axisValue = matrix[String(decoding: bytes[(start + 11)..<end], as: UTF8.self)] ?? .null
            if start == 0 && end + 3 == bytes.count { return axisValue }
            switch axisValue {
            case .string(let string): output.append(contentsOf: string.utf8)
            case .number(let number): output.append(contentsOf: String(number).utf8)
            default: break
            }
            from = end + 3
            at = expressionStart(bytes, from: from)
        }
        output.append(contentsOf: bytes[from...])
        return .string(String(decoding: output, as: UTF8.self))
    case .array(var items):
        for index in items.indices where mentionsExpression(items[index]) {
            items[index] = substitute(items[index], matrix)
        }
        return .array(items)
    case .object(var members):
        for (key, member) in members where mentionsExpression(member) { members[key] = substitute(member, matrix) }
        return .object(members)
    default: return value
    }
}

/// Whether the bytes hold `${{`.
func holdsExpression(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count >= 3 else { return false }
    for index in 0..<(bytes.count - 2) where bytes[index] == UInt8(ascii: "$") {
        if bytes[index + 1] == UInt8(ascii: "{") && bytes[index + 2] == UInt8(ascii: "{") { return true }
    }
    return false
}

/// Whether a value holds a text with `${{`: the others are kept as they are, not rebuilt.
func mentionsExpression(_ value: JSON) -> Bool {
    switch value {
    case .string(var text): return text.withUTF8(holdsExpression)
    case .array(let items): return items.contains(where: mentionsExpression)
    case .object(let members): return members.values.contains(where: mentionsExpression)
    default: return false
    }
}

/// Where the next `${{` starts at or after `from`.
func expressionStart(_ bytes: [UInt8], from: Int) -> Int? {
    guard bytes.count >= 3, from < bytes.count - 2 else { return nil }
    for index in from..<(bytes.count - 2) where bytes[index] == UInt8(ascii: "$") {
        if bytes[index + 1] == UInt8(ascii: "{") && bytes[index + 2] == UInt8(ascii: "{") { return index }
    }
    return nil
}

/// Every combination of the axes' values.
func combinations(_ matrix: [String: JSON]) -> [[String: JSON]] {
    var result: [[String: JSON]] = [[:]]
    for (axis, values) in matrix {
        guard case .array(let items) = values else { continue }
        result = result.flatMap { partial in
            items.map { item in
                var next = partial
                next[axis] = item
                return next
            }
        }
    }
    return result
}

func experiments(root path: String) -> [Experiment] {
    let root = TreeBuilder.load(path: path).object ?? [:]
    let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    var entries = root["experiments"]?.object ?? [:]
    if case .array(let includes) = root["include"] ?? .null {
        for case .string(let name) in includes {
            for (key, value) in TreeBuilder.load(path: folder + name).object?["experiments"]?.object ?? [:] {
                entries[key] = value
            }
        }
    }
    let defaults = root["defaults"]?.object ?? [:]
    let workflows = root["workflows"]?.object ?? [:]
    var result: [Experiment] = []
    for (key, entry) in entries {
        var body = entry.object ?? [:]
        let matrix = body.removeValue(forKey: "matrix")?.object
        for (field, value) in defaults where body[field] == nil { body[field] = value }
        if case .string(let name) = body["workflow"] ?? .null { body["workflow"] = workflows[name] }
        guard let matrix else {
            result.append(Experiment(key: key, body: body))
            continue
        }
        for (index, values) in combinations(matrix).enumerated() {
            var instance = body
            for (field, value) in body where mentionsExpression(value) { instance[field] = substitute(value, values) }
            result.append(Experiment(key: key + "-" + String(index), body: instance))
        }
    }
    result.sort { $0.key < $1.key }
    return result
}

print(experiments(root: CommandLine.arguments[1]).count)
