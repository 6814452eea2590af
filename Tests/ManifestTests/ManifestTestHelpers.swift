import Manifest
import RespanCore
import TestSupport
import Testing

/// The shared head of test manifests: one dataset, evaluators of each kind, one workflow.
let manifestHead = """
    version: 1
    project: demo
    datasets:
      qa: { id: ds_1 }
    evaluators:
      quality: { id: ev_1 }
      helpful: { slug: helpfulness }
    workflows:
      mini:
        - type: completion
          config: { model: gpt-4o-mini }

    """

/// Loads a manifest written from `files` and expects it to be valid.
func loadValid(_ files: [String: String], environment: [String: String] = [:]) throws -> DesiredState {
    let fixture = try ManifestFixture(files)
    defer { fixture.directory.remove() }
    let result = ManifestLoader(environment: environment).load(path: fixture.rootPath)
    let messages = result.diagnostics.sorted.map {
        "\($0.location.map(String.init(describing:)) ?? "-"): \($0.message)"
    }
    #expect(messages.isEmpty, "\(messages)")
    return try #require(result.desired)
}

func loadValid(root: String, environment: [String: String] = [:]) throws -> DesiredState {
    try loadValid(["experiments.yaml": root], environment: environment)
}

/// Loads a manifest expected to be invalid and returns its error messages.
func errors(of root: String, environment: [String: String] = [:]) throws -> [String] {
    let fixture = try ManifestFixture(root: root)
    defer { fixture.directory.remove() }
    let result = ManifestLoader(environment: environment).load(path: fixture.rootPath)
    #expect(result.desired == nil)
    return result.diagnostics.sorted.filter { $0.severity == .error }.map(\.message)
}

extension DesiredState {
    func body(_ key: String) throws -> JSONValue {
        try #require(experiment(key)?.body, "no experiment '\(key)'; have \(experiments.map(\.key))")
    }
}
