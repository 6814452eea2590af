import ArgumentParser
import Manifest

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print each experiment's exact create request body, as canonical JSON.",
        discussion: """
            Resolves the manifest (includes, defaults, matrix, ${{ }} expressions, names of \
            datasets, evaluators and workflows) and prints, for every experiment key, the \
            body that 'apply' sends to POST /api/v2/experiments/. Keys are sorted and \
            numbers canonical, so the output is byte-identical across runs and machines.

            An 'experiment_id' appears only when the manifest sets one; otherwise apply \
            chooses it at creation and records it in the lockfile.

            Examples:
              respan-plan render
              respan-plan render examples/model-sweep/experiments.yaml \\
                | jq '.experiments["compare[model=gpt-4o,temperature=0.7]"]'

            Exit codes: 0 rendered, 1 invalid manifest (diagnostics on standard error).
            """
    )

    @OptionGroup var manifest: ManifestOptions

    func run() throws {
        var document = RenderDocumentBuilder()
        let result = manifest.load { document.add($0) }
        DiagnosticOutput.report(result)
        guard result.desired != nil else { throw CommandExit.failure }
        var output = Console.StandardOutput()
        document.write(to: &output)
    }
}
