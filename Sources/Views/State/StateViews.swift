import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// `state list`: one line a key, `KEY<TAB>ID<TAB>STATE`, sorted by key.
public struct StateListTextView: OutputView {
    public init() {}

    public func render(_ lockfile: Lockfile) -> String {
        lockfile.entries.sorted { $0.key < $1.key }.map { key, entry in
            "\(key)\t\(entry.id)\t\(entry.state.rawValue)\(entry.protect ? "\tprotected" : "")\n"
        }.joined()
    }
}

/// `state show KEY`: the entry as JSON.
public struct StateShowJSONView: OutputView {
    public init() {}

    public func render(_ subject: (key: String, entry: LockEntry)) -> String {
        let document: JSONValue = [
            "key": .string(subject.key), "id": .string(subject.entry.id),
            "state": .string(subject.entry.state.rawValue), "spec_digest": .string(subject.entry.specDigest),
            "applied": subject.entry.applied, "protect": .bool(subject.entry.protect),
        ]
        return document.serialized(pretty: true) + "\n"
    }
}

/// `import KEY ID`.
public struct ImportTextView: OutputView {
    public init() {}

    public func render(_ imported: StateOperations.Imported) -> String {
        "Imported \(imported.id) as '\(imported.key)'. Run 'respan-plan plan' to see how it differs from the manifest.\n"
    }
}

/// `state rm KEY`.
public struct ForgetTextView: OutputView {
    public init() {}

    public func render(_ forgotten: StateOperations.Forgotten) -> String {
        "Forgot '\(forgotten.key)'; the remote experiment \(forgotten.id) is kept.\n"
    }
}
