import Foundation

/// The states kept beside one manifest: the default lockfile (`experiments.lock`, `main`'s) and
/// one per workspace (`experiments.NAME.lock`, e.g. a pull request's).
public struct StateSet: Sendable {
    /// The default lockfile's path.
    public let defaultPath: String
    /// The workspace this command works in, or nil for the default state.
    public let workspace: String?

    public init(defaultPath: String, workspace: String?) {
        self.defaultPath = defaultPath
        self.workspace = workspace
    }

    /// The states of `manifest`: its default lockfile (`lockfile`, else beside it) and `workspace`.
    public init(manifest: String, lockfile: String?, workspace: String?) {
        self.init(defaultPath: lockfile ?? LockfileStore.defaultPath(forManifest: manifest), workspace: workspace)
    }

    /// This state, which must exist already (for commands that only read one): a workspace
    /// without a lockfile is an error that lists the ones there are.
    public func existing() throws(StateError) -> StateSet {
        guard let name = workspace, !FileManager.default.fileExists(atPath: path) else { return self }
        throw .unknownWorkspace(name, path: path, known: knownWorkspaces())
    }

    /// `experiments.lock`, or `experiments.NAME.lock` beside it for a workspace.
    public var path: String {
        guard let workspace else { return defaultPath }
        let base = defaultPath.hasSuffix(".lock") ? String(defaultPath.dropLast(".lock".count)) : defaultPath
        return "\(base).\(workspace).lock"
    }

    public var store: LockfileStore { LockfileStore(path: path) }

    /// A workspace's lockfile, or, before its first apply, the default lockfile's entries:
    /// unchanged keys then point at the default state's runs and cost nothing.
    package func startingLockfile(_ store: LockfileStore) throws -> Lockfile {
        if workspace != nil && !FileManager.default.fileExists(atPath: store.path) {
            return try LockfileStore(path: defaultPath).load()
        }
        return try store.load()
    }

    /// Remote ids recorded by every other state beside this one.
    public func idsOwnedElsewhere() throws -> Set<String> {
        guard workspace != nil else { return [] }
        var ids: Set<String> = []
        for other in siblingPaths() where other != path {
            ids.formUnion(try LockfileStore(path: other).load().entries.values.map(\.id))
        }
        return ids
    }

    /// The default lockfile and every workspace lockfile beside it that exists.
    public func siblingPaths() -> [String] {
        let url = URL(fileURLWithPath: defaultPath)
        let directory = url.deletingLastPathComponent()
        let base = url.deletingPathExtension().lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let workspaces = names.filter {
            $0.hasPrefix(base + ".") && $0.hasSuffix(".lock") && $0 != url.lastPathComponent
        }
        let prefix = (defaultPath as NSString).deletingLastPathComponent
        let paths = workspaces.sorted().map { prefix.isEmpty ? $0 : "\(prefix)/\($0)" }
        return (FileManager.default.fileExists(atPath: defaultPath) ? [defaultPath] : []) + paths
    }

    /// The workspaces that have a lockfile.
    public func knownWorkspaces() -> [String] {
        let base = URL(fileURLWithPath: defaultPath).deletingPathExtension().lastPathComponent
        return siblingPaths().dropFirst(FileManager.default.fileExists(atPath: defaultPath) ? 1 : 0).map { path in
            let name = URL(fileURLWithPath: path).lastPathComponent
            return String(name.dropFirst(base.count + 1).dropLast(".lock".count))
        }
    }

    /// A workspace name is a safe file-name fragment: letters, digits, `.`, `_`, `-`, not
    /// starting with `.` or `-`, at most 64 characters.
    public static func validate(workspace name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "._-".unicodeScalars.contains($0)
        }
        if name.isEmpty || name.count > 64 || !allowed || name.hasPrefix(".") || name.hasPrefix("-")
            || name.contains("..")
        {
            return
                "the workspace name '\(name)' is not a safe file-name fragment: use letters, digits, '.', '_' and '-' (at most 64, not starting with '.' or '-'), e.g. pr-7"
        }
        return nil
    }
}
