import ArgumentParser
import Foundation
import Manifest
import RespanCore

enum ConvertSource: String, ExpressibleByArgument, CaseIterable {
    case promptfoo
}

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a suite (manifest, prompts, tests dataset) from another tool's config.",
        discussion: """
            From a promptfoo config: each prompt (inline or file://) and each provider that is a \
            hosted model become a prompt of the manifest (Respan keeps the model in the prompt \
            version), one experiment runs them all as a matrix; the tests (a list, or a CSV with \
            __expected columns) and defaultTest become data/tests.jsonl, each row with its vars \
            as the input and its assertions as built-in checks (contains, icontains, \
            contains-any/-all, equals, starts-with, regex, is-json and their not- forms); an \
            llm-rubric becomes an LLM evaluator reading the row's rubric from its metadata.

            What cannot be translated (JavaScript or Python assertions and prompt functions, \
            custom and HTTP providers, similar, moderation, cost and latency assertions, …) is \
            listed, one line each, never dropped in silence. The suite written is validated.

            Examples:
              respan-plan convert --from promptfoo promptfooconfig.yaml --out suite
              respan-plan validate suite/experiments.yaml && respan-plan apply --sandbox suite/experiments.yaml

            Exit codes: 0 written, 1 an error (nothing is written over an existing suite without --force).
            """
    )

    @Option(help: "The tool the config is for: promptfoo.")
    var from: ConvertSource

    @Argument(help: "The config to convert.", completion: .file())
    var config: String

    @Option(help: "The folder to write the suite to (created if missing).", completion: .directory)
    var out: String

    @Flag(help: "Write over an existing suite in --out.")
    var force = false

    func run() throws {
        let conversion = PromptfooConversion.convert(path: config)
        let folder = URL(fileURLWithPath: out)
        for line in conversion.translated { Console.out("translated: \(line)\n") }
        for line in conversion.notTranslated { Console.out("not translated: \(line)\n") }
        if conversion.diagnostics.hasErrors || conversion.files.isEmpty {
            DiagnosticOutput.report(conversion.diagnostics.sorted, sources: [:])
            throw CommandExit.failure
        }
        let manifest = folder.appendingPathComponent("experiments.yaml")
        if FileManager.default.fileExists(atPath: manifest.path), !force {
            throw CommandError("\(manifest.path) exists; give --force to write over the suite there, or another --out")
        }
        // Written beside --out first and validated there: a suite that does not validate is
        // never left in --out.
        let staging = folder.deletingLastPathComponent().appendingPathComponent(
            ".\(folder.lastPathComponent).respan-plan-convert-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: staging) }
        try write(conversion.files, to: staging)
        let check = ManifestLoader().load(path: staging.appendingPathComponent("experiments.yaml").path)
        if !check.diagnostics.sorted.isEmpty {
            DiagnosticOutput.report(check.diagnostics.sorted, sources: check.sources)
        }
        guard check.desired != nil else {
            Console.error("respan-plan: the suite does not validate, so nothing was written to \(folder.path)\n")
            throw CommandExit.failure
        }
        try write(conversion.files, to: folder)
        Console.out("Wrote \(manifest.path) (\(conversion.files.count) files); it validates.\n")
    }

    private func write(_ files: [String: String], to folder: URL) throws {
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(Data(text.utf8), to: file)
        }
    }
}
