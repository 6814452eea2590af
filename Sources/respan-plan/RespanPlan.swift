import ArgumentParser

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
        subcommands: [ValidateCommand.self, RenderCommand.self]
    )
}
