import RespanCore

/// Where a plan is made and applied: the endpoint (Respan at a URL, or the embedded sandbox)
/// and the state (the default one or a workspace) with its lockfile. The plan's header, the
/// confirmation prompt and the apply summary name it, and a saved plan keeps it, so a plan
/// made against the sandbox is never applied to Respan (or the other way round).
public struct PlanDestination: Sendable, Equatable, CustomStringConvertible {
    /// The base URL (for the embedded sandbox its loopback URL, which changes every run).
    public var endpoint: String
    /// The embedded sandbox (`--sandbox`).
    public var sandbox: Bool
    /// The workspace, or nil for the default state.
    public var workspace: String?
    /// The lockfile of that state.
    public var lockfile: String

    public init(endpoint: String, sandbox: Bool, workspace: String?, lockfile: String) {
        self.endpoint = endpoint
        self.sandbox = sandbox
        self.workspace = workspace
        self.lockfile = lockfile
    }

    /// "the embedded sandbox", or the URL.
    public var endpointName: String { sandbox ? "the embedded sandbox" : endpoint }
    /// "workspace pr-7", or "the default state".
    public var stateName: String { workspace.map { "workspace \($0)" } ?? "the default state" }

    /// "https://api.respan.ai · workspace pr-7 (experiments.pr-7.lock)".
    public var description: String { "\(endpointName) · \(stateName) (\(lockfile))" }

    /// Why a plan made against `self` must not be applied against `now`; nil when it may.
    /// The embedded sandbox's URL changes every run, so only its being the sandbox counts.
    public func mismatch(_ now: PlanDestination) -> String? {
        if sandbox && !now.sandbox {
            return "it was made against the embedded sandbox; apply it with --sandbox"
        }
        if !sandbox && now.sandbox {
            return "it was made against \(endpoint), not the embedded sandbox; apply it without --sandbox"
        }
        if !sandbox && endpoint != now.endpoint {
            return "it was made against \(endpoint), not \(now.endpoint); apply it with --endpoint \(endpoint)"
        }
        return nil
    }
}

extension PlanDestination {
    /// `{"endpoint", "sandbox", "workspace", "lockfile"}`: the embedded sandbox's endpoint is
    /// null (its URL changes every run). The plan view and the saved plan both write this.
    public var json: JSONValue {
        [
            "endpoint": sandbox ? .null : .string(endpoint), "sandbox": .bool(sandbox),
            "workspace": workspace.map(JSONValue.string) ?? .null, "lockfile": .string(lockfile),
        ]
    }
}
