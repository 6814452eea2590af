import Applying
import Foundation
import Lockfiles
import Planning
import RespanCore
import TestSupport
import Testing
import Views

/// Golden round trips for the documents respan-plan writes (style.md §6): each `NAME.in.json`
/// decodes and re-encodes to `NAME.out.json` exactly, or fails with the text in `NAME.error.txt`.
/// `RESPAN_UPDATE_GOLDEN=1` rewrites the `.out.json` files after an intended format change.
@Suite struct GoldenDocumentTests {
    static let root = Paths.fixtures.appendingPathComponent("golden")

    static func cases(_ folder: String) -> [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".in.json") }.map { String($0.dropLast(".in.json".count)) }.sorted()
    }

    @Test(arguments: cases("lockfile"))
    func lockfile(_ name: String) throws {
        try check("lockfile", name) { text throws in try Lockfile.decode(text, path: "\(name).lock").encoded() }
    }

    @Test(arguments: cases("saved-plan"))
    func savedPlan(_ name: String) throws {
        try check("saved-plan", name) { text throws in try SavedPlan.decode(text, path: "plan.json").encoded() }
    }

    /// The plan JSON view of each saved plan's plan: the document `plan --format json` prints.
    @Test(arguments: cases("saved-plan"))
    func planJSON(_ name: String) throws {
        let input = try String(
            contentsOf: Self.root.appendingPathComponent("saved-plan/\(name).in.json"), encoding: .utf8)
        guard let saved = try? SavedPlan.decode(input, path: "plan.json") else { return }
        try compare(PlanJSONView().render(saved.plan), Self.root.appendingPathComponent("saved-plan/\(name).plan.json"))
    }

    private func check(_ folder: String, _ name: String, _ transform: (String) throws -> String) throws {
        let base = Self.root.appendingPathComponent(folder)
        let input = try String(contentsOf: base.appendingPathComponent("\(name).in.json"), encoding: .utf8)
        let errorFile = base.appendingPathComponent("\(name).error.txt")
        if let expected = try? String(contentsOf: errorFile, encoding: .utf8) {
            #expect {
                _ = try transform(input)
            } throws: { error in
                "\(error)".contains(expected.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return
        }
        try compare(try transform(input), base.appendingPathComponent("\(name).out.json"))
    }

    private func compare(_ actual: String, _ file: URL) throws {
        if ProcessInfo.processInfo.environment["RESPAN_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(file.lastPathComponent) differs; RESPAN_UPDATE_GOLDEN=1 rewrites it")
    }
}
