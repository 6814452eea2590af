import Foundation
import Lockfiles
import Planning

/// Where the runs to compare against are recorded: a lockfile on disk (`--baseline`), or the
/// lockfile as committed at a git ref (`--baseline-ref`, read with `git show REF:path`).
public enum BaselineSource: Sendable, Equatable {
    case lockfile(String)
    case gitRef(String, lockfile: String)

    /// What the baseline is called in a sentence: the git ref, or the lockfile path.
    public var label: String {
        switch self {
        case .lockfile(let path): path
        case .gitRef(let ref, _): ref
        }
    }

    /// The baseline lockfile, strictly decoded.
    public func load() throws -> (lockfile: Lockfile, description: String) {
        switch self {
        case .lockfile(let path):
            guard FileManager.default.fileExists(atPath: path) else { throw BaselineError.missingFile(path) }
            return (try LockfileStore(path: path).load(), path)
        case .gitRef(let ref, let path):
            let text = try GitShow.file(ref: ref, path: path)
            let name = "\(ref):\(path)"
            return (try Lockfile.decode(text, path: name), name)
        }
    }
}

extension BaselineSource {
    /// A baseline to compare with: its lockfile, its description, and whether it is absent.
    public struct Loaded: Sendable {
        public var lockfile: Lockfile
        public var description: String
        /// The ref exists but has no lockfile (the pull request that introduces respan-plan, or a
        /// repository that never commits it): every key is new, and regression gates are skipped.
        public var absent: Bool
    }

    /// `load()`, except that a git ref without the lockfile is an empty, absent baseline
    /// rather than an error. An unknown ref, or a missing `--baseline` file, is still an error.
    public func loadForComparison() throws -> Loaded {
        do {
            let (lockfile, description) = try load()
            return Loaded(lockfile: lockfile, description: description, absent: false)
        } catch BaselineError.notInRef(let ref, let path) {
            return Loaded(lockfile: Lockfile(), description: "\(ref):\(path)", absent: true)
        }
    }
}

/// Why a baseline could not be read; each says what to do next.
public enum BaselineError: Error, Equatable, CustomStringConvertible {
    case missingFile(String)
    case unknownRef(String, String, shallow: Bool)
    case notInRef(String, String)
    case notARepository(String)
    case git(String)

    public var description: String {
        switch self {
        case .missingFile(let path): "the baseline lockfile '\(path)' does not exist"
        case .unknownRef(let ref, let detail, let shallow):
            "the git ref '\(ref)' is unknown here (\(detail))"
                + (shallow
                    ? "; this clone is shallow: fetch the ref first with '\(Self.fetchCommand(ref))'"
                    : "; check the name with 'git branch -a', or fetch it")
        case .notInRef(let ref, let path): "'\(path)' does not exist at '\(ref)' (was the lockfile committed there?)"
        case .git(let detail): "git failed: \(detail)"
        case .notARepository(let directory):
            "--baseline-ref reads the lockfile from git, but '\(directory)' is not inside a git repository; use --baseline LOCKFILE instead"
        }
    }
}

extension BaselineError {
    /// The command that makes `ref` exist in a shallow clone: `git fetch --depth=1 origin main`
    /// writes only FETCH_HEAD, so the refspec names the remote-tracking ref it should create.
    static func fetchCommand(_ ref: String) -> String {
        let parts = ref.split(separator: "/", maxSplits: 1).map(String.init)
        let (remote, branch) = parts.count == 2 ? (parts[0], parts[1]) : ("origin", ref)
        return "git fetch --depth=1 \(remote) +refs/heads/\(branch):refs/remotes/\(remote)/\(branch)"
    }
}

/// `git show REF:path`, relative to the repository holding `path`.
enum GitShow {
    static func file(ref: String, path: String) throws -> String {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard (try? run(["rev-parse", "--is-inside-work-tree"], in: directory).output) == "true\n" else {
            throw BaselineError.notARepository(directory.path)
        }
        let verify = try run(["rev-parse", "--verify", "--quiet", "\(ref)^{commit}"], in: directory)
        guard verify.status == 0 else {
            let shallow = (try? run(["rev-parse", "--is-shallow-repository"], in: directory).output) == "true\n"
            throw BaselineError.unknownRef(ref, "not a commit in this repository", shallow: shallow)
        }
        // `./NAME` makes git resolve the path relative to the working directory, not the repository root.
        let shown = try run(["show", "\(ref):./\(name)"], in: directory)
        guard shown.status == 0 else { throw BaselineError.notInRef(ref, path) }
        return shown.output
    }

    private static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        do { try process.run() } catch { throw BaselineError.git("cannot run git: \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
