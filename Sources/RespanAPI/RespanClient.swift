import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RespanCore
import Synchronization

/// The typed Respan API client. Requests carry `Authorization: Bearer` and a `User-Agent`;
/// reads and idempotent writes are retried by `retryPolicy`; every request waits its turn
/// at the shared `rateLimiter`, which also holds everyone back after a 429. Every wait is on
/// the injected clock, so tests advance time instead of sleeping.
public final class RespanClient: Sendable {
    public let configuration: ClientConfiguration
    public let retryPolicy: RetryPolicy
    public let rateLimiter: RateLimiter
    /// The bulk row route's own budget (`RateLimiter.bulkRows`), taken on top of `rateLimiter`.
    public let bulkRateLimiter: RateLimiter
    private let http: HTTPClient
    let stopwatch: Stopwatch
    /// Experiments this client's creates returned: a lookup by name and spec never hands one of
    /// them out again, so two identical bodies with different chosen ids stay two experiments.
    let claimed = Mutex<Set<String>>([])
    private static let maxResponseBytes = 64 * 1024 * 1024

    /// `rateLimiter` nil: no client-side limit (429 pauses still apply), on `clock`.
    public init(
        configuration: ClientConfiguration, retryPolicy: RetryPolicy = RetryPolicy(),
        rateLimiter: RateLimiter? = nil, http: HTTPClient = .respan, clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.configuration = configuration
        self.retryPolicy = retryPolicy
        self.rateLimiter = rateLimiter ?? RateLimiter(ratePerMinute: nil, clock: clock)
        self.bulkRateLimiter = .bulkRows(clock: clock)
        self.http = http
        self.stopwatch = Stopwatch(clock)
    }

    /// One API call as the transport sees it.
    struct Call: Sendable {
        var method: HTTPMethod
        var path: String
        var query: [(String, String)] = []
        var body: JSONValue?
        /// Whether repeating the call is harmless (reads, PUT, PATCH, DELETE).
        var retryable = true
        /// An absolute URL (a `next` link) instead of `path` and `query`.
        var absoluteURL: String?
    }

    /// Sends a call, retrying as the policy allows; returns the JSON body (nil when empty).
    func send(_ call: Call) async throws(RespanAPIError) -> JSONValue? {
        try await send(call, lookup: nil) { body throws(RespanAPIError) in body }
    }

    /// One attempt: waits its turn at the rate limiter, sends, and types the outcome.
    func sendOnce(_ call: Call) async throws(RespanAPIError) -> JSONValue? {
        do {
            try await rateLimiter.acquire()
        } catch {
            throw .cancelled
        }
        let url = call.absoluteURL ?? url(call.path, call.query)
        let status: Int
        let bytes: ByteBuffer
        let retryAfterHeader: String?
        do {
            let timeout = TimeAmount.nanoseconds(Int64(configuration.timeout.seconds * 1e9))
            let response = try await http.execute(makeRequest(call, url: url), timeout: timeout)
            status = Int(response.status.code)
            retryAfterHeader = response.headers.first(name: "Retry-After")
            bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            let target = URLComponents(string: url)
            let port = target?.port ?? (target?.scheme == "http" ? 80 : 443)
            throw RespanAPIError.classifying(error, host: target?.host ?? "", port: port)
                .redacting(configuration.apiKey)
        }
        let body = try decode(bytes)
        guard (200..<300).contains(status) else {
            throw RespanAPIError.from(status: status, body: body, retryAfterHeader: retryAfterHeader)
                .redacting(configuration.apiKey).namingCredentials(configuration)
        }
        return body
    }

    private func decode(_ bytes: ByteBuffer) throws(RespanAPIError) -> JSONValue? {
        guard bytes.readableBytes > 0 else { return nil }
        do {
            return try JSONValue(parsing: Array(bytes.readableBytesView))
        } catch {
            let preview = String(decoding: bytes.readableBytesView.prefix(200), as: UTF8.self)
            throw RespanAPIError.decoding("not JSON (\(error.message)): \(preview)").redacting(configuration.apiKey)
        }
    }

    private func makeRequest(_ call: Call, url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = call.method
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.serialized()))
        }
        return request
    }

    func url(_ path: String, _ query: [(String, String)]) -> String {
        var components = URLComponents()
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return configuration.baseURL + path + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    static func escape(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? id
    }
}
