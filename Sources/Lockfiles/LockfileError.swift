/// Why a lockfile could not be read or written; each says what to do next.
public enum LockfileError: Error, Equatable, CustomStringConvertible {
    /// The file at `path` does not decode; `at` is the JSON path of the first problem.
    case corrupt(String, at: String, String)
    case newerVersion(String, Int)
    /// An entry's `spec_digest` does not match its `applied` body: edited by hand.
    case digestMismatch(String, key: String)
    case unwritable(String, String)

    public var description: String {
        switch self {
        case .corrupt(let path, let at, let reason):
            "the lockfile '\(path)' is corrupt at \(at): \(reason); restore it from git (git checkout -- \(path)) or remove it and import the experiments again"
        case .newerVersion(let path, let version):
            "the lockfile '\(path)' has format version \(version), newer than this respan-plan reads (\(Lockfile.formatVersion)); upgrade respan-plan"
        case .digestMismatch(let path, let key):
            "the lockfile '\(path)' entry '\(key)' does not match its spec_digest (the 'applied' body was edited by hand); restore it from git (git checkout -- \(path)), or forget it with 'respan-plan state rm \(key)' and adopt the experiment again with 'respan-plan import'"
        case .unwritable(let path, let reason): "cannot write the lockfile '\(path)': \(reason)"
        }
    }
}
