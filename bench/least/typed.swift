// The least a loader written in Swift must do to turn a generated suite into typed experiments
// decoded straight from libyaml's events, as issue 23 proposes: a lower bound for bench/callgrind
// beside dictionaries.swift (which builds dictionary bodies from a tree), never a loader.
//
//   swiftc -O -wmo -parse-as-library -I Sources/CYAML bench/least/common.swift bench/least/typed.swift \
//       -o bench/.work/least-typed
//   bench/.work/least-typed experiments.yaml        # prints the number of experiments
//
// No node tree: each experiment's fields are read from the events into a struct, a step's open
// config into an ordered list of pairs (nothing hashed); an anchored subtree's events are kept
// and replayed for its aliases (`<<: *base`). Then `include:` followed, `defaults:` filled in,
// matrices expanded with `${{ matrix.X }}`, `${{ project }}` and `${{ env.X || 'v' }}`
// substituted, names resolved to ids, the experiments sorted by key and let go. Like
// dictionaries.swift it checks nothing, keeps no source locations and knows only the generator's shapes.
import CYAML
import Glibc

enum Value {
    case null, bool(Bool), number(Double), string(String), array([Value]), object([(String, Value)])
}

enum Event {
    case scalar(String, plain: Bool)
    case alias(String)
    case mappingStart, mappingEnd, sequenceStart, sequenceEnd, other
}

/// libyaml's events as Swift values; an anchored subtree's events are recorded for its aliases.
struct Events {
    // On the heap: libyaml's string input points back at the parser, which must not move.
    private let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private var anchors: [String: [Event]] = [:]
    private var recording: [(name: String, depth: Int, events: [Event])] = []
    private var replay: [Event] = []
    private var replayAt = 0

    init(path: String) {
        bytes = readFile(path)
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
    }

    func close() {
        yaml_parser_delete(parser)
        parser.deallocate()
        bytes.deallocate()
    }

    /// The next event of a node, replaying an alias's recorded events in its place.
    mutating func next() -> Event {
        if replayAt < replay.count {
            replayAt += 1
            return replay[replayAt - 1]
        }
        let event = parse()
        if case .alias(let name) = event {
            replay = anchors[name] ?? []
            replayAt = 1
            return replay.first ?? .other
        }
        return event
    }

    private mutating func parse() -> Event {
        while true {
            var raw = yaml_event_t()
            guard yaml_parser_parse(parser, &raw) == 1 else { fatalError("invalid YAML") }
            defer { yaml_event_delete(&raw) }
            let event: Event
            var anchor: UnsafeMutablePointer<yaml_char_t>?
            switch raw.type {
            case YAML_SCALAR_EVENT:
                let scalar = raw.data.scalar
                let text = String(
                    decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                event = .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE)
                anchor = scalar.anchor
            case YAML_ALIAS_EVENT: event = .alias(String(cString: raw.data.alias.anchor))
            case YAML_MAPPING_START_EVENT:
                event = .mappingStart
                anchor = raw.data.mapping_start.anchor
            case YAML_SEQUENCE_START_EVENT:
                event = .sequenceStart
                anchor = raw.data.sequence_start.anchor
            case YAML_MAPPING_END_EVENT: event = .mappingEnd
            case YAML_SEQUENCE_END_EVENT: event = .sequenceEnd
            case YAML_STREAM_END_EVENT: return .other
            default: continue
            }
            record(event, anchor: anchor.map { String(cString: $0) })
            return event
        }
    }

    private mutating func record(_ event: Event, anchor: String?) {
        if let anchor { recording.append((anchor, 0, [])) }
        for index in recording.indices {
            recording[index].events.append(event)
            switch event {
            case .mappingStart, .sequenceStart: recording[index].depth += 1
            case .mappingEnd, .sequenceEnd: recording[index].depth -= 1
            default: break
            }
        }
        while let last = recording.last, last.depth == 0 {
            anchors[last.name] = last.events
            recording.removeLast()
        }
    }

    /// A node as a value (step configs, matrix axes), `x-` keys left out.
    mutating func value(_ first: Event) -> Value {
        switch first {
        case .scalar(let text, let plain):
            switch ScalarType(text, plain: plain) {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .number(let value): return .number(value)
            case .string: return .string(text)
            }
        case .sequenceStart:
            var items: [Value] = []
            while case let event = next(), !event.isEnd { items.append(value(event)) }
            return .array(items)
        case .mappingStart:
            var pairs: [(String, Value)] = []
            while case .scalar(let key, _) = next() {
                let member = value(next())
                if !key.hasPrefix("x-") { pairs.append((key, member)) }
            }
            return .object(pairs)
        default: return .null
        }
    }

