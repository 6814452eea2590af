import RespanCore

/// An error answer in Respan's shape: `{"detail": …}`, plus `errors` on 422 and
/// `retry_after` on 429.
struct APIError: Error, Sendable {
    var status: Int
    var detail: String
    var fieldErrors: [String: [String]] = [:]
    var retryAfter: Int?

    var body: JSONValue {
        var object: [String: JSONValue] = ["detail": .string(detail)]
        if !fieldErrors.isEmpty {
            object["errors"] = .object(fieldErrors.mapValues { .array($0.map { .string($0) }) })
        }
        if let retryAfter { object["retry_after"] = .int(retryAfter) }
        return .object(object)
    }

    static func notFound(_ what: String) -> APIError { APIError(status: 404, detail: "\(what) not found.") }
    static func badRequest(_ detail: String) -> APIError { APIError(status: 400, detail: detail) }
    /// 413, whose body 0.1.47 types as `{"detail"}` (`ContentTooLargeErrorBody`).
    static func contentTooLarge(_ detail: String) -> APIError { APIError(status: 413, detail: detail) }

    static func invalid(_ errors: [String: [String]]) -> APIError {
        APIError(status: 422, detail: "Validation failed.", fieldErrors: errors)
    }
}
