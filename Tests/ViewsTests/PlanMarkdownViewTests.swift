import RespanCore
import Testing

@testable import Applying
@testable import Lockfiles
@testable import Planning
@testable import Views

@Suite struct PlanMarkdownViewTests {
    @Test func longPlansAreCutWithANote() {
        let changes = (0..<2000).map { index in
            PlannedChange(
                key: "experiment-\(index)", action: .create, remoteID: nil, newID: "exp_\(index)", body: nil,
                applied: nil,
                fields: [
                    FieldChange(
                        field: "name", before: nil, after: .string(String(repeating: "x", count: 80)),
                        forcesReplacement: false)
                ],
                drift: [], reason: nil, recreate: false, location: nil)
        }
        let plan = Plan(changes: changes, orphaned: [], moves: [], refreshRequests: 0)
        let text = PlanMarkdownView().render(plan)
        #expect(text.utf8.count <= 60_000)
        #expect(text.contains("Left out to stay within GitHub's comment limit"))
    }
}
