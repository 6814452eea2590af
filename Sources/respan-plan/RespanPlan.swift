import ArgumentParser
import Foundation

@main
struct RespanPlan: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "respan-plan",
        abstract: "Experiment-as-code for Respan: plan and apply LLM evaluation experiments from YAML.",
        discussion: """
            Keep datasets, workflows, evaluators and experiments in a YAML manifest \
            (experiments.yaml), check it with 'validate', and see the exact request bodies \
            with 'render'.

            Exit codes: 0 success, 1 error (or an invalid manifest), 2 changes pending \
            (plan --detailed-exitcode), 3 a results gate failed.
            """,
        version: version,
        subcommands: [
            ValidateCommand.self, RenderCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self,
            ImportCommand.self, StateCommand.self,
            SandboxCommand.self,
        ]
    )

    /// Runs the command; every error leaves through here, so exit codes follow the design:
    /// a usage error exits 1 (not ArgumentParser's 64), help and version exit 0.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Console.out(message + "\n") }
            } else if !message.isEmpty {
                // One spelling for every error line the CLI prints.
                let text = message.hasPrefix("Error: ") ? "error: " + message.dropFirst("Error: ".count) : message[...]
                Console.error(text + "\n")
            }
            Foundation.exit(code == .validationFailure ? ExitCode.failure.rawValue : code.rawValue)
        }
    }
}
