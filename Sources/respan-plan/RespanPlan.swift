import ArgumentParser
import Foundation

@main
struct RespanPlan: AsyncParsableCommand {
    /// The version and the commit built from, as `--version` prints it (see BuildInfo.swift).
    static let version = BuildInfo.description

    static let configuration = CommandConfiguration(
        commandName: "respan-plan",
        abstract: "Experiment-as-code for Respan: plan and apply LLM evaluation experiments from YAML.",
        discussion: """
            Keep datasets, workflows, evaluators and experiments in a YAML manifest \
            (experiments.yaml), check it with 'validate', and see the exact request bodies \
            with 'render'.

            Exit codes: 0 success, 1 error (or an invalid manifest), 2 changes pending \
            (plan --detailed-exitcode), 3 a results gate failed, 130 interrupted.
            """,
        version: version,
        subcommands: [
            ValidateCommand.self, RenderCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self,
            StatusCommand.self, SubmitCommand.self, ResultsCommand.self, ImportCommand.self, StateCommand.self,
            SandboxCommand.self, ConvertCommand.self,
        ]
    )

    /// Runs the command; every error and outcome leaves through `ExitCodes`.
    static func main() async {
        var code: Int32 = 0
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let (message, exitCode) = ExitCodes.resolve(error, command: self)
            if !message.isEmpty {
                if exitCode == 0 { Console.out(message + "\n") } else { Console.error(message + "\n") }
            }
            code = exitCode
        }
        Foundation.exit(code)
    }
}
