import Foundation
import RespanCore

/// The sandbox's remote state: experiments (persisted) and the seeded catalog.
///
/// An actor, so each request sees and changes a consistent state; a write is journaled
/// before the call returns, so an acknowledged write survives a restart.
actor SandboxStore: SandboxRepository {
    nonisolated let catalog: Catalog
    let runSeconds: Double
    private var experiments: [String: ExperimentRecord]
    /// Datasets and evaluators made through the API (see `SandboxStore+Managed`).
    var managed: ManagedCatalog {
        didSet { current = managed.merged(into: catalog) }
    }
    /// The seeded catalog and `managed` together: what runs and reference checks see.
    private(set) var current: Catalog
    let journal: StateJournal?
    private let clock: @Sendable () -> Double

    init(dataDirectory: URL?, runSeconds: Double, clock: @escaping @Sendable () -> Double) throws {
        catalog = .seed
        self.runSeconds = runSeconds
        self.clock = clock
        if let dataDirectory {
            let journal = StateJournal(directory: dataDirectory)
            (experiments, managed) = try journal.open()
            self.journal = journal
        } else {
            experiments = [:]
            managed = ManagedCatalog()
            journal = nil
        }
        current = managed.merged(into: .seed)
    }

    var now: Double { clock() }

    func simulation(of record: ExperimentRecord) -> RunSimulation {
        RunSimulation(record: record, now: now, runSeconds: runSeconds, catalog: current)
    }

    func experiment(_ id: String) throws(APIError) -> ExperimentRecord {
        guard let record = experiments[id] else { throw .notFound("Experiment '\(id)'") }
        return record
    }

    /// Every experiment's run at one and the same moment.
    var allSimulations: [RunSimulation] {
        let time = now
        return experiments.values.map { RunSimulation(record: $0, now: time, runSeconds: runSeconds, catalog: current) }
    }

    func create(_ edit: ExperimentEdit) throws(APIError) -> ExperimentRecord {
        try ExperimentRules.checkCreate(edit, catalog: current)
        let id = edit.experimentID ?? "exp_" + RunSimulation.hex(UUID().uuidString)
        if experiments[id] != nil {
            throw APIError(status: 409, detail: "An experiment with id '\(id)' already exists.")
        }
        let time = now
        var record = ExperimentRules.newRecord(id: id, edit, at: time)
        record.scoringSalts = salts(for: record)
        try save(record)
        return record
    }

    /// PUT (`replace: true`) or PATCH: see `ExperimentRules.apply` for what each resets.
    func edit(_ id: String, _ edit: ExperimentEdit, replace: Bool) throws(APIError) -> ExperimentRecord {
        var record = try experiment(id)
        try ExperimentRules.checkEdit(edit, catalog: current)
        let before = record.runSpec
        ExperimentRules.apply(edit, to: &record, replace: replace)
        try ExperimentRules.checkScoring(of: record)
        record.updatedAt = now
        if record.runSpec != before {
            record.runStartedAt = now
            record.runNumber += 1
            record.scoringSalts = salts(for: record)
        }
        try save(record)
        return record
    }

    func delete(_ id: String) throws(APIError) {
        _ = try experiment(id)
        experiments[id] = nil
        do {
            try journal?.recordDelete(id)
        } catch {
            throw APIError(status: 500, detail: "The sandbox could not store the change: \(error)")
        }
    }

    private func save(_ record: ExperimentRecord) throws(APIError) {
        do {
            try journal?.recordPut(record)
        } catch {
            throw APIError(status: 500, detail: "The sandbox could not store the change: \(error)")
        }
        experiments[record.id] = record
    }
}
