import Lockfiles
import RespanCore
import Testing

@testable import Results

/// Why two runs are not like for like, from what their lockfile entries recorded at apply.
@Suite struct LikeForLikeTests {
    @Test func anEvaluatorWhoseVersionChangedBetweenTheRunsIsNamed() {
        var before = LockEntry(id: "exp_1", state: .created, applied: ["dataset_id": "ds_1"])
        before.evaluatorVersions = ["eval_q": "version 3", "eval_same": "version 1"]
        var after = LockEntry(id: "exp_2", state: .created, applied: ["dataset_id": "ds_1"])
        after.evaluatorVersions = ["eval_q": "version 4", "eval_same": "version 1"]
        #expect(
            LikeForLike.differences(current: after, baseline: before, evaluators: [])
                == ["evaluator eval_q changed between the runs (version 3 → version 4)"])
        // One run: nothing to compare.
        #expect(LikeForLike.differences(current: before, baseline: before, evaluators: []).isEmpty)
    }
}
