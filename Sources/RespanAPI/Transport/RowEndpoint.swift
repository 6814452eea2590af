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
    }

    public let url: String
    public let headers: [String: String]
    /// A response body above this is refused (a row's output, not a download).
    static let maxBody = 16 << 20

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
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.serialized()))
        }
        let nanoseconds = Int64(Double(timeout.components.seconds) * 1e9 + Double(timeout.components.attoseconds) / 1e9)
        do {
            let response = try await HTTPClient.respan.execute(request, timeout: .nanoseconds(nanoseconds))
            let bytes = try await response.body.collect(upTo: Self.maxBody)
            return .response(status: Int(response.status.code), body: Array(bytes.readableBytesView))
        } catch {
            let target = URLComponents(string: url)
            let port = target?.port ?? (target?.scheme == "http" ? 80 : 443)
            let classified = RespanAPIError.classifying(error, host: target?.host ?? "", port: port)
            if case .timeout = classified { return .timedOut }
            return .unreachable("\(classified)")
        }
    }
}
