import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The transport `RespanClient` uses by default: shared and never shut down, like
    /// `HTTPClient.shared`, but a connection that cannot be made fails its request at once
    /// (`HTTPClient.shared` retries it inside AsyncHTTPClient, silently, until the request's
    /// deadline), so the client's `RetryPolicy` decides and reports every retry.
    public static let respan: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        // A host that does not answer a connection within 10 s is not going to.
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
