import Foundation
import RespanCore
import TestSupport
import Testing

/// How a managed dataset's file is read, through the built binary: CSV cells are
/// text unless typed, line endings inside cells do not change a dataset, every bad row is
/// reported, and an upgrade that changes the reading reruns nothing.
@Suite struct DatasetFileCLITests {
    static func manifest(_ file: String, columns: String = "") -> String {
        """
        version: 1
        project: rows
        datasets:
          qa:
            file: \(file)
        \(columns.isEmpty ? "" : "    columns: \(columns)")
        evaluators:
          quality: { id: eval_quality }
        experiments:
          answer:
            dataset: qa
            evaluators: [quality]
            workflow: [{ type: completion, config: { model: gpt-4o-mini } }]
        """
    }

    /// A quoted `"1.10"` stays the text `1.10`, and so does an unquoted `42`; a column typed
    /// `number`, `boolean` or `json` is uploaded as that type.
    @Test func csvCellsAreTextUnlessTheirColumnIsTyped() async throws {
        try await withStarted({ try await SandboxHarness.start() }) { sandbox in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let columns =
                "{ price: { field: metadata.price, type: number }, stock: { field: metadata.stock, type: boolean }, "
                + "extra: { field: metadata.extra, type: json }, code: metadata.code }"
            try directory.write("experiments.yaml", Self.manifest("data/qa.csv", columns: columns))
            try directory.write(
                "data/qa.csv",
                "input,expected_output,price,stock,extra,code\n\"1.10\",42,1.10,TRUE,\"{\"\"a\"\": 1}\",007\n")
            let apply = try await CLI.run(
                ["apply", "--auto-approve"], in: directory.url,
                environment: ["RESPAN_BASE_URL": sandbox.url, "RESPAN_API_KEY": sandbox.token])
            #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
            let lock = try JSONValue(
                parsing: String(contentsOfFile: directory.path("experiments.lock"), encoding: .utf8))
            let id = lock["datasets"]?["qa"]?["id"]?.stringValue ?? ""
            let logs = try await sandbox.raw("GET", "/api/datasets/\(id)/logs/list/").json
            let row = logs?["results"]?.arrayValue?.first
            #expect(row?["input"] == .string("1.10"))
            #expect(row?["expected_output"] == .string("42"))
            let metadata = row?["metadata"]
            #expect(metadata?["code"] == .string("007"))
            #expect(metadata?["price"] == (try JSONValue(parsing: "1.1")))
            #expect(metadata?["stock"] == .bool(true))
            #expect(metadata?["extra"] == ["a": 1])
        }
    }