    mutating func text() -> String {
        if case .scalar(let text, _) = next() { return text }
        return ""
    }

    mutating func texts() -> [String] {
        guard case .sequenceStart = next() else { return [] }
        var items: [String] = []
        while case .scalar(let text, _) = next() { items.append(text) }
        return items
    }

    /// Skips the rest of a node that started with `first`.
    mutating func skip(_ first: Event) {
        var depth = first.isStart ? 1 : 0
        while depth > 0 {
            let event = next()
            if event.isStart { depth += 1 } else if event.isEnd { depth -= 1 }
        }
    }
}

extension Event {
    var isStart: Bool {
        switch self {
        case .mappingStart, .sequenceStart: true
        default: false
        }
    }
    var isEnd: Bool {
        switch self {
        case .mappingEnd, .sequenceEnd: true
        default: false
        }
    }
}

struct Step {
    var type: String
    var config: [(String, Value)]
}

/// An experiment as the create request takes it, typed.
struct Experiment {
    var key = ""
    var name: String?
    var description: String?
    var dataset: String?
    var evaluators: [String]?
    var workflowName: String?
    var steps: [Step]?
    var batchSize: Int?
    var concurrency: Int?
    var enableTracing: Bool?
    var protect: Bool?
    var spanWorkflowName: String?
    var gates: [(String, [(String, Value)])]?
    var matrix: [(String, [Value])]?

    /// Fills what this one leaves out from `other` (`<<` merges and `defaults:`).
    mutating func fill(from other: Experiment) {
        name = name ?? other.name
        description = description ?? other.description
        dataset = dataset ?? other.dataset
        evaluators = evaluators ?? other.evaluators
        if workflowName == nil && steps == nil { (workflowName, steps) = (other.workflowName, other.steps) }
        batchSize = batchSize ?? other.batchSize
        concurrency = concurrency ?? other.concurrency
        enableTracing = enableTracing ?? other.enableTracing
        protect = protect ?? other.protect
        spanWorkflowName = spanWorkflowName ?? other.spanWorkflowName
        gates = gates ?? other.gates
    }
}

extension Events {
    mutating func experiment() -> Experiment {
        var result = Experiment()
        var merged: Experiment?
        guard case .mappingStart = next() else { return result }
        while case .scalar(let key, _) = next() {
            switch key {
            case "<<": merged = experiment()
            case "name": result.name = text()
            case "description": result.description = text()
            case "dataset": result.dataset = text()
            case "evaluators": result.evaluators = texts()
            case "span_workflow_name": result.spanWorkflowName = text()
            case "batch_size": result.batchSize = Int(text())
            case "concurrency": result.concurrency = Int(text())
            case "enable_tracing": result.enableTracing = text() == "true"
            case "protect": result.protect = text() == "true"
            case "workflow":
                let first = next()
                if case .scalar(let name, _) = first { result.workflowName = name } else { result.steps = steps(first) }
            case "matrix":
                guard case .object(let axes) = value(next()) else { continue }
                result.matrix = axes.map { axis in
                    if case .array(let values) = axis.1 { return (axis.0, values) }
                    return (axis.0, [axis.1])
                }
            case "gates":
                guard case .object(let gates) = value(next()) else { continue }
                result.gates = gates.map { gate in
                    if case .object(let bounds) = gate.1 { return (gate.0, bounds) }
                    return (gate.0, [])
                }
            default: skip(next())
            }
        }
        if let merged { result.fill(from: merged) }
        return result
    }

    mutating func steps(_ first: Event) -> [Step] {
        guard case .sequenceStart = first else { return [] }
        var steps: [Step] = []
        while case .mappingStart = next() {
            var step = Step(type: "", config: [])
            while case .scalar(let key, _) = next() {
                if key == "type" {
                    step.type = text()
                } else if case .object(let config) = value(next()) {
                    step.config = config
                }
            }
            steps.append(step)
        }
        return steps
    }

    /// `name: { id: ... }` entries (datasets, evaluators) as name → id.
    mutating func ids() -> [String: String] {
        guard case .mappingStart = next() else { return [:] }
        var result: [String: String] = [:]
        while case .scalar(let name, _) = next() {
            if case .object(let fields) = value(next()),
                case .string(let id)? = fields.first(where: { $0.0 == "id" })?.1
            {
                result[name] = id
            }
        }
        return result
    }

    mutating func entries() -> [(String, Experiment)] {
        guard case .mappingStart = next() else { return [] }
        var result: [(String, Experiment)] = []
        while case .scalar(let key, _) = next() { result.append((key, experiment())) }
        return result
    }
}

