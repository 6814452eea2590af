import RespanCore
import Testing

@testable import Applying
@testable import Lockfiles
@testable import Planning

/// Nested diffs: a field's change as the paths that differ, with unchanged neighbours counted.
@Suite struct FieldChangePathsTests {
    static func change(_ field: String, _ before: JSONValue?, _ after: JSONValue?) -> FieldChange {
        FieldChange(field: field, before: before, after: after, forcesReplacement: false)
    }

    static func workflow(model: String) -> JSONValue {
        [["type": "completion", "config": ["model": .string(model), "temperature": 0.2, "max_tokens": 256]]]
    }

    @Test func aModelChangeInAWorkflowStepIsOnePath() {
        let nested = Self.change("workflow", Self.workflow(model: "gpt-4o-mini"), Self.workflow(model: "gpt-4o"))
            .nestedChanges
        #expect(
            nested.changes == [
                PathChange(path: "workflow[0].config.model", action: .update, before: "gpt-4o-mini", after: "gpt-4o")
            ])
        #expect(nested.unchanged == 3)  // config.temperature, config.max_tokens, type
    }

    @Test func arraysCompareByIndexAndShowAddedAndRemovedElements() {
        let grown = Self.change("evaluator_ids", ["a", "b"], ["a", "c", "d"]).nestedChanges
        #expect(
            grown.changes == [
                PathChange(path: "evaluator_ids[1]", action: .update, before: "b", after: "c"),
                PathChange(path: "evaluator_ids[2]", action: .create, before: nil, after: "d"),
            ])
        #expect(grown.unchanged == 1)
        let shrunk = Self.change("evaluator_ids", ["a", "b"], ["a"]).nestedChanges
        #expect(shrunk.changes == [PathChange(path: "evaluator_ids[1]", action: .delete, before: "b", after: nil)])
    }

    @Test func objectsCompareByKey() {
        let nested = Self.change("tags", ["team": "nlp", "old": "x"], ["team": "nlp", "new": ["y"]]).nestedChanges
        #expect(
            nested.changes == [
                PathChange(path: "tags.new", action: .create, before: nil, after: ["y"]),
                PathChange(path: "tags.old", action: .delete, before: "x", after: nil),
            ])
        #expect(nested.unchanged == 1)
    }

    @Test func keysThatAreNotNamesAreQuoted() {
        let nested = Self.change("metadata", ["a key": 1, "ok_key-2": 1], ["a key": 2, "ok_key-2": 2]).nestedChanges
        #expect(nested.changes.map(\.path) == [#"metadata["a key"]"#, "metadata.ok_key-2"])
    }

    @Test func aTypeChangeOrAScalarIsOneChangeAtItsPath() {
        #expect(
            Self.change("config", ["a": 1], [1]).nestedChanges.changes == [
                PathChange(path: "config", action: .update, before: ["a": 1], after: [1])
            ])
        #expect(
            Self.change("name", "a", "b").nestedChanges.changes == [
                PathChange(path: "name", action: .update, before: "a", after: "b")
            ])
    }

    @Test func aWholeFieldAddedOrRemovedIsOneChange() {
        #expect(Self.change("tags", nil, ["a": 1]).nestedChanges.changes.map(\.action) == [.create])
        #expect(Self.change("tags", ["a": 1], nil).nestedChanges.changes.map(\.action) == [.delete])
    }

    /// Numbers compare by value, as the planner does: `1.0` and `1` are the same.
    @Test func numbersSpelledDifferentlyAreUnchanged() throws {
        let before = try JSONValue(parsing: #"{"t": 1.0, "n": 2}"#),
            after = try JSONValue(parsing: #"{"t": 1, "n": 3}"#)
        let nested = Self.change("config", before, after).nestedChanges
        #expect(nested.changes.map(\.path) == ["config.n"])
        #expect(nested.unchanged == 1)
    }
}
