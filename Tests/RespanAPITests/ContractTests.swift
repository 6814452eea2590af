import Foundation
import RespanAPI
import RespanCore
import Testing

/// The client against a real Respan endpoint. Runs only when RESPAN_CONTRACT_BASE_URL and
/// RESPAN_API_KEY are set; with RESPAN_CONTRACT_DATASET_ID and RESPAN_CONTRACT_EVALUATOR_ID
/// also set, it creates one experiment and deletes it again.
/// The real endpoint's address and key, when the environment names them.
enum ContractEnvironment {
    static var current: (url: String, key: String)? {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["RESPAN_CONTRACT_BASE_URL"], let key = env["RESPAN_API_KEY"], !url.isEmpty, !key.isEmpty
        else { return nil }
        return (url, key)
    }
}

@Suite(.enabled(if: ContractEnvironment.current != nil, "set RESPAN_CONTRACT_BASE_URL and RESPAN_API_KEY"))
struct ContractTests {
    func client() throws -> RespanClient {
        let environment = try #require(ContractEnvironment.current)
        return RespanClient(configuration: try ClientConfiguration(baseURL: environment.url, apiKey: environment.key))
    }

    @Test func listsExperimentsAsPages() async throws {
        let page = try await client().experimentPage(pageSize: 5)
        #expect(page.results.count <= 5)
    }

    @Test func aMissingExperimentIs404() async throws {
        #expect(try await client().experimentIfExists("exp_respan_plan_contract_missing") == nil)
    }

    @Test func listsDatasetsAndEvaluators() async throws {
        let client = try client()
        _ = try await client.datasets(pageSize: 5)
        _ = try await client.evaluators(pageSize: 5)
    }

    @Test func createsReadsAndDeletesAnExperiment() async throws {
        let env = ProcessInfo.processInfo.environment
        guard let dataset = env["RESPAN_CONTRACT_DATASET_ID"], let evaluator = env["RESPAN_CONTRACT_EVALUATOR_ID"]
        else { return }
        let client = try client()
        let id = "exp_rp_contract_\(UUID().uuidString.prefix(8).lowercased())"
        let body: JSONValue = [
            "experiment_id": .string(id), "name": "respan-plan contract test", "dataset_id": .string(dataset),
            "evaluator_ids": [.string(evaluator)], "workflow": [["type": "duplicate", "config": [:]]],
        ]
        let created = try await client.createExperiment(body)
        #expect(created.id == id)
        #expect(try await client.experiment(id).id == id)
        try await client.deleteExperiment(id)
    }
}
