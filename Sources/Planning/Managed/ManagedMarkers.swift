import Manifest
import RespanAPI
import RespanCore

/// How a complete managed dataset is marked on Respan: its description ends with the digest,
/// the row count and `complete`, written only after every row is in. A dataset without the
/// mark (an upload cut short) is never used.
package enum DatasetMarker {
    package static func description(_ base: String?, _ summary: DatasetSummary, complete: Bool) -> String {
        let mark = "respan-plan: \(summary.digest) \(summary.rowCount) rows\(complete ? ", complete" : ", uploading")"
        return [base, mark].compactMap { $0 }.joined(separator: "\n")
    }

    package static func isComplete(_ record: DatasetRecord, _ summary: DatasetSummary) -> Bool {
        (record.description ?? "").hasSuffix("respan-plan: \(summary.digest) \(summary.rowCount) rows, complete")
            && (record.logCount == nil || record.logCount == summary.rowCount)
    }
}

/// A managed evaluator's committed versions carry its definition digest in their
/// `version_description`, so a version made by respan-plan is recognised.
package enum EvaluatorMarker {
    package static func versionDescription(_ digest: String) -> String { "respan-plan: \(digest)" }

    package static func holds(_ version: EvaluatorRecord, _ digest: String) -> Bool {
        version.isReadOnly != false && version.versionDescription == versionDescription(digest)
    }

    /// The definition's top-level fields the remote holds differently.
    package static func differing(_ remote: JSONValue, _ definition: JSONValue) -> [String] {
        (definition.objectValue ?? [:]).sorted { $0.key < $1.key }.compactMap { field, value in
            guard let held = remote[field] else { return field }
            return held.isSemanticallyEqual(to: value) ? nil : field
        }
    }
}

/// How a committed prompt version says which content it holds: its description, the marker an
/// evaluator version carries.
package enum PromptMarker {
    package static func description(_ digest: String) -> String { EvaluatorMarker.versionDescription(digest) }

    package static func holds(_ version: PromptVersionRecord, _ digest: String) -> Bool {
        version.readonly && version.description == description(digest)
    }
}
