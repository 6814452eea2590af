import Foundation
import RespanCore

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

    /// The journal an apply appends to (`LockfileJournal`); gone once the apply ends.
    public var journalPath: String { path + ".journal" }

    /// The lockfile, or an empty one when the file does not exist yet, with the journal of an
    /// interrupted apply replayed onto it.
    public func load() throws(LockfileError) -> Lockfile {
        var lockfile = Lockfile()
        if let data = FileManager.default.contents(atPath: path) {
            lockfile = try Lockfile.decode(String(decoding: data, as: UTF8.self), path: path)
        }
        if let journal = FileManager.default.contents(atPath: journalPath) {
            try JournalRecord.replay(String(decoding: journal, as: UTF8.self), onto: &lockfile, path: journalPath)
        }
        return lockfile
    }

    /// Appends `line` to the journal (created on first use). A write reaches the kernel before
    /// this returns, so a killed process loses none of it.
    func appendToJournal(_ line: String) throws(LockfileError) {
        do {
            if !FileManager.default.fileExists(atPath: journalPath) {
                // A file that cannot be made is reported by the open below, with its reason.
                _ = FileManager.default.createFile(atPath: journalPath, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: journalPath))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line.utf8))
        } catch {
            throw .unwritable(journalPath, "\(error)")
        }
    }

    private func removeJournal() throws(LockfileError) {
        guard FileManager.default.fileExists(atPath: journalPath) else { return }
        do { try FileManager.default.removeItem(atPath: journalPath) } catch {
            throw .unwritable(journalPath, "\(error)")
        }
    }

    /// Writes only when the bytes change, atomically, then removes the journal: `lockfile`
    /// was loaded with it replayed, so the file now holds all of it.
    public func save(_ lockfile: Lockfile) throws(LockfileError) {
        let text = lockfile.encoded()
        if FileManager.default.contents(atPath: path) != Data(text.utf8) {
            do {
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: path))
            } catch {
                throw .unwritable(path, "\(error)")
            }
        }
        try removeJournal()
    }

    /// Runs `work` holding this lockfile's lock (`PATH.flock`, an OS file lock the kernel drops
    /// if the process dies): one apply, import or forget at a time per lockfile. Waits up to
    /// `timeout` for another holder, then fails naming it.
    public func locked<T>(timeout: Duration = .zero, _ work: () async throws -> T) async throws -> T {
        let lock = FileLock(path: path + ".flock")
        try await lock.acquire(timeout: timeout)
        defer { lock.release() }
        return try await work()
    }
}
