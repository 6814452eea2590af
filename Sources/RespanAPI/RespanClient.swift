import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RespanCore

/// The typed Respan API client. Requests carry `Authorization: Bearer` and a `User-Agent`;
/// reads and idempotent writes are retried by `retryPolicy`; every request waits its turn
/// at the shared `rateLimiter`, which also holds everyone back after a 429.
public final class RespanClient: Sendable {
    public let configuration: ClientConfiguration
    public let retryPolicy: RetryPolicy
    public let rateLimiter: RateLimiter
    private let http: HTTPClient
    private let sleeper: any Sleeper
    private static let maxResponseBytes = 64 * 1024 * 1024

    public init(
        configuration: ClientConfiguration, retryPolicy: RetryPolicy = RetryPolicy(),
        rateLimiter: RateLimiter = RateLimiter(ratePerMinute: nil), http: HTTPClient = .shared,
        sleeper: any Sleeper = ContinuousSleeper()
    ) {
        self.configuration = configuration
        self.retryPolicy = retryPolicy
        self.rateLimiter = rateLimiter
        self.http = http
        self.sleeper = sleeper
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
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await sendOnce(call)
            } catch {
                let policy = call.retryable ? retryPolicy : .none
                guard let delay = policy.delay(after: attempt, error: error, random: &generator) else { throw error }
                if let retryAfter = error.retryAfter { await rateLimiter.pause(for: .seconds(retryAfter)) }
                do { try await sleeper.sleep(for: delay) } catch { throw .transport("cancelled") }
            }
        }
    }

    private func sendOnce(_ call: Call) async throws(RespanAPIError) -> JSONValue? {
        do {
            try await rateLimiter.acquire()
        } catch {
            throw .transport("cancelled")
        }
        let request = makeRequest(call)
        let status: Int
        let bytes: ByteBuffer
        let retryAfterHeader: String?
        do {
            let timeout = TimeAmount.nanoseconds(Int64(configuration.timeout.seconds * 1e9))
            let response = try await http.execute(request, timeout: timeout)
            status = Int(response.status.code)
            retryAfterHeader = response.headers.first(name: "Retry-After")
            bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timeout
        } catch {
            throw RespanAPIError.transport(String(describing: error)).redacting(configuration.apiKey)
        }
        let body = try decode(bytes)
        guard (200..<300).contains(status) else {
            throw RespanAPIError.from(status: status, body: body, retryAfterHeader: retryAfterHeader)
                .redacting(configuration.apiKey)
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

    private func makeRequest(_ call: Call) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: call.absoluteURL ?? url(call.path, call.query))
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
