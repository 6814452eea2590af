import Foundation
import RespanCore

/// What answers a `wait` experiment's rows (design §14): a local command run once a row, with
/// the row's input as JSON on standard input and its output as JSON on standard output; or a
/// local service (`http:`) the row's input is POSTed to, whose JSON response is the output.
public struct Runner: Sendable, Equatable {
    /// The argv; the first word is looked up on `PATH` unless it holds a `/`. Empty with `http`.
    public var command: [String]
    /// The `http:` form: where each row is POSTed, instead of a command.
    public var http: RunnerHTTP? = nil
    /// The folder the command runs in and `inputs` are relative to: the manifest file's.
    public var directory: String
    /// The files whose content defines the application under test, sorted by path; their
    /// digests enter the run's spec, so editing one reruns the experiment.
    public var inputs: [RunnerInput]
    /// Rows answered at once (at least 1).
    public var concurrency: Int
    /// The longest one row may take; past it the command is killed and the row is an error.
    public var timeout: Duration
    /// Environment variables passed to the command even though they hold a secret (the
    /// Respan API key is withheld unless named here).
    public var environment: [String]
    /// Where `runner:` is written.
    public var location: SourceLocation

    public static let defaultConcurrency = 4
    public static let defaultTimeout = Duration.seconds(60)
}

/// One file a runner's `inputs` matched: its path relative to the manifest's folder ('/'
/// separated) and the SHA-256 of its content with CRLF line endings read as LF.
public struct RunnerInput: Sendable, Equatable {
    public var path: String
    public var digest: String

    public init(path: String, digest: String) {
        self.path = path
        self.digest = digest
    }
}

/// A runner's service: `http: URL` or `http: { url: URL, headers: { NAME: VALUE } }`.
public struct RunnerHTTP: Sendable, Equatable {
    public var url: String
    /// Sent with every row; not part of the run's spec (a token may be among them).
    public var headers: [String: String]

    public init(url: String, headers: [String: String] = [:]) {
        self.url = url
        self.headers = headers
    }

    /// The part of the URL that names the application's route, not where it runs: the path
    /// and query (`/answer?model=a`), so a service moved to another port reruns nothing.
    public var route: String {
        guard let parts = URLComponents(string: url) else { return url }
        return parts.path + (parts.query.map { "?" + $0 } ?? "")
    }
}
