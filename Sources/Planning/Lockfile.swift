import Foundation
import RespanCore

/// What the lockfile records for one experiment key.
public struct LockEntry: Sendable, Equatable {
    public enum State: String, Sendable {
        /// The id was chosen and journaled; the POST may or may not have reached Respan.
        case pendingCreate = "pending_create"
        case created
    }

    /// The remote experiment id (client-chosen at creation).
    public var id: String
    public var state: State
    /// SHA-256 of the canonical JSON of the body last applied.
    public var specDigest: String
    /// The body last applied (no secret: it is what the manifest says).
    public var applied: JSONValue

    public init(id: String, state: State, applied: JSONValue) {
        self.id = id
        self.state = state
        self.applied = applied
        self.specDigest = SpecDigest.of(applied)
    }
}

/// `experiments.lock`: manifest key → remote experiment. Versioned, deterministic bytes.
public struct Lockfile: Sendable, Equatable {
    public static let formatVersion = 1

    public var entries: [String: LockEntry] = [:]

    public init(entries: [String: LockEntry] = [:]) {
        self.entries = entries
    }

    /// Renames entries for `moved:`, skipping a move whose target is already managed.
    /// Returns the moves made.
    @discardableResult
    public mutating func applyMoves(_ moves: [(from: String, to: String)]) -> [(from: String, to: String)] {
        var done: [(from: String, to: String)] = []
        for move in moves {
            guard let entry = entries[move.from], entries[move.to] == nil else { continue }
            entries[move.from] = nil
            entries[move.to] = entry
            done.append(move)
        }
        return done
    }

    /// Sorted keys, two-space indent, trailing newline, no timestamps: a no-op apply leaves
    /// the bytes as they were.
    public func encoded() -> String {
        var experiments: [String: JSONValue] = [:]
        for (key, entry) in entries {
            experiments[key] = [
                "id": .string(entry.id), "state": .string(entry.state.rawValue),
                "spec_digest": .string(entry.specDigest), "applied": entry.applied,
            ]
        }
        return JSONValue.object(["format_version": .int(Self.formatVersion), "experiments": .object(experiments)])
            .serialized(pretty: true) + "\n"
    }

    /// Reads the format version first, then decodes that version.
    public static func decode(_ text: String, path: String) throws(LockfileError) -> Lockfile {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw .corrupt(path, error.description)
        }
        guard let version = document["format_version"]?.intValue else {
            throw .corrupt(path, "no 'format_version'")
        }
        guard version <= formatVersion else { throw .newerVersion(path, version) }
        guard let experiments = document["experiments"]?.objectValue else {
            throw .corrupt(path, "no 'experiments' object")
        }
        var lockfile = Lockfile()
        for (key, value) in experiments {
            guard let id = value["id"]?.stringValue, let stateText = value["state"]?.stringValue,
                let state = LockEntry.State(rawValue: stateText), let applied = value["applied"]
            else { throw .corrupt(path, "the entry '\(key)' lacks id, state or applied") }
            lockfile.entries[key] = LockEntry(id: id, state: state, applied: applied)
        }
        return lockfile
    }
}

public enum LockfileError: Error, Equatable, CustomStringConvertible {
    case corrupt(String, String)
    case newerVersion(String, Int)
    case unwritable(String, String)

    public var description: String {
        switch self {
        case .corrupt(let path, let reason):
            "the lockfile '\(path)' is corrupt (\(reason)); restore it from git (git checkout -- \(path)) or remove it and import the experiments again"
        case .newerVersion(let path, let version):
            "the lockfile '\(path)' has format version \(version), newer than this respan-plan reads (\(Lockfile.formatVersion)); upgrade respan-plan"
        case .unwritable(let path, let reason): "cannot write the lockfile '\(path)': \(reason)"
        }
    }
}

/// Reads and atomically writes a lockfile on disk.
public struct LockfileStore: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The lockfile beside a manifest: `experiments.yaml` → `experiments.lock`.
    public static func defaultPath(forManifest manifest: String) -> String {
        let url = URL(fileURLWithPath: manifest)
        let base = url.deletingPathExtension().lastPathComponent
        let directory = (manifest as NSString).deletingLastPathComponent
        return directory.isEmpty ? "\(base).lock" : "\(directory)/\(base).lock"
    }

    /// The lockfile, or an empty one when the file does not exist yet.
    public func load() throws(LockfileError) -> Lockfile {
        guard let data = FileManager.default.contents(atPath: path) else { return Lockfile() }
        return try Lockfile.decode(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Writes only when the bytes change, atomically.
    public func save(_ lockfile: Lockfile) throws(LockfileError) {
        let text = lockfile.encoded()
        if let existing = FileManager.default.contents(atPath: path), existing == Data(text.utf8) { return }
        do {
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: path))
        } catch {
            throw .unwritable(path, "\(error)")
        }
    }
}
