import RespanCore

/// Why a state command could not do what it was asked; each says what to do next.
public enum StateError: Error, Equatable, CustomStringConvertible {
    case notAKey(String, manifest: String, suggestion: String)
    case alreadyManaged(String, id: String)
    case notManaged(String, lockfile: String, suggestion: String)
    case noSuchExperiment(String)
    case unknownWorkspace(String, path: String, known: [String])

    public var description: String {
        switch self {
        case .notAKey(let key, let manifest, let suggestion): "'\(key)' is not a key of \(manifest)\(suggestion)"
        case .alreadyManaged(let key, let id):
            "'\(key)' is already managed as \(id); run 'respan-plan state rm \(key)' first"
        case .notManaged(let key, let lockfile, let suggestion): "'\(key)' is not in \(lockfile)\(suggestion)"
        case .noSuchExperiment(let id): "no experiment '\(id)' exists on Respan; check the id with the Respan UI or API"
        case .unknownWorkspace(let name, let path, let known):
            "there is no workspace '\(name)' here (no \(path)); "
                + (known.isEmpty ? "apply in it first" : "known: \(known.joined(separator: ", "))")
                + Suggestion.hint(for: name, in: known)
        }
    }
}
