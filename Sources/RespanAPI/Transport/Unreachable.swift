import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Why a host could not be reached, and which host.
public struct Unreachable: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The host name did not resolve (a typo in the endpoint, or no DNS).
        case nameResolution
        /// Every address of the host refused the connection (nothing listens there).
        case connectionRefused
        /// The connection attempt got no answer (a firewall, or no route).
        case connectTimeout
    }

    public var reason: Reason
    public var host: String
    public var port: Int
    /// The underlying error's text.
    public var detail: String

    public init(reason: Reason, host: String, port: Int, detail: String) {
        self.reason = reason
        self.host = host
        self.port = port
        self.detail = detail
    }

    /// A loopback host is usually a sandbox that may still be starting, so it keeps the
    /// normal retries; anywhere else an unreachable host fails after a short bounded retry.
    public var isLoopback: Bool { ClientConfiguration.isLoopback(host) }

    /// What happened, without advice about Respan's endpoint (for other services).
    public var plainDescription: String {
        switch reason {
        case .nameResolution: "cannot resolve '\(host)' (\(detail))"
        case .connectionRefused: "\(host):\(port) refused the connection"
        case .connectTimeout: "\(host):\(port) did not answer the connection attempt"
        }
    }

    public var description: String {
        switch reason {
        case .nameResolution:
            "cannot resolve '\(host)' (\(detail)): check the endpoint (--endpoint or RESPAN_BASE_URL) and the network"
        case .connectionRefused:
            "\(host):\(port) refused the connection: check the endpoint (--endpoint or RESPAN_BASE_URL) and that the server is up"
        case .connectTimeout:
            "\(host):\(port) did not answer the connection attempt: check the endpoint and the network"
        }
    }
}

extension RespanAPIError {
    /// Types an error of the HTTP stack for a request to `host:port`.
    static func classifying(_ error: any Error, host: String, port: Int) -> RespanAPIError {
        if Task.isCancelled || error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled: return .cancelled
            case .deadlineExceeded, .readTimeout: return .timeout
            case .connectTimeout:
                return .unreachable(Unreachable(reason: .connectTimeout, host: host, port: port, detail: "\(error)"))
            default: return .transport(String(describing: error))
            }
        }
        if let reason = unreachableReason(error) {
            return .unreachable(Unreachable(reason: reason, host: host, port: port, detail: "\(error)"))
        }
        return .transport(String(describing: error))
    }

    private static func unreachableReason(_ error: any Error) -> Unreachable.Reason? {
        if error is SocketAddressError.UnknownHost { return .nameResolution }
        if let error = error as? IOError { return error.errnoCode == ECONNREFUSED ? .connectionRefused : nil }
        guard let error = error as? NIOConnectionError else { return nil }
        if error.connectionErrors.isEmpty {
            return error.dnsAError != nil || error.dnsAAAAError != nil ? .nameResolution : nil
        }
        let causes = error.connectionErrors.map(\.error)
        if causes.allSatisfy({ ($0 as? IOError)?.errnoCode == ECONNREFUSED }) { return .connectionRefused }
        if causes.allSatisfy({ if case .connectTimeout = $0 as? ChannelError { true } else { false } }) {
            return .connectTimeout
        }
        return nil
    }
}
