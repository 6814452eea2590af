import Foundation
import Manifest
import RespanCore

/// What the lockfile records for a managed dataset (`"datasets": {NAME: …}`).
public struct DatasetLock: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// Created on Respan, rows still being added: never used by an experiment; the next
        /// apply deletes it and uploads anew.
        case uploading
        /// Every row is in: experiments may use it.
        case complete
    }

    public var id: String
    /// The remote dataset's name (project, key and a short digest).
    public var name: String
    public var digest: String
    public var rows: Int
    public var state: State
    /// The row index (base64 of 8 bytes a row) to explain the next change; left out above
    /// `DatasetLock.maxIndexedRows` rows to keep the lockfile small.
    public var index: String?
    /// Datasets this state made for earlier versions of the file; `--prune` deletes those no
    /// lockfile references any more.
    public var previous: [String]
    /// The rules `digest` was taken under (`"digest_version"`, written only when earlier than
    /// the current rules): a dataset from an earlier version keeps its digest, and its runs,
    /// while its file reads the same under those rules.
    public var digestVersion: DatasetDigestVersion

    public static let maxIndexedRows = 20_000

    public init(
        id: String, name: String, digest: String, rows: Int, state: State, index: String? = nil,
        previous: [String] = [], digestVersion: DatasetDigestVersion = .current
    ) {
        self.digestVersion = digestVersion
        self.id = id
        self.name = name
        self.digest = digest
        self.rows = rows
        self.state = state
        self.index = index
        self.previous = previous
    }

    /// The index of `summary` in lockfile form, or nil past `maxIndexedRows`.
    package static func encodeIndex(_ summary: DatasetSummary) -> String? {
        guard summary.index.count <= maxIndexedRows else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(summary.index.count * 8)
        for value in summary.index {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        }
        return Data(bytes).base64EncodedString()
    }

    package var decodedIndex: [UInt64]? {
        guard let index, let data = Data(base64Encoded: index), data.count % 8 == 0 else { return nil }
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count, by: 8).map { start in
            bytes[start..<start + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
    }

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "name": .string(name), "digest": .string(digest), "rows": .int(rows),
            "state": .string(state.rawValue),
        ]
        if let index { object["index"] = .string(index) }
        if !previous.isEmpty { object["previous"] = .array(previous.map { .string($0) }) }
        if digestVersion < .current { object["digest_version"] = .int(digestVersion.rawValue) }
        return .object(object)
    }
}

/// What the lockfile records for a managed evaluator (`"evaluators": {NAME: …}`).
public struct EvaluatorLock: Sendable, Equatable {
    /// Stable across versions.
    public var id: String
    public var slug: String
    /// The definition digest the committed version holds.
    public var digest: String
    /// The version committed for `digest`.
    public var version: Int?

    public init(id: String, slug: String, digest: String, version: Int?) {
        self.id = id
        self.slug = slug
        self.digest = digest
        self.version = version
    }

    var json: JSONValue {
        var object: [String: JSONValue] = ["id": .string(id), "slug": .string(slug), "digest": .string(digest)]
        if let version { object["version"] = .int(version) }
        return .object(object)
    }
}

/// What the lockfile records for a managed prompt (`"prompts": {NAME: …}`): the Respan prompt,
/// and the committed version that holds the manifest's content (`digest`).
public struct PromptLock: Sendable, Equatable {
    public var id: String
    public var digest: String
    public var version: Int
    /// A digest per part of the content (`model`, `settings`, `message 1 (system)`…), to say
    /// what the next change changed.
    public var parts: [String: String]

    public init(id: String, digest: String, version: Int, parts: [String: String] = [:]) {
        self.id = id
        self.digest = digest
        self.version = version
        self.parts = parts
    }

    var json: JSONValue {
        var object: [String: JSONValue] = ["id": .string(id), "digest": .string(digest), "version": .int(version)]
        if !parts.isEmpty { object["parts"] = .object(parts.mapValues { .string($0) }) }
        return .object(object)
    }
}
