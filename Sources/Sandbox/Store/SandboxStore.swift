import Foundation
import RespanCore

/// The sandbox's remote state: experiments (persisted) and the seeded catalog.
///
/// An actor, so each request sees and changes a consistent state; a write is journaled
/// before the call returns, so an acknowledged write survives a restart.
actor SandboxStore: SandboxRepository {
    nonisolated let catalog: Catalog
    let runSeconds: Double
    /// How it answers where the docs are silent (respan-api.md §9).
    nonisolated let behaviour: RemoteBehaviour
    private var experiments: [String: ExperimentRecord]
    /// Datasets and evaluators made through the API (see `SandboxStore+Managed`).
    var managed: ManagedCatalog {
        didSet { current = managed.merged(into: catalog) }
    }
    /// The seeded catalog and `managed` together: what runs and reference checks see.
    private(set) var current: Catalog
    let journal: StateJournal?
    private let clock: @Sendable () -> Double

    init(
        dataDirectory: URL?, runSeconds: Double, behaviour: RemoteBehaviour = RemoteBehaviour(),
        clock: @escaping @Sendable () -> Double
    ) throws {
        catalog = .seed
        self.runSeconds = runSeconds
        self.behaviour = behaviour
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
        RunSimulation(record: record, now: now, runSeconds: runSeconds, catalog: current, behaviour: behaviour)
    }

    func experiment(_ id: String) throws(APIError) -> ExperimentRecord {
        guard let record = experiments[id] else { throw .notFound("Experiment '\(id)'") }
        return record
    }

    /// Every experiment's run at one and the same moment.
    var allSimulations: [RunSimulation] {
        let time = now
        return experiments.values.map {
            RunSimulation(record: $0, now: time, runSeconds: runSeconds, catalog: current, behaviour: behaviour)
        }
    }

    func create(_ edit: ExperimentEdit) throws(APIError) -> ExperimentRecord {
        try ExperimentRules.checkCreate(edit, catalog: current)
        let chosen = behaviour.ignoresClientIDs ? nil : edit.experimentID
        let id = chosen ?? "exp_" + RunSimulation.hex(UUID().uuidString)
        if experiments[id] != nil { throw ExperimentRules.duplicate(id, answer: behaviour.duplicateID) }
        let time = now
        var record = ExperimentRules.newRecord(id: id, behaviour.normalisesEcho ? edit.normalised : edit, at: time)
        record.scoringSalts = salts(for: record)
        record.checks = checks(for: record)
        try save(record)
        return record
    }

    /// PUT (`replace: true`) or PATCH: see `ExperimentRules.apply` for what each resets.
    func edit(_ id: String, _ edit: ExperimentEdit, replace: Bool) throws(APIError) -> ExperimentRecord {
        var record = try experiment(id)
        try ExperimentRules.checkEdit(edit, catalog: current)
        let before = record.runSpec
        ExperimentRules.apply(behaviour.normalisesEcho ? edit.normalised : edit, to: &record, replace: replace)
        try ExperimentRules.checkScoring(of: record)
        record.updatedAt = now
        // Nothing promises that an edit reruns (respan-api.md §9); `--put-reruns` plays a remote where it does.
        if record.runSpec != before && behaviour.putReruns {
            record.runStartedAt = now
            record.runNumber += 1
            record.scoringSalts = salts(for: record)
            record.checks = checks(for: record)
            record.submissions = [:]  // a new run's traces await outputs of their own
        }
        try save(record)
        return record
    }

    /// Stores the output submitted to a `wait` trace (the last one wins, as a PATCH would).
    func submit(_ output: JSONValue, experiment id: String, trace: String) throws(APIError) {
        _ = try experiment(id)
        do {
            try journal?.recordSubmission(experiment: id, trace: trace, output: output)
        } catch {
            throw APIError(status: 500, detail: "The sandbox could not store the change: \(error)")
        }
        experiments[id]?.submissions[trace] = output
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
