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

    /// Loads, and shows the manifest's diagnostics on standard error.
    func loadReporting() -> ManifestLoadResult {
        let result = load()
        DiagnosticOutput.report(result)
        return result
    }

    /// Loads, handing each experiment to `consume` instead of keeping it (`desired` then holds
    /// none): for commands that only count experiments or write them out.
    func load(forEach consume: (ResolvedExperiment) -> Void) -> ManifestLoadResult {
        ManifestLoader(environment: Console.environment).load(path: file, forEach: consume)
    }
}

enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Shows diagnostics the one way the CLI does it.
enum DiagnosticOutput {
    /// A manifest's diagnostics on standard error, with a count line (and annotations in GitHub Actions).
    static func report(_ result: ManifestLoadResult) {
        let sorted = result.diagnostics.sorted
        guard !sorted.isEmpty else { return }
        Console.error(ValidateTextView(sources: result.sources).diagnostics(result))
        annotateIfInGitHubActions(sorted)
    }

    /// Diagnostics of a later stage (plan, apply) on standard error.
    static func report(_ diagnostics: [Diagnostic], sources: [String: String]) {
        guard !diagnostics.isEmpty else { return }
        Console.error(DiagnosticRenderer(sources: sources).text(diagnostics))
        annotateIfInGitHubActions(diagnostics)
    }

    static func annotateIfInGitHubActions(_ diagnostics: [Diagnostic]) {
        if Console.environment("GITHUB_ACTIONS") == "true" {
            Console.out(DiagnosticRenderer.githubAnnotations(diagnostics, path: AnnotationPaths.relative))
        }
    }
}
