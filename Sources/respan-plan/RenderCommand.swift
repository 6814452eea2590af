import ArgumentParser
import Manifest
import RespanCore

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

            With --evaluators it prints instead the evaluators the manifest defines, as the \
            bodies apply sends to POST /api/evaluators/: a check's generated Python code is there \
            to read or to run locally.

            Examples:
              respan-plan render
              respan-plan render --evaluators | jq -r '.evaluators.refund.code_config.eval_code_snippet'
              respan-plan render examples/model-sweep/experiments.yaml \\
                | jq '.experiments["compare[model=gpt-4o,temperature=0.7]"]'

            Exit codes: 0 rendered, 1 invalid manifest (diagnostics on standard error).
            """
    )

    @OptionGroup var manifest: ManifestOptions

    @Flag(help: "Print the evaluators the manifest defines (their create bodies) instead of the experiments.")
    var evaluators = false

    func run() throws {
        if evaluators {
            let result = manifest.loadReporting()
            guard let desired = result.desired else { throw CommandExit.failure }
            let bodies = JSONValue.object(desired.managedEvaluators.mapValues(\.definition))
            Console.out(JSONValue.object(["evaluators": bodies]).serialized(pretty: true) + "\n")
            return
        }
        var document = RenderDocumentBuilder()
        let result = manifest.load { document.add($0) }
        DiagnosticOutput.report(result)
        guard result.desired != nil else { throw CommandExit.failure }
        var output = Console.StandardOutput()
        document.write(to: &output)
    }
}
