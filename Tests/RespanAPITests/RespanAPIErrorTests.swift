import RespanCore
import Testing

@testable import RespanAPI

/// Error bodies of every shape Respan uses keep their message (respan-api.md §1, §9).
@Suite struct RespanAPIErrorTests {
    static func message(_ body: String, status: Int = 400) throws -> String {
        let error = RespanAPIError.from(status: status, body: try JSONValue(parsing: body), retryAfterHeader: nil)
        guard case .http(let failure) = error else { return "" }
        return failure.detail
    }

    @Test func detailErrorAndMessageBodiesKeepTheirMessage() throws {
        #expect(try Self.message(#"{"detail": "Not found."}"#, status: 404) == "Not found.")
        #expect(try Self.message(#"{"error": "Invalid API key"}"#, status: 401) == "Invalid API key")
        #expect(
            try Self.message(
                #"{"error": {"message": "dataset_id is required", "type": "invalid_request_error", "param": null}}"#)
                == "dataset_id is required (invalid_request_error)")
        #expect(try Self.message(#"{"error": {"code": 7}}"#) == #"{"code":7}"#)
        #expect(try Self.message(#"{"message": "Bad gateway"}"#, status: 502) == "Bad gateway")
        #expect(try Self.message(#"{"unexpected": true}"#, status: 418) == "status 418")
    }

    @Test func anErrorBodyMessageShowsInTheErrorText() throws {
        let error = RespanAPIError.from(
            status: 404, body: try JSONValue(parsing: #"{"error": "Experiment not found"}"#), retryAfterHeader: nil)
        #expect("\(error)" == "HTTP 404: Experiment not found")
    }
}
