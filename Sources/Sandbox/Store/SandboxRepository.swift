import RespanCore

/// The sandbox's remote state as the routes see it: experiment records at the sandbox's time,
/// and the seeded catalog. `SandboxStore` keeps it in memory and journals every write.
protocol SandboxRepository: ManagedRepository {
    /// The datasets, evaluators and evaluator workflows seeded at start; they never change.
    var catalog: Catalog { get }
    /// How it answers where the docs are silent.
    var behaviour: RemoteBehaviour { get }
    /// The sandbox's time, in seconds since 1970.
    var now: Double { get async }
    /// Every experiment's run at one and the same moment.
    var allSimulations: [RunSimulation] { get async }

    func experiment(_ id: String) async throws(APIError) -> ExperimentRecord
    /// The record's run as of now.
    func simulation(of record: ExperimentRecord) async -> RunSimulation
    func create(_ edit: ExperimentEdit) async throws(APIError) -> ExperimentRecord
    /// PUT (`replace: true`) or PATCH.
    func edit(_ id: String, _ edit: ExperimentEdit, replace: Bool) async throws(APIError) -> ExperimentRecord
    func delete(_ id: String) async throws(APIError)
    /// Stores the output submitted to one of a `wait` run's traces.
    func submit(_ output: JSONValue, experiment: String, trace: String) async throws(APIError)
}
