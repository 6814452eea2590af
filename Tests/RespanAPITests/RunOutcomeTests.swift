import RespanAPI
import RespanCore
import Testing

/// A run is finished when `completed_at` is set or its status is a known terminal word
/// (respan-api.md §9: no status enum is documented).
@Suite struct RunOutcomeTests {
    @Test(arguments: [
        ("completed", RunOutcome.completed), ("COMPLETED", .completed), ("succeeded", .completed),
        ("failed", .failed), ("Error", .failed), ("cancelled", .cancelled), ("canceled", .cancelled),
    ])
    func terminalWordsEndARunInAnyCase(_ word: String, _ outcome: RunOutcome) {
        #expect(RunOutcome(status: word) == outcome)
    }

    @Test func anUnknownWordIsNotFinishedUnlessCompletedAtIsSet() {
        #expect(RunOutcome(status: "evaluating") == nil)
        #expect(RunOutcome(status: "pending") == nil)
        #expect(RunOutcome(status: nil) == nil)
        #expect(RunOutcome(status: "evaluating", completedAt: "2026-01-01T00:00:00Z") == .completed)
        #expect(RunOutcome(status: "evaluating", completedAt: "2026-01-01T00:00:00Z", errorMessage: "boom") == .failed)
    }

    @Test func anExperimentReadsItsOutcome() throws {
        let done = try Experiment(json: ["id": "e", "status": "finalised", "completed_at": "2026-01-01T00:00:00Z"])
        #expect(done.outcome == .completed)
        #expect(try Experiment(json: ["id": "e", "status": "running", "progress": 100]).outcome == nil)
    }
}
