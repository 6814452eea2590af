import ArgumentParser
import Manifest
import RespanCore

/// The manifest argument every manifest-reading command takes.
struct ManifestOptions: ParsableArguments {
    @Argument(help: "The root manifest.", completion: .file(extensions: ["yaml", "yml"]))
    var file: String = "experiments.yaml"

    /// Loads and resolves the manifest with the process environment.
    func load() -> ManifestLoadResult {
        ManifestLoader(environment: Console.environment).load(path: file)
    }
}

enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Prints diagnostics the one way the CLI does it, and picks the exit code.
enum DiagnosticOutput {
    /// Text diagnostics on standard error (and annotations when running in GitHub Actions).
    static func report(_ result: ManifestLoadResult) {
        let sorted = result.diagnostics.sorted
        guard !sorted.isEmpty else { return }
        Console.error(DiagnosticRenderer(sources: result.sources).text(sorted))
        let errors = result.diagnostics.errorCount
        if errors > 0 {
            Console.error("\(errors) error\(errors == 1 ? "" : "s") in the manifest\n")
        }
        annotateIfInGitHubActions(sorted)
    }

    static func annotateIfInGitHubActions(_ diagnostics: [Diagnostic]) {
        if Console.environment("GITHUB_ACTIONS") == "true" {
            Console.out(DiagnosticRenderer.githubAnnotations(diagnostics))
        }
    }
}
