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
