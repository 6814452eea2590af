/// What `respan-plan --version` reports. The release workflow (examples/ci/release.yml) writes the
/// commit it builds into `commit` before `swift build -c release`; a source build says "unknown".
enum BuildInfo {
    /// The release version; bump it with the CHANGELOG.
    static let version = "0.1.0"
    /// The git commit the binary was built from (replaced by the release workflow).
    static let commit = "unknown"

    /// "VERSION (commit COMMIT)", as `--version` prints it.
    static var description: String { "\(version) (commit \(commit))" }
}