    /// A typed cell that does not parse is an error at its file and line naming the column,
    /// for every such row, before any request (the endpoint refuses every connection).
    @Test func aTypedCellThatDoesNotParseIsALocatedErrorForEveryRow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let columns = "{ price: { field: metadata.price, type: number }, ok: { field: metadata.ok, type: boolean } }"
        try directory.write("experiments.yaml", Self.manifest("data/qa.csv", columns: columns))
        try directory.write("data/qa.csv", "input,price,ok\nq1,abc,true\nq2,2,true\nq3,1.5,yes\n")
        let result = try await CLI.run(
            ["validate", "experiments.yaml"], in: directory.url, environment: ["RESPAN_API_KEY": "k"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                #"data/qa.csv:2:1: error: dataset 'qa': column 2 'price' is typed number and holds "abc", not a number"#
            ),
            "\(result.stderr)")
        #expect(
            result.stderr.contains(
                #"data/qa.csv:4:1: error: dataset 'qa': column 3 'ok' is typed boolean and holds "yes", not true or false"#
            ),
            "\(result.stderr)")
    }

    /// `type:` is for CSV columns; a misspelt type gets a suggestion.
    @Test(arguments: [
        ("data/qa.jsonl", "{ input: { type: number } }", "applies to CSV files only"),
        (
            "data/qa.csv", "{ input: { type: nubmer } }",
            "unknown type 'nubmer' of column 'input' of dataset 'qa'; use string, number, boolean, json; did you mean 'number'?"
        ),
    ])
    func aColumnTypeIsCheckedWhereItIsWritten(_ file: String, _ columns: String, _ expected: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest(file, columns: columns))
        try directory.write(file, file.hasSuffix("csv") ? "input\n1\n" : "{\"input\": 1}\n")
        let result = try await CLI.run(["validate", "experiments.yaml"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("experiments.yaml:6:"), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    /// Every bad line of a JSONL file is reported, each at its line, up to 20 and a count of
    /// the rest; a CSV file's bad rows likewise.
    @Test func everyBadRowIsReportedUpToABound() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest("data/qa.jsonl"))
        let lines = (1...30).map { $0 % 3 == 0 ? #"{"input": \#($0)}"# : ($0 % 3 == 1 ? "not json" : "[1]") }
        try directory.write("data/qa.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try await CLI.run(["validate", "experiments.yaml"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("data/qa.jsonl:1:1: error: dataset 'qa': this line is not JSON"))
        #expect(result.stderr.contains("data/qa.jsonl:2:1: error: dataset 'qa': each line must be a JSON object"))
        #expect(result.stderr.contains("data/qa.jsonl:29:1: error: dataset 'qa': each line must be a JSON object"))
        #expect(!result.stderr.contains("data/qa.jsonl:3:1"))
        #expect(result.stderr.components(separatedBy: "error: dataset 'qa': ").count - 1 == 20, "\(result.stderr)")
        #expect(!result.stderr.contains("more bad rows"))

        let more = (1...45).map { _ in "not json" } + [#"{"input": 1}"#]
        try directory.write("data/qa.jsonl", more.joined(separator: "\n"))
        let many = try await CLI.run(["validate", "experiments.yaml"], in: directory.url)
        #expect(many.stderr.contains("data/qa.jsonl:20:1: error: dataset 'qa': this line is not JSON"))
        #expect(!many.stderr.contains("data/qa.jsonl:21:1"))
        #expect(
            many.stderr.contains(
                "experiments.yaml:5:11: error: dataset 'qa': 25 more bad rows in 'data/qa.jsonl' not shown (the first 20 are)"
            ), "\(many.stderr)")

        try directory.write("experiments.yaml", Self.manifest("data/qa.csv"))
        try directory.write("data/qa.csv", "input,expected_output\nq1\nq2,a2\nq3,a3,extra\n")
        let csv = try await CLI.run(["validate", "experiments.yaml"], in: directory.url)
        #expect(csv.stderr.contains("data/qa.csv:2:1: error: dataset 'qa': this row has 1 field"), "\(csv.stderr)")
        #expect(csv.stderr.contains("data/qa.csv:4:1: error: dataset 'qa': this row has 3 fields"), "\(csv.stderr)")
    }

    /// The same CSV checked out with CRLF line ends (`core.autocrlf`), a line break inside a
    /// quoted cell included, plans no change.
    @Test func crlfLineEndsInsideQuotedCellsPlanNoChange() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("experiments.yaml", Self.manifest("data/qa.csv"))
        let text = "input,expected_output\n\"two\nlines\",one\nplain,\"a\nb\nc\"\n"
        try directory.write("data/qa.csv", text)
        let apply = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        try directory.write("data/qa.csv", text.replacingOccurrences(of: "\n", with: "\r\n"))
        let plan = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
    }

    /// A CSV dataset recorded by an earlier version (lockfile format 3, cells read as JSON
    /// where they parsed) plans no change after the upgrade while its file is unchanged; once
    /// the file changes it is uploaded under the current reading.
    @Test func anUpgradeKeepsACSVDatasetAndItsRunsUntilTheFileChanges() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // What the earlier version made of this CSV: the same rows as this JSONL file.
        try directory.write("data/qa.jsonl", #"{"input": 1.10, "expected_output": 42}"# + "\n")
        try directory.write("data/qa.csv", "input,expected_output\n\"1.10\",42\n")
        try directory.write("experiments.yaml", Self.manifest("data/qa.jsonl"))
        let apply = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let lockPath = directory.path("experiments.lock")
        let written = try String(contentsOfFile: lockPath, encoding: .utf8)
        #expect(!written.contains("digest_version"))
        // As format 3 wrote it: no evaluator versions (format 5 added them).
        var document = try JSONValue(parsing: written).objectValue ?? [:]
        document["format_version"] = 3
        var experiments = document["experiments"]?.objectValue ?? [:]
        for (key, entry) in experiments {
            var object = entry.objectValue ?? [:]
            object["evaluator_versions"] = nil
            experiments[key] = .object(object)
        }
        document["experiments"] = .object(experiments)
        try (JSONValue.object(document).serialized(pretty: true) + "\n").write(
            toFile: lockPath, atomically: true, encoding: .utf8)
        try directory.write("experiments.yaml", Self.manifest("data/qa.csv"))

        let plan = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(
            plan.stdout.contains(
                "1 managed dataset keeps its digest from the earlier reading of CSV cells until the file changes"),
            "\(plan.stdout)")
        let again = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8).contains("\"digest_version\": 1"))
        #expect(try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url).status == 0)

        try directory.write("data/qa.csv", "input,expected_output\n\"1.10\",42\n\"2.20\",43\n")
        let changed = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(changed.status == 0, "\(changed.stdout)\(changed.stderr)")
        #expect(changed.stdout.contains("dataset qa"), "\(changed.stdout)")
        #expect(!(try String(contentsOfFile: lockPath, encoding: .utf8)).contains("digest_version"))
    }
}
