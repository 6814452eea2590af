import Applying
import ArgumentParser
import Foundation
import Lockfiles
import Manifest
import Planning
import RespanCore
import Results
import Views

enum ResultsFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, junit, html

    func view(colors: Bool) -> any OutputView<ResultsReport> {
        switch self {
        case .text: ResultsTextView(colors: colors)
        case .json: ResultsJSONView()
        case .markdown: ResultsMarkdownView()
        case .junit: ResultsJUnitView()
        case .html: ResultsHTMLView()
        }
    }
}

struct ResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Scores of the managed experiments per evaluator, checked against the manifest's gates.",
        discussion: """
            For each experiment and evaluator: mean, count, min and max, pass rate (boolean \
            scores), cost and tokens. Gates (min_mean, max_mean, min_pass_rate, min_row_pass_rate, max_regression) \
            are checked; a run that has not completed fails its gates unless --allow-incomplete.

            With --baseline LOCKFILE or --baseline-ref GIT_REF (the lockfile as committed at that \
            ref) each experiment is compared with the baseline's run of the same key: the traces \
            of the two runs are paired by comparison_key (the same dataset row), and the delta \
            and max_regression are computed over the pairs; rows scored on one side only are \
            counted and shown.

            Examples:
              respan-plan results --sandbox examples/quickstart/experiments.yaml
              respan-plan results --baseline-ref origin/main --format markdown > results.md
              respan-plan results --workspace pr-7 --baseline-ref origin/main     (the pull-request gate)
              respan-plan results --format junit > results.xml
              respan-plan results --baseline-ref origin/main --format html > results.html   (a CI artifact)
              respan-plan results --target 'sweep[*' --histogram

            Exit codes: 0 every gate passed (or none), 1 an error, 3 a gate failed.
            """
    )

    @OptionGroup var manifest: ManifestOptions
    @OptionGroup var remote: RemoteOptions
    @OptionGroup var keys: KeySelectionOptions

    @Option(help: "Compare with the runs recorded in this lockfile.", completion: .file())
    var baseline: String?

    @Option(help: "Compare with the runs in the lockfile as committed at this git ref (e.g. origin/main).")
    var baselineRef: String?

    @Flag(help: "Check the gates of runs that have not completed on the scores so far, instead of failing them.")
    var allowIncomplete = false

    @Flag(help: "Draw each evaluator's score distribution (one more request per experiment and evaluator).")
    var histogram = false

    @Flag(
        inversion: .prefixedNo,
        help:
            "Keep completed, fully scored runs' traces under .respan/cache/ beside the manifest and reuse them while the run's summary agrees (--no-cache reads every trace)."
    )
    var cache = true

    @Option(
        help:
            "Output format: text, json (versioned), markdown (a pull-request comment), junit (XML), or html (one self-contained page)."
    )
    var format: ResultsFormat = .text

    func validate() throws {
        if baseline != nil && baselineRef != nil {
            throw ValidationError("give --baseline or --baseline-ref, not both")
        }
        if histogram && format != .text { throw ValidationError("--histogram draws in the text format only") }
    }

    func run() async throws {
        let loaded = manifest.loadReporting()
        guard let desired = loaded.desired else { throw CommandExit.failure }
        let state = try remote.existingStateSet(manifest: manifest.file)
        let lockfile = try state.store.load()
        // A pull request's workspace is compared with the default lockfile as `main` has it.
        let source =
            baseline.map(BaselineSource.lockfile)
            ?? baselineRef.map { BaselineSource.gitRef($0, lockfile: state.defaultPath) }
        let baselineFound = try source?.loadForComparison()
        let loadedBaseline = baselineFound.map { (lockfile: $0.lockfile, description: $0.description) }
        var options = ResultsOperation.Options()
        options.targets = keys.targets
        options.excludes = keys.excludes
        options.allowIncomplete = allowIncomplete
        options.histogramBins = histogram ? 10 : nil
        options.baselineLabel = source?.label
        options.baselineAbsent = baselineFound?.absent ?? false
        let frozen = options
        let frozenCache = cache ? Self.cacheDirectory(manifest: manifest.file) : nil
        let report = try await remote.withConnection(manifest: manifest.file) { connection in
            let cache = frozenCache.map { TraceCache(directory: $0, endpoint: connection.endpointIdentity) }
            return try await ResultsOperation(remote: connection.client, cache: cache).run(
                desired, lockfile: lockfile, baseline: loadedBaseline, options: frozen)
        }
        Console.out(format.view(colors: Console.colorsStandardOutput).render(report))
        if Console.environment("GITHUB_ACTIONS") == "true" {
            let annotations = DiagnosticRenderer.githubAnnotations(
                report.failedGates.map(\.diagnostic), path: AnnotationPaths.relative)
            if format == .text { Console.out(annotations) } else { Console.error(annotations) }
        }
        if !report.passed { throw CommandExit.gateFailed }
    }
}

extension ResultsCommand {
    /// `.respan/cache/traces/` beside the manifest.
    static func cacheDirectory(manifest: String) -> String {
        URL(fileURLWithPath: manifest).deletingLastPathComponent().appendingPathComponent(".respan/cache/traces").path
    }
}

extension GateVerdict {
    /// A failed gate as a diagnostic at the gate's line, for annotations.
    var diagnostic: Diagnostic {
        .error("gate failed: \(name): \(reason)", at: location)
    }
}
