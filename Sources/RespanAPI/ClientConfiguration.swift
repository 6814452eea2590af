import Foundation
import RespanCore

/// Where and how the client talks to Respan.
public struct ClientConfiguration: Sendable {
    public static let defaultBaseURL = "https://api.respan.ai"

    /// Scheme, host and optional port, without a trailing slash.
    public var baseURL: String
    public var apiKey: String
    /// Where `apiKey` came from, named (never shown) when Respan refuses it.
    public var keySource: APIKeySource = .given
    /// The deadline of one request (each attempt), from sending to the whole response.
    public var timeout: Duration = .seconds(30)
    public var userAgent = "respan-plan/\(ToolVersion.current)"
    /// Told before every retry wait: what failed, attempt n of m, and for how long the client
    /// waits. The client never prints; a program shows the notices it finds worth showing.
    public var onRetry: (@Sendable (RetryNotice) -> Void)?

    /// Checks the URL: `https://`, or `http://` to a loopback host only.
    public init(baseURL: String, apiKey: String) throws(ConfigurationError) {
        self.baseURL = try Self.checkedBaseURL(baseURL)
        self.apiKey = apiKey
    }

    /// The endpoint from `--endpoint`, then `RESPAN_BASE_URL`, then the default; the key from
    /// `--api-key-file`, then `RESPAN_API_KEY`.
    public static func resolve(
        endpoint: String?, apiKeyFile: String?, environment: [String: String]
    ) throws(ConfigurationError) -> ClientConfiguration {
        let url = baseURL(endpoint: endpoint, environment: environment)
        let key: String
        let source: APIKeySource
        if let apiKeyFile {
            source = .file(apiKeyFile)
            guard let data = FileManager.default.contents(atPath: apiKeyFile) else {
                throw .unreadableKeyFile(apiKeyFile)
            }
            key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if key.isEmpty { throw .emptyKeyFile(apiKeyFile) }
        } else if let fromEnvironment = environment["RESPAN_API_KEY"], !fromEnvironment.isEmpty {
            key = fromEnvironment
            source = .environment("RESPAN_API_KEY")
        } else {
            throw .missingAPIKey
        }
        var configuration = try ClientConfiguration(baseURL: url, apiKey: key)
        configuration.keySource = source
        return configuration
    }

    /// The endpoint a command talks to: `--endpoint`, then `RESPAN_BASE_URL`, then the default
    /// (without a trailing slash; not checked, `resolve` does that).
    public static func baseURL(endpoint: String?, environment: [String: String]) -> String {
        let url = endpoint ?? environment["RESPAN_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultBaseURL
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    static func checkedBaseURL(_ text: String) throws(ConfigurationError) -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw .invalidURL(text) }
        switch scheme {
        case "https": break
        case "http": guard isLoopback(host) else { throw .insecureURL(text) }
        default: throw .invalidURL(text)
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// `localhost`, `127.0.0.0/8` and `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// Where the API key came from: named in the error when Respan refuses it (401, 403), so the
/// user knows which key to fix; the key itself is never shown.
public enum APIKeySource: Sendable, Equatable, CustomStringConvertible {
    /// An environment variable, by name.
    case environment(String)
    /// A file, by path (`--api-key-file`).
    case file(String)
    /// The embedded sandbox's own token.
    case sandbox
    /// Given to the client directly (a library caller).
    case given

    public var description: String {
        switch self {
        case .environment(let name): "the API key from $\(name)"
        case .file(let path): "the API key from the file '\(path)' (--api-key-file)"
        case .sandbox: "the embedded sandbox's token"
        case .given: "the API key given"
        }
    }
}

/// Why the client cannot be set up; each says what to do.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case missingAPIKey
    case unreadableKeyFile(String)
    case emptyKeyFile(String)
    case invalidURL(String)
    case insecureURL(String)

    public var description: String {
        switch self {
        case .missingAPIKey: "no API key: set RESPAN_API_KEY or pass --api-key-file FILE (or use --sandbox)"
        case .unreadableKeyFile(let path): "cannot read the API key file '\(path)'"
        case .emptyKeyFile(let path): "the API key file '\(path)' is empty"
        case .invalidURL(let url): "'\(url)' is not an http(s) URL with a host"
        case .insecureURL(let url):
            "refusing plain http to '\(url)': http:// is allowed for loopback hosts only; use https://"
        }
    }
}
