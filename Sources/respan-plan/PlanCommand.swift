import ArgumentParser
import Foundation
import Manifest
import Planning
import RespanCore

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown

    var view: any PlanView {
        switch self {
        case .text: PlanTextView()
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
            (about one request per 100), and prints each change: + create, ~ update (PATCH of \
            name, description, tags), -/+ replace (PUT: a new run), - delete. Edits made on \
            Respan outside respan-plan are reported as drift and planned back.

            Examples:
              respan-plan plan --sandbox examples/quickstart/experiments.yaml
              respan-plan plan --detailed-exitcode || echo "changes pending"
              respan-plan plan --format json --target 'sweep[*' | jq .summary
              respan-plan plan --format markdown > plan.md
              respan-plan plan --out plan.json && respan-plan apply plan.json

            Exit codes: 0 success, 1 error; with --detailed-exitcode 0 no changes, 2 changes.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var scope: ScopeOptions

    @Option(help: "Output format: text, json (versioned), or markdown (for a pull-request comment).")
    var format: PlanFormat = .text

    @Flag(help: "Exit 2 when there are changes, 0 when there are none.")
    var detailedExitcode = false

    @Option(
        help:
            "Save the plan to FILE; 'respan-plan apply FILE' performs exactly it, or refuses once anything it read changed."
    )
    var out: String?

    func run() async throws {
        let loaded = manifest.load()
        DiagnosticOutput.report(loaded)
        guard let desired = loaded.desired else { throw ExitCode.failure }
        let (client, server) = try await remote.connect(manifest: manifest.file)
        defer { if let server { Task { await server.stop() } } }
        let session = PlanSession(
            client: client, store: LockfileStore(path: remote.lockfilePath(manifest: manifest.file)))
        let result = try await session.plan(desired, options: scope.planOptions)
        if !result.diagnostics.isEmpty {
            Console.error(DiagnosticRenderer(sources: loaded.sources).text(result.diagnostics.sorted))
            throw ExitCode.failure
        }
        Console.out(format.view.render(result.plan))
        if let out {
            let saved = SavedPlan(
                plan: result.plan, manifestFiles: desired.files,
                lockfilePath: remote.lockfilePath(manifest: manifest.file),
                remote: result.remote, ids: result.remoteIDs)
            try AtomicFile.write(Data(saved.encoded().utf8), to: URL(fileURLWithPath: out))
            if format == .text { Console.out("\nSaved the plan to \(out); apply it with: respan-plan apply \(out)\n") }
        }
        if detailedExitcode && result.plan.hasChanges { throw ExitCode(2) }
    }
}
