// The least a loader written in Swift must do to turn a generated suite into respan-plan's
// output as it is today (bodies as dictionaries of JSON values, from a tree of the document): a
// lower bound for bench/callgrind beside typed.swift, never a loader.
//
//   swiftc -O -wmo -parse-as-library -I Sources/CYAML bench/least/common.swift \
//       bench/least/dictionaries.swift -o bench/.work/least-dictionaries
//   bench/.work/least-dictionaries experiments.yaml        # prints the number of experiments
//
// It does only what no loader can skip: libyaml's parse of every file; each scalar copied out
// of C into a Swift String and typed (null, bool, number, string); anchors, aliases and `<<`
// merges; `include:` followed; `defaults:` filled in; matrices expanded and `${{ matrix.X }}`,
// `${{ project }}` and `${{ env.X || 'v' }}` substituted; named workflows put in place; one body per experiment as a dictionary of JSON
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
        let bytes = readFile(path)
        defer { bytes.deallocate() }
        var builder = TreeBuilder()
        yaml_parser_initialize(&builder.parser)
        defer { yaml_parser_delete(&builder.parser) }
        yaml_parser_set_input_string(&builder.parser, bytes.baseAddress, bytes.count)
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
            } else if !key.hasPrefix("x-") {  // a home for anchors, never data (its anchor is kept)
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

    private static func scalar(_ event: yaml_event_t) -> JSON {
        let text = text(event)
        switch ScalarType(text, plain: event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let value): return .number(value)
        case .string: return .string(text)
        }
    }
}

/// The value with its texts' `${{ }}` substituted; values without any are kept, not rebuilt.
func substitute(_ value: JSON, project: String, _ matrix: [String: JSON]) -> JSON {
    switch value {
    case .string(let text):
        let result = substituteText(
            text, project: project, matrix: { matrix[String(decoding: $0, as: UTF8.self)] },
            splice: { value in
                switch value {
                case .string(let string): string
                case .number(let number): String(number)
                default: ""
                }
            }, string: JSON.string)
        switch result {
        case .none: return value
        case .whole(let whole): return whole
        case .text(let spliced): return .string(spliced)
        }
    case .array(var items):
        for index in items.indices where mentionsExpression(items[index]) {
            items[index] = substitute(items[index], project: project, matrix)
        }
        return .array(items)
    case .object(var members):
        for (key, member) in members where mentionsExpression(member) {
            members[key] = substitute(member, project: project, matrix)
        }
        return .object(members)
    default: return value
    }
}

/// Whether a value holds a text with `${{`.
func mentionsExpression(_ value: JSON) -> Bool {
    switch value {
    case .string(var text): return text.withUTF8 { expressionStart($0, from: 0) != nil }
    case .array(let items): return items.contains(where: mentionsExpression)
    case .object(let members): return members.values.contains(where: mentionsExpression)
    default: return false
    }
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
    let project = if case .string(let name) = root["project"] ?? .null { name } else { "" }
    let defaults = root["defaults"]?.object ?? [:]
    let workflows = root["workflows"]?.object ?? [:]
    var result: [Experiment] = []
    for (key, entry) in entries {
        var body = entry.object ?? [:]
        let matrix = body.removeValue(forKey: "matrix")?.object
        for (field, value) in defaults where body[field] == nil { body[field] = value }
        if case .string(let name) = body["workflow"] ?? .null { body["workflow"] = workflows[name] }
        let instances = matrix.map { combinations($0).enumerated().map { (key + "-" + String($0), $1) } }
        for (instanceKey, values) in instances ?? [(key, [:])] {
            var instance = body
            for (field, value) in body where mentionsExpression(value) {
                instance[field] = substitute(value, project: project, values)
            }
            result.append(Experiment(key: instanceKey, body: instance))
        }
    }
    result.sort { $0.key < $1.key }
    return result
}

@main enum Least {
    static func main() { print(experiments(root: CommandLine.arguments[1]).count) }
}
