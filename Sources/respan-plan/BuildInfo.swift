import RespanCore

/// What `respan-plan --version` reports. The release workflow (examples/ci/release.yml) writes the
/// commit it builds into `commit` before `swift build -c release`; a source build says "unknown".
enum BuildInfo {
    /// The release version (one constant: `ToolVersion.current`, also sent in `User-Agent`).
    static let version = ToolVersion.current
    /// The git commit the binary was built from (replaced by the release workflow).
    static let commit = "unknown"

    /// "VERSION (commit COMMIT)", as `--version` prints it.
    static var description: String { "\(version) (commit \(commit))" }
}
