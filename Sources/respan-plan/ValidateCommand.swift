import ArgumentParser
import Manifest
import RespanCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a manifest and every file it includes, reporting all errors at once.",
        discussion: """
            Reads the manifest (default: experiments.yaml), its includes, defaults, matrix \
            expansions and ${{ }} expressions, and checks every key, type and reference. \
            Nothing is sent to Respan.

            Each problem is printed as file:line:col with the source line and a caret. In \
            GitHub Actions (GITHUB_ACTIONS=true) they are also printed as annotations.

            Examples:
              respan-plan validate
              respan-plan validate examples/quickstart/experiments.yaml
              respan-plan validate --format json suite.yaml | jq .diagnostics
              respan-plan validate --strict      # warnings (e.g. a typo in a step's config) fail too

            Exit codes: 0 valid, 1 invalid (with --strict: or any warning).
            """
    )

    @OptionGroup var manifest: ManifestOptions

    @Option(help: "Output format: text, or json for machines.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors: report them as errors and exit 1.")
    var strict = false

    func run() throws {
        // Experiments are only counted: none is kept, so memory stays near the files' size.
        var result = manifest.load { _ in }
        if strict { result = result.warningsAsErrors() }
        switch format {
        case .json:
            Console.out(ValidateJSONView().render(result))
            DiagnosticOutput.annotateIfInGitHubActions(result.diagnostics.sorted)
        case .text:
            DiagnosticOutput.report(result)
            Console.out(ValidateTextView(sources: result.sources, file: manifest.file).render(result))
        }
        if result.desired == nil { throw CommandExit.failure }
    }
}

extension ManifestLoadResult {
    /// The result with every warning turned into an error (`validate --strict`): then it is
    /// not valid, as with any other error.
    func warningsAsErrors() -> ManifestLoadResult {
        guard diagnostics.sorted.contains(where: { $0.severity == .warning }) else { return self }
        var copy = self
        copy.diagnostics = DiagnosticList()
        for var diagnostic in diagnostics.sorted {
            if diagnostic.severity == .warning { diagnostic.severity = .error }
            copy.diagnostics.append(diagnostic)
        }
        copy.desired = nil
        return copy
    }
}
