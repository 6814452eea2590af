import RespanCore

/// A failed API call, typed by what went wrong. Its text never contains the API key.
public enum RespanAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an error status and Respan's error body.
    case http(HTTPFailure)
    /// The connection failed or closed before a response arrived.
    case transport(String)
    /// The host could not be reached at all: its name did not resolve, it refused the
    /// connection, or it did not answer the connection attempt.
    case unreachable(Unreachable)
    /// No response within the timeout.
    case timeout
    /// The response was not the JSON expected.
    case decoding(String)
    /// The task making the call was cancelled; never retried.
    case cancelled
    /// A list still had pages after `pages` were read (`Paging.limit`): its name and the cap.
    case listTooLong(String, pages: Int)

    public struct HTTPFailure: Sendable, Equatable {
        public var status: Int
        /// `detail` from the body, or the status text.
        public var detail: String
        /// 422 `errors`: field → messages.
        public var fieldErrors: [String: [String]]
        /// 429 `retry_after` (or the `Retry-After` header), in seconds.
        public var retryAfter: Double?
        /// The error body as sent, for a caller that knows its shape (a bulk answer's row errors).
        public var body: JSONValue?
        /// What the client adds: for a refused key, where the key came from and the endpoint.
        public var note: String?

        public init(
            status: Int, detail: String, fieldErrors: [String: [String]] = [:], retryAfter: Double? = nil,
            body: JSONValue? = nil
        ) {
            self.status = status
            self.detail = detail
            self.fieldErrors = fieldErrors
            self.retryAfter = retryAfter
            self.body = body
        }
    }

    public var status: Int? {
        if case .http(let failure) = self { return failure.status }
        return nil
    }

    /// 408, 409, 429, 5xx, timeouts and connection errors may succeed when tried again.
    public var isRetryable: Bool {
        switch self {
        case .http(let failure): [408, 409, 429].contains(failure.status) || failure.status >= 500
        case .transport, .unreachable, .timeout: true
        case .decoding, .cancelled, .listTooLong: false
        }
    }

    public var retryAfter: Double? {
        if case .http(let failure) = self { return failure.retryAfter }
        return nil
    }

    public var description: String {
        switch self {
        case .http(let failure):
            var text = "HTTP \(failure.status): \(failure.detail)"
            for (field, messages) in failure.fieldErrors.sorted(by: { $0.key < $1.key }) {
                text += "; \(field): \(messages.joined(separator: " "))"
            }
            return text + (failure.note.map { " (\($0))" } ?? "")
        case .transport(let message): return "connection failed: \(message)"
        case .unreachable(let failure): return failure.description
        case .timeout: return "the request timed out"
        case .decoding(let message): return "unexpected response: \(message)"
        case .cancelled: return "cancelled"
        case .listTooLong(let name, let pages):
            return
                "\(name) ran past \(pages) pages, the most respan-plan reads; nothing was cut silently, so this stops here"
        }
    }

    /// A 401 or 403 says which key was refused by which endpoint (never the key itself), so
    /// a wrong variable, file or URL is found at once.
    func namingCredentials(_ configuration: ClientConfiguration) -> RespanAPIError {
        guard case .http(var failure) = self, [401, 403].contains(failure.status) else { return self }
        failure.note =
            "\(configuration.keySource) was \(failure.status == 401 ? "refused" : "not allowed this") by \(configuration.baseURL)"
        return .http(failure)
    }

    /// The same error with every occurrence of `secret` replaced.
    func redacting(_ secret: String) -> RespanAPIError {
        guard !secret.isEmpty else { return self }
        func clean(_ text: String) -> String { Redaction.redact(secret, in: text) }
        switch self {
        case .http(var failure):
            failure.detail = clean(failure.detail)
            failure.fieldErrors = failure.fieldErrors.mapValues { $0.map(clean) }
            if let body = failure.body, body.serialized().contains(secret) {
                failure.body = (try? JSONValue(parsing: clean(body.serialized()))) ?? nil
            }
            return .http(failure)
        case .transport(let message): return .transport(clean(message))
        case .unreachable(var failure):
            failure.detail = clean(failure.detail)
            return .unreachable(failure)
        case .decoding(let message): return .decoding(clean(message))
        case .timeout, .cancelled, .listTooLong: return self
        }
    }

    /// Respan's error body: `{"detail"}`, 422 `{"errors"}`, 429 `{"retry_after"}`.
    static func from(status: Int, body: JSONValue?, retryAfterHeader: String?) -> RespanAPIError {
        let detail = message(in: body) ?? "status \(status)"
        var fields: [String: [String]] = [:]
        for (field, messages) in body?["errors"]?.objectValue ?? [:] {
            fields[field] = messages.arrayValue?.compactMap(\.stringValue) ?? messages.stringValue.map { [$0] } ?? []
        }
        let retryAfter = body?["retry_after"]?.numberValue?.doubleValue ?? retryAfterHeader.flatMap(Double.init)
        return .http(
            HTTPFailure(status: status, detail: detail, fieldErrors: fields, retryAfter: retryAfter, body: body))
    }

    /// The message of an error body, whichever shape it has: `{"detail": "…"}` (the docs),
    /// `{"error": "…"}` or `{"error": {"message", "type", "param", "code"}}` (the shared 400, 401
    /// and 404 bodies of `respan-api` 0.1.47, respan-api.md §9), or `{"message": "…"}`. An
    /// `error` object without a message is given as its JSON text; nil when none of these is there.
    static func message(in body: JSONValue?) -> String? {
        guard let body else { return nil }
        if let detail = body["detail"]?.stringValue { return detail }
        switch body["error"] {
        case .string(let text)?: return text
        case .object(let fields)?:
            guard let message = fields["message"]?.stringValue else { return JSONValue.object(fields).serialized() }
            let type = fields["type"]?.stringValue.map { " (\($0))" } ?? ""
            return message + type
        default: return body["message"]?.stringValue
        }
    }
}
