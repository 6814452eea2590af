import Lockfiles
import RespanCore

/// One change inside a field, at a path from the body's root (`workflow[0].config.model`).
public struct PathChange: Sendable, Equatable {
    /// What happens at the path.
    public enum Action: String, Sendable {
        case create, update, delete
    }

    public var path: String
    public var action: Action
    /// The value there now; nil when the path is absent (for a whole field: the server default).
    public var before: JSONValue?
    /// The value there after the change; nil when the path goes away.
    public var after: JSONValue?

    public init(path: String, action: Action, before: JSONValue?, after: JSONValue?) {
        self.path = path
        self.action = action
        self.before = before
        self.after = after
    }
}

/// A field's change broken down to the paths that differ, with the unchanged values beside
/// them counted rather than shown.
public struct NestedChanges: Sendable, Equatable {
    public var changes: [PathChange] = []
    /// Unchanged array elements and object members next to a change (what a view elides).
    public var unchanged = 0
}

extension FieldChange {
    /// The paths where `before` and `after` differ: objects compared key by key, arrays index
    /// by index, so a model change in a workflow step is one path, not the whole workflow.
    /// Values that differ in type, and scalars, are one change at their path; keys and
    /// elements only on one side are created or deleted whole.
    public var nestedChanges: NestedChanges {
        var result = NestedChanges()
        Self.diff(before, after, at: field, into: &result)
        return result
    }

    private static func diff(
        _ before: JSONValue?, _ after: JSONValue?, at path: String, into result: inout NestedChanges
    ) {
        switch (before, after) {
        case (nil, nil): return
        case (nil, let after?):
            result.changes.append(PathChange(path: path, action: .create, before: nil, after: after))
        case (let before?, nil):
            result.changes.append(PathChange(path: path, action: .delete, before: before, after: nil))
        case (.object(let old), .object(let new)):
            for key in Set(old.keys).union(new.keys).sorted() {
                diffChild(old[key], new[key], at: path + pathComponent(key), into: &result)
            }
        case (.array(let old), .array(let new)):
            // `.none`, not `nil`: JSONValue is nil-literal expressible, and a bare `nil` here
            // would read as JSON null rather than as a missing element.
            for index in 0..<max(old.count, new.count) {
                let before: JSONValue? = index < old.count ? .some(old[index]) : .none
                let after: JSONValue? = index < new.count ? .some(new[index]) : .none
                diffChild(before, after, at: "\(path)[\(index)]", into: &result)
            }
        case (let before?, let after?):
            if before.isSemanticallyEqual(to: after) { return }
            result.changes.append(PathChange(path: path, action: .update, before: before, after: after))
        }
    }

    /// One element or member: counted when unchanged, compared further when not.
    private static func diffChild(
        _ before: JSONValue?, _ after: JSONValue?, at path: String, into result: inout NestedChanges
    ) {
        if let before, let after, before.isSemanticallyEqual(to: after) {
            result.unchanged += 1
        } else {
            diff(before, after, at: path, into: &result)
        }
    }

    /// `.key` for keys that read as names, `["key"]` (JSON-quoted) for any other.
    static func pathComponent(_ key: String) -> String {
        let isName =
            key.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && key.allSatisfy { $0 == "_" || $0 == "-" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return isName ? "." + key : "[" + JSONValue.string(key).serialized() + "]"
    }
}
