import Applying
import Lockfiles
import Planning
import RespanAPI
import RespanCore
import Synchronization

/// An in-memory Respan for unit tests of planning and applying: experiments by id, known
/// datasets and evaluators, a log of every call, and failures to inject per id.
///
/// It keeps Respan's documented shapes only as far as the planner reads them; the end-to-end
/// tests against the sandbox check the wire format.
public final class InMemoryRemote: ExperimentRemote {
    public struct State: Sendable {
        public var experiments: [String: JSONValue] = [:]
        public var datasets: Set<String> = ["ds_support_qa_2024"]
        /// Dataset id → its `log_count`.
        public var rowCounts: [String: Int] = ["ds_support_qa_2024": 36]
        public var evaluators: Set<String> = ["eval_quality", "eval_accuracy"]
        public var slugs: Set<String> = ["quality-assessment"]
        /// Every call, as "METHOD id" ("LIST", "POST exp_1", "PUT exp_1", …).
        public var calls: [String] = []
        /// Ids whose next write fails with this error.
        public var failures: [String: RespanAPIError] = [:]
        public var nextID = 1
    }

    private let state = Mutex(State())

    public init() {}

    /// Reads or changes the state (seed experiments, inject failures, read the call log).
    public func with<T>(_ body: (inout State) -> T) -> T { state.withLock { body(&$0) } }

    public var calls: [String] { with { $0.calls } }

    public func experimentPage(ids: [String], page: Int, pageSize: Int) async throws(RespanAPIError) -> Page<Experiment>
    {
        let found = with { state in
            state.calls.append("LIST")
            return ids.compactMap { state.experiments[$0] }
        }
        return Page(count: found.count, results: try found.map(Experiment.init(json:)))
    }

    public func experiments(named names: [String]) async throws(RespanAPIError) -> [Experiment] {
        let found = with { state in
            state.calls.append("LIST names")
            return state.experiments.values.filter { names.contains($0["name"]?.stringValue ?? "") }
        }
        return try found.map(Experiment.init(json:))
    }

    public func experimentIfExists(_ id: String) async throws(RespanAPIError) -> Experiment? {
        let found = with { state in
            state.calls.append("GET \(id)")
            return state.experiments[id]
        }
        return try found.map(Experiment.init(json:))
    }

    /// Like the client: an id already held comes back as found, not made again.
    public func createExperimentOutcome(_ body: JSONValue) async throws(RespanAPIError) -> CreatedExperiment {
        if let id = body["experiment_id"]?.stringValue, let held = with({ $0.experiments[id] }) {
            return CreatedExperiment(experiment: try Experiment(json: held), foundExisting: true)
        }
        return CreatedExperiment(experiment: try await createExperiment(body), foundExisting: false)
    }

    public func createExperiment(_ body: JSONValue) async throws(RespanAPIError) -> Experiment {
        let result: Result<JSONValue, RespanAPIError> = with { state in
            let id = body["experiment_id"]?.stringValue ?? "exp_mem_\(state.nextID)"
            state.nextID += 1
            state.calls.append("POST \(id)")
            if let failure = state.failures.removeValue(forKey: id) { return .failure(failure) }
            var object = body.objectValue ?? [:]
            object["id"] = .string(id)
            object["experiment_id"] = nil
            object["status"] = "pending"
            state.experiments[id] = .object(object)
            return .success(.object(object))
        }
        return try Experiment(json: try result.get())
    }

    public func replaceExperiment(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> Experiment {
        try await write("PUT", id) { _ in body.objectValue ?? [:] }
    }

    public func updateExperiment(_ id: String, _ body: JSONValue) async throws(RespanAPIError) -> Experiment {
        try await write("PATCH", id) { current in current.merging(body.objectValue ?? [:]) { $1 } }
    }

    public func deleteExperiment(_ id: String) async throws(RespanAPIError) {
        let failure: RespanAPIError? = with { state in
            state.calls.append("DELETE \(id)")
            if let failure = state.failures.removeValue(forKey: id) { return failure }
            state.experiments[id] = nil
            return nil
        }
        if let failure { throw failure }
    }

    public func referenceExists(_ reference: RemoteReference) async throws(RespanAPIError) -> Bool {
        with { state in
            state.calls.append("CHECK \(reference)")
            switch reference {
            case .dataset(let id): return state.datasets.contains(id)
            case .evaluator(let id): return state.evaluators.contains(id)
            case .evaluatorSlug(let slug): return state.slugs.contains(slug)
            case .prompt: return false  // no prompts here
            }
        }
    }

    public func referenceVersion(_ reference: RemoteReference) async throws(RespanAPIError) -> String?? {
        try await referenceExists(reference) ? .some(nil) : nil
    }

    public func datasetRows(_ id: String) async throws(RespanAPIError) -> Int?? {
        with { state in
            state.calls.append("CHECK dataset '\(id)'")
            return state.datasets.contains(id) ? .some(state.rowCounts[id]) : nil
        }
    }

    public func verifyConnection() async throws(RespanAPIError) {
        with { $0.calls.append("VERIFY") }
    }

    private func write(
        _ method: String, _ id: String, _ change: @Sendable ([String: JSONValue]) -> [String: JSONValue]
    ) async throws(RespanAPIError) -> Experiment {
        let result: Result<JSONValue, RespanAPIError> = with { state in
            state.calls.append("\(method) \(id)")
            if let failure = state.failures.removeValue(forKey: id) { return .failure(failure) }
            guard let current = state.experiments[id]?.objectValue else {
                return .failure(.http(.init(status: 404, detail: "Not found.")))
            }
            var next = change(current)
            next["id"] = .string(id)
            next["experiment_id"] = nil
            state.experiments[id] = .object(next)
            return .success(.object(next))
        }
        return try Experiment(json: try result.get())
    }
}
