/// The keys and names the manifest language accepts, in one place.
enum Vocabulary {
    static let rootKeys = [
        "version", "project", "include", "defaults", "datasets", "evaluators", "prompts", "workflows",
        "experiments", "moved", "pricing",
    ]
    static let includedFileKeys = [
        "include", "datasets", "evaluators", "prompts", "workflows", "experiments", "moved",
    ]
    static let rootOnlyKeys: Set<String> = ["version", "project", "defaults", "pricing"]

    /// Experiment keys that become create-body fields.
    static let bodyKeys = [
        "name", "description", "dataset", "dataset_id", "workflow", "evaluators",
        "evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids", "experiment_id", "span_workflow_name",
        "enable_tracing", "batch_size", "concurrency", "generation_method",
    ]
    static let lifecycleKeys = [
        "gates", "matrix", "protect", "ignore_changes", "replace_strategy", "repeats", "runner",
    ]
    /// The most runs `repeats:` may ask for per experiment.
    static let maxRepeats = 100
    static let experimentKeys = bodyKeys + lifecycleKeys
    /// What `defaults:` may set: everything but what names or multiplies one experiment.
    static let defaultableKeys = experimentKeys.filter {
        !["name", "description", "experiment_id", "matrix"].contains($0)
    }

    /// Spellings of one request field. An experiment's own value in any of them replaces
    /// the defaults' value in every one, so `dataset_id` replaces a default `dataset` and
    /// `evaluator_ids` a default `evaluators`, instead of clashing with it or adding to it.
    static let fieldSpellings: [[String]] = [
        ["dataset", "dataset_id"],
        ["evaluators", "evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids"],
    ]

    /// The keys that set the same field as `key`, `key` included.
    static func spellings(of key: String) -> [String] {
        fieldSpellings.first { $0.contains(key) } ?? [key]
    }

    /// Keys whose defaults merge with the experiment's own value key by key.
    static let mergedKeys: Set<String> = ["gates"]

    /// Keys an experiment (or `defaults`) may no longer set, with why and what to do instead.
    static let retiredExperimentKeys: [String: String] = [
        "tags":
            "'tags' cannot be set: Respan's API takes no tags on create, replace or update (they are response-only, "
            + "respan-api.md §9 and the respan-api 0.1.47 SDK), so they would be refused or dropped; remove it "
            + "(a label can go in an experiment's 'description' or its key)"
    ]

    static let stepTypes = ["prompt", "completion", "eval", "condition", "wait", "duplicate"]
    static let gateKeys = ["min_mean", "max_mean", "min_pass_rate", "min_row_pass_rate", "max_regression"]

    /// `ignore_changes` names → the body fields they cover.
    static let ignorableFields: [String: [String]] = [
        "name": ["name"], "description": ["description"],
        "dataset": ["dataset_id"], "dataset_id": ["dataset_id"], "workflow": ["workflow"],
        "evaluators": ["evaluator_ids", "evaluator_slugs", "evaluator_workflow_ids"],
        "evaluator_ids": ["evaluator_ids"], "evaluator_slugs": ["evaluator_slugs"],
        "evaluator_workflow_ids": ["evaluator_workflow_ids"],
        "batch_size": ["batch_size"], "concurrency": ["concurrency"], "enable_tracing": ["enable_tracing"],
        "span_workflow_name": ["span_workflow_name"], "generation_method": ["generation_method"],
    ]

    /// A matrix axis or the name in `${{ matrix.NAME }}` / `${{ env.NAME }}`: a letter or `_`,
    /// then letters, digits, `_` and `-`. ASCII names (nearly all) are checked by bytes, without
    /// Unicode's property tables; others by `Character`, which also takes non-ASCII letters.
    static func isIdentifier(_ name: some StringProtocol) -> Bool {
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            let isLetter = { (byte: UInt8) in (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
            guard let first = name.utf8.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
            return name.utf8.allSatisfy {
                isLetter($0) || $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }
        }
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    /// Whether a key is an `x-` extension key, ignored everywhere. Asked of every key read, so
    /// by bytes; `hasPrefix` compares by grapheme, which differs only when a non-ASCII
    /// character (a combining mark could join the dash) follows, so that case alone asks it.
    static func isExtensionKey(_ key: String) -> Bool {
        var bytes = key.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "x"), bytes.next() == UInt8(ascii: "-") else { return false }
        guard let next = bytes.next(), next >= 0x80 else { return true }
        return key.hasPrefix("x-")
    }

    /// Names of datasets, evaluators, workflows and experiment keys: no brackets, commas or
    /// '=' so that matrix keys (`sweep[model=a]`) can never collide with a written key.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isNameStart else { return false }
        return name.unicodeScalars.allSatisfy { $0.isNameStart || "-./".unicodeScalars.contains($0) }
    }

    static let nameRule = "letters, digits, '_', '-', '.' and '/', starting with a letter, digit or '_'"
}

extension Unicode.Scalar {
    fileprivate var isNameStart: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self) || self == "_"
    }
}