/// What `${{ }}` can refer to.
struct Context {
    var project: String
    var matrix: [(String, Value)]
}

/// `text` with its `${{ }}` substituted; a text that is one expression takes its value whole
/// (a number stays a number).
func substitute(_ text: String, _ context: Context) -> Value {
    let result = substituteText(
        text, project: context.project,
        matrix: { axis in context.matrix.first { $0.0.utf8.elementsEqual(axis) }?.1 },
        splice: { value in
            switch value {
            case .string(let string): string
            case .number(let number): String(number)
            default: ""
            }
        }, string: Value.string)
    switch result {
    case .none: return .string(text)
    case .whole(let value): return value
    case .text(let spliced): return .string(spliced)
    }
}

func substituted(_ value: Value, _ context: Context) -> Value {
    switch value {
    case .string(let text): substitute(text, context)
    case .array(let items): .array(items.map { substituted($0, context) })
    case .object(let pairs): .object(pairs.map { ($0.0, substituted($0.1, context)) })
    default: value
    }
}

/// The experiment as sent: names resolved to ids, expressions substituted.
struct Resolved {
    var key: String
    var name: String
    var description: String?
    var datasetID: String
    var evaluatorIDs: [String]
    var steps: [Step]
    var batchSize: Int?
    var concurrency: Int?
    var enableTracing: Bool?
    var protect: Bool
    var spanWorkflowName: String?
    var gates: [(String, [(String, Value)])]
}

struct Definitions {
    var project = ""
    var datasets: [String: String] = [:]
    var evaluators: [String: String] = [:]
    var workflows: [String: [Step]] = [:]
    var defaults = Experiment()

    func resolve(_ key: String, _ entry: Experiment, _ context: Context) -> Resolved {
        var steps = entry.steps ?? entry.workflowName.flatMap { workflows[$0] } ?? []
        for index in steps.indices {
            steps[index].config = steps[index].config.map { ($0.0, substituted($0.1, context)) }
        }
        let text = { (written: String?) -> String? in
            written.map { if case .string(let text) = substitute($0, context) { text } else { $0 } }
        }
        return Resolved(
            key: key, name: text(entry.name) ?? project + "/" + key, description: text(entry.description),
            datasetID: entry.dataset.flatMap { datasets[$0] } ?? "",
            evaluatorIDs: (entry.evaluators ?? []).map { evaluators[$0] ?? $0 }, steps: steps,
            batchSize: entry.batchSize, concurrency: entry.concurrency, enableTracing: entry.enableTracing,
            protect: entry.protect ?? false, spanWorkflowName: entry.spanWorkflowName, gates: entry.gates ?? [])
    }
}

func combinations(_ axes: [(String, [Value])]) -> [[(String, Value)]] {
    axes.reduce([[]]) { partial, axis in partial.flatMap { prefix in axis.1.map { prefix + [(axis.0, $0)] } } }
}

func load(root path: String) -> [Resolved] {
    var definitions = Definitions()
    var entries: [(String, Experiment)] = []
    var includes: [String] = []
    var events = Events(path: path)
    _ = events.next()
    while case .scalar(let key, _) = events.next() {
        switch key {
        case "project": definitions.project = events.text()
        case "include": includes = events.texts()
        case "datasets": definitions.datasets = events.ids()
        case "evaluators": definitions.evaluators = events.ids()
        case "workflows":
            _ = events.next()
            while case .scalar(let name, _) = events.next() {
                definitions.workflows[name] = events.steps(events.next())
            }
        case "defaults": definitions.defaults = events.experiment()
        case "experiments": entries += events.entries()
        default: events.skip(events.next())
        }
    }
    events.close()
    let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    for include in includes {
        var part = Events(path: folder + include)
        _ = part.next()
        while case .scalar(let key, _) = part.next() {
            if key == "experiments" { entries += part.entries() } else { part.skip(part.next()) }
        }
        part.close()
    }
    var result: [Resolved] = []
    result.reserveCapacity(entries.count)
    for (key, written) in entries {
        var entry = written
        entry.fill(from: definitions.defaults)
        guard let matrix = entry.matrix else {
            result.append(definitions.resolve(key, entry, Context(project: definitions.project, matrix: [])))
            continue
        }
        for (index, values) in combinations(matrix).enumerated() {
            let context = Context(project: definitions.project, matrix: values)
            result.append(definitions.resolve(key + "-" + String(index), entry, context))
        }
    }
    result.sort { $0.key < $1.key }
    return result
}

@main enum Least {
    static func main() { print(load(root: CommandLine.arguments[1]).count) }
}
