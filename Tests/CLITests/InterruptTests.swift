import Foundation
import RespanCore
import TestSupport
import Testing

@Suite struct InterruptTests {
    @Test func ctrlCFinishesInFlightWorkSavesTheLockfileAndExits130() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let experiments = (0..<30).map {
            "  e\($0): { dataset: qa, evaluators: [quality], workflow: [{ type: duplicate }] }"
        }
        try directory.write(
            "experiments.yaml",
            """
            version: 1
            datasets: { qa: { id: ds_support_qa_2024 } }
            evaluators: { quality: { id: eval_quality } }
            experiments:
            \(experiments.joined(separator: "\n"))
            """)
        let (status, stderr, stdout) = try await CLI.offPool { try Self.interruptedApply(in: directory) }
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("Interrupted:"))
        // The summary tells the same story: not "Apply complete" after "Interrupted".
        #expect(stdout.contains("Apply interrupted: "), "\(stdout)")
        #expect(!stdout.contains("Apply complete"))
        let recorded = Self.recordedExperiments(directory.path("experiments.lock"))
        #expect(recorded > 0 && recorded < 30)
        let rerun = try await CLI.run(["apply", "--sandbox", "--auto-approve"], in: directory.url)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let list = try await CLI.run(["state", "list"], in: directory.url)
        #expect(list.stdout.split(separator: "\n").count == 30)
        let plan = try await CLI.run(["plan", "--sandbox", "--detailed-exitcode"], in: directory.url)
        #expect(plan.status == 0)
    }

    /// Starts an apply, interrupts it once its first experiment is recorded, and returns its
    /// exit status, standard error and standard output. It blocks: call it through `CLI.offPool`.
    static func interruptedApply(in directory: TemporaryDirectory) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = CLI.binary
        // One change at a time, one request every two seconds: the apply takes a minute, so the
        // interrupt lands mid-apply however loaded the machine is.
        process.arguments = ["apply", "--sandbox", "--auto-approve", "--parallelism", "1", "--rate-limit", "30"]
        process.currentDirectoryURL = directory.url
        let err = Pipe(), out = Pipe()
        process.standardError = err
        process.standardOutput = out
        try process.run()
        // Interrupt once the apply says (on standard error, one line a change) that its first
        // experiment is recorded: the blocking read waits for that line, no clock involved.
        let reader = err.fileHandleForReading
        var stderr = ""
        while !stderr.contains(": created (") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            stderr += String(decoding: chunk, as: UTF8.self)
        }
        process.interrupt()
        stderr += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, stderr, stdout)
    }

    /// The experiments a lockfile records; 0 while there is none (or it cannot be read).
    static func recordedExperiments(_ path: String) -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let lock = try? JSONValue(parsing: text)
        else { return 0 }
        return lock["experiments"]?.objectValue?.count ?? 0
    }
}
