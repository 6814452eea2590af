import Foundation
import RespanAPI
import TestSupport
import Testing

@Suite struct ClientConfigurationTests {
    @Test(arguments: ["http://127.0.0.1:8787", "http://localhost:1", "http://[::1]:9", "https://api.respan.ai"])
    func acceptsHTTPSAndLoopbackHTTP(_ url: String) throws {
        #expect(try ClientConfiguration(baseURL: url, apiKey: "k").baseURL == url)
    }

    @Test(arguments: ["http://api.respan.ai", "http://10.0.0.1", "http://127.example.com", "ftp://x", "not a url"])
    func refusesPlainHTTPElsewhere(_ url: String) {
        #expect(throws: ConfigurationError.self) { try ClientConfiguration(baseURL: url, apiKey: "k") }
    }

    @Test func resolutionOrder() throws {
        let keyFile = try TemporaryDirectory()
        defer { keyFile.remove() }
        let path = try keyFile.write("key", "  sk_from_file\n").path
        let environment = ["RESPAN_BASE_URL": "https://eu.respan.ai/", "RESPAN_API_KEY": "sk_env"]
        let fromEnvironment = try ClientConfiguration.resolve(endpoint: nil, apiKeyFile: nil, environment: environment)
        #expect(fromEnvironment.baseURL == "https://eu.respan.ai")
        #expect(fromEnvironment.apiKey == "sk_env")
        #expect(fromEnvironment.userAgent.hasPrefix("respan-plan/"))
        let explicit = try ClientConfiguration.resolve(
            endpoint: "https://x.test", apiKeyFile: path, environment: environment)
        #expect(explicit.baseURL == "https://x.test")
        #expect(explicit.apiKey == "sk_from_file")
        let defaults = try ClientConfiguration.resolve(
            endpoint: nil, apiKeyFile: nil, environment: ["RESPAN_API_KEY": "k"])
        #expect(defaults.baseURL == "https://api.respan.ai")
        #expect(throws: ConfigurationError.missingAPIKey) {
            try ClientConfiguration.resolve(endpoint: nil, apiKeyFile: nil, environment: [:])
        }
    }
}
