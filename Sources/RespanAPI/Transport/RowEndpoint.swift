import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RespanCore

/// A local service that answers a runner's rows (design §14, the `http:` form): each row's
/// input is POSTed to `url` as JSON, and the response's body is the row's output. Not Respan:
/// no API key is sent, and no retry is made (a row is answered once, or fails).
public struct RowEndpoint: Sendable {
    /// What one POST gave.
    public enum Reply: Sendable, Equatable {
        /// The service answered: its status and body.
        case response(status: Int, body: [UInt8])
        /// No answer: the connection could not be made (the service is down), in words.
        case unreachable(String)
        case timedOut
        /// The answer's body was cut off past this many bytes (or could not be read whole).
        case tooLarge(Int)
    }

    public let url: String
    public let headers: [String: String]
    /// A response body above this is refused (a row's output, not a download).
    static let maxBody = 16 << 20

    /// Its own transport: no read timeout of its own (the runner's `timeout` is the deadline,
    /// and may be minutes), and a connection that cannot be made fails at once. Never shut down.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(10), read: nil)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(url: String, headers: [String: String] = [:]) {
        self.url = url
        self.headers = headers
    }

    /// A GET of the URL: `.response` when anything answers (whatever its status), else why not.
    public func probe(timeout: Duration) async -> Reply {
        await send(.GET, nil, timeout: timeout)
    }

    /// POSTs `body`; never throws: every outcome is a `Reply`.
    public func post(_ body: JSONValue, timeout: Duration) async -> Reply {
        await send(.POST, body, timeout: timeout)
    }

    private func send(_ method: HTTPMethod, _ body: JSONValue?, timeout: Duration) async -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.serialized()))
        }
        // The runner's headers win over these defaults.
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        let nanoseconds = Int64(Double(timeout.components.seconds) * 1e9 + Double(timeout.components.attoseconds) / 1e9)
        do {
            let response = try await Self.client.execute(request, timeout: .nanoseconds(nanoseconds))
            let bytes: ByteBuffer
            do {
                bytes = try await response.body.collect(upTo: Self.maxBody)
            } catch is NIOTooManyBytesError {
                return .tooLarge(Self.maxBody)
            }  // Any other error (a deadline, a reset) is classified below, as for the request.
            return .response(status: Int(response.status.code), body: Array(bytes.readableBytesView))
        } catch {
            let target = URLComponents(string: url)
            let port = target?.port ?? (target?.scheme == "http" ? 80 : 443)
            let classified = RespanAPIError.classifying(error, host: target?.host ?? "", port: port)
            if case .timeout = classified { return .timedOut }
            if case .unreachable(let failure) = classified { return .unreachable(failure.plainDescription) }
            return .unreachable("\(classified)")
        }
    }
}
