import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Manifest
import Planning
import RespanCore
import Views

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown

    func view(colors: Bool, verbose: Bool) -> any OutputView<Plan> {
        switch self {
        case .text: PlanTextView(colors: colors, verbose: verbose)
        case .json: PlanJSONView()
        case .markdown: PlanMarkdownView()
        }
    }
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change on Respan, without changing anything.",
        discussion: """
            Reads the manifest and its lockfile, refreshes the managed experiments from Respan \
            (about one request per 100), checks that the connection works and that the datasets \
            and evaluators it would use exist, and prints each change: + create, ~ update (PATCH \
            of name and description), -/+ replace (a new experiment: runs are immutable), - \
            delete. Edits made on \
            Respan outside respan-plan are reported as drift and planned back.

            Examples:
              respan-plan plan --sandbox examples/quickstart/experiments.yaml
              respan-plan plan --detailed-exitcode || echo "changes pending"
              respan-plan plan --format json --target 'sweep[*' | jq .summary
              respan-plan plan --format markdown > plan.md
              respan-plan plan --out plan.json && respan-plan apply plan.json
              respan-plan plan --refresh=false      (trust the lockfile; send nothing)

            The plan ends with an estimate of what the runs it starts will cost: rows × (prompt \
            tokens + max_tokens) × the model's price (pricing/prices.json, or 'pricing:' in the \
            manifest). --max-cost USD refuses a plan above it.

            Exit codes: 0 success, 1 error; with --detailed-exitcode 0 no changes, 2 changes; \
            4 above --max-cost.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var budget: BudgetOptions

    @Option(help: "Output format: text, json (versioned), or markdown (for a pull-request comment).")
    var format: PlanFormat = .text

    @Flag(help: "Exit 2 when there are changes, 0 when there are none.")
    var detailedExitcode = false

    @Flag(help: "List every change, however many (text; by default more than 50 are summarised by key pattern).")
    var verbose = false

    @Option(
        help:
            "Save the plan to FILE; 'respan-plan apply FILE' performs exactly it, or refuses once anything it read changed."
    )
    var out: String?

    func run() async throws {
        let loaded = manifest.loadReporting()
        guard let desired = loaded.desired else { throw CommandExit.failure }
        let (options, state) = (scope.planOptions, remote.stateSet(manifest: manifest.file))
        let lockfilePath = state.path
        var result = try await remote.withConnection(manifest: manifest.file) { connection in
            try await PlanSession(remote: connection.client, store: state.store, state: state)
                .plan(desired, options: options)
        }
        result.plan.destination = remote.destination(manifest: manifest.file)
        guard !result.diagnostics.hasErrors else {
            DiagnosticOutput.report(result.diagnostics.sorted, sources: loaded.sources)
            throw CommandExit.failure
        }
        // Warnings (what the remote is known to do) go to standard error, before the plan.
        if !result.diagnostics.sorted.isEmpty {
            DiagnosticOutput.report(result.diagnostics.sorted, sources: loaded.sources)
        }
        Console.out(format.view(colors: Console.colorsStandardOutput, verbose: verbose).render(result.plan))
        if let out, let prompt = result.plan.managed.actionablePrompts.first {
            throw CommandError(
                "a saved plan cannot carry a prompt change yet (prompt \(prompt.name)): run 'respan-plan apply' "
                    + "without a saved plan, or apply the prompt change first, then save the plan (\(out) was not written)"
            )
        }
        if let out {
            let saved = SavedPlan(
                plan: result.plan, manifestFiles: desired.files, lockfilePath: lockfilePath,
                remote: result.remote, ids: result.remoteIDs)
            try AtomicFile.write(Data(saved.encoded().utf8), to: URL(fileURLWithPath: out))
            if format == .text { Console.out("\nSaved the plan to \(out); apply it with: respan-plan apply \(out)\n") }
        }
        if let violation = budget.budget?.violation(result.plan.cost) {
            Console.error("error: \(violation)\n")
            throw CommandExit.overBudget
        }
        if detailedExitcode && result.plan.hasChanges { throw CommandExit.changesPending }
    }
}
