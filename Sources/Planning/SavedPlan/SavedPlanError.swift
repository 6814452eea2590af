import Lockfiles

/// Why a saved plan (`plan --out`) cannot be applied; each says what to do next.
public enum SavedPlanError: Error, Equatable, CustomStringConvertible {
    /// The file does not decode; `at` is the JSON path of the first problem.
    case corrupt(String, at: String, String)
    case newerVersion(String, Int)
    /// Saved by an earlier respan-plan: its managed ids were not typed references yet.
    case olderVersion(String, Int)

    public var description: String {
        switch self {
        case .corrupt(let path, let at, let reason):
            "the saved plan '\(path)' is not valid at \(at): \(reason); make a new one with 'respan-plan plan --out \(path)'"
        case .olderVersion(let path, let version):
            "the saved plan '\(path)' has format version \(version), from an earlier respan-plan (this one reads \(SavedPlan.formatVersion)); make a new one with 'respan-plan plan --out \(path)'"
        case .newerVersion(let path, let version):
            "the saved plan '\(path)' has format version \(version), newer than this respan-plan reads (\(SavedPlan.formatVersion)); apply it with the respan-plan that saved it, or plan again"
        }
    }
}

/// The strict reader of saved plans: its failures are `SavedPlanError.corrupt`.
typealias SavedPlanReader = StrictJSONReader<SavedPlanError>
