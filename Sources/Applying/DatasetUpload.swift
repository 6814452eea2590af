import Foundation
import Lockfiles
import Manifest
import Planning
import RespanAPI
import RespanCore

/// Uploads one managed dataset: a new empty remote dataset, the file's rows in batches of at
/// most 500 through `/logs/bulk/` (retrying only the rows that failed), a check that the
/// remote holds exactly the file's row count, then the "complete" mark. The lockfile records
/// the dataset as `uploading` from its creation and `complete` only at the end, so a crash
/// never leaves an experiment pointing at a half-filled dataset.
struct DatasetUpload: Sendable {
    static let batchSize = 500
    /// Rounds of re-sending rows a batch refused before giving up.
    static let maxRounds = 8

    let remote: any CatalogRemote
    let record: @Sendable (String, DatasetLock?) async throws -> Void

    /// Uploads and returns the complete lockfile entry; `previous` carries older ids.
    func run(_ change: DatasetChange, previous: [String]) async throws -> DatasetLock {
        guard let file = change.file, let summary = change.summary else {
            throw ApplyFailure.local("dataset \(change.name) has no file to upload")
        }
        let created = try await remote.createDataset(
            name: change.remoteName, description: DatasetMarker.description(file.description, summary, complete: false))
        var entry = DatasetLock(
            id: created.id, name: change.remoteName, digest: summary.digest, rows: summary.rowCount, state: .uploading,
            previous: previous)
        try await record(change.name, entry)
        let reader = try DatasetFile(
            path: file.path, format: file.format, columns: file.columns, types: file.types, location: file.location)
        var uploaded = 0
        while true {
            let rows = try reader.batch(Self.batchSize)
            if rows.isEmpty { break }
            uploaded = try await send(rows, to: created.id, uploaded: uploaded, name: change.name)
            try Task.checkCancellation()
        }
        guard uploaded == summary.rowCount else {
            throw ApplyFailure.local(
                "dataset \(change.name): Respan took \(counted(uploaded, "row")) of \(summary.rowCount) (the file changed since the plan?); it is not used and the next apply replaces it"
            )
        }
        try await awaitIngestion(created.id, rows: summary.rowCount, name: change.name)
        _ = try await remote.updateDataset(
            created.id, description: DatasetMarker.description(file.description, summary, complete: true))
        entry.state = .complete
        entry.index = DatasetLock.encodeIndex(summary)
        try await record(change.name, entry)
        return entry
    }

    /// Rows are "accepted for ingestion" (respan-api.md §9): `log_count` may lag the upload,
    /// so it is read until it holds every row (`CatalogRemote.datasetLogCount`); more rows
    /// than sent, or still fewer after `ingestionWait`, is an error.
    private func awaitIngestion(_ id: String, rows: Int, name: String) async throws {
        let held = try await remote.datasetLogCount(id, reaching: rows, within: Self.ingestionWait)
        guard let held, held != rows else { return }
        throw ApplyFailure.local(
            "dataset \(name): Respan counts \(held) rows of the \(rows) it accepted"
                + (held < rows ? " after \(Self.ingestionWait.inWords) of ingestion" : "")
                + "; it is not used, and the next apply checks it again or replaces it")
    }

    /// How long to wait for ingestion to count every uploaded row.
    static let ingestionWait = Duration.seconds(60)

    /// Sends one batch, then re-sends only the rows it refused. Failures that may have reached
    /// Respan and 429s are retried by the client's one retry loop (`addDatasetLogs`).
    private func send(_ rows: [JSONValue], to id: String, uploaded: Int, name: String) async throws -> Int {
        // Each pending row with its number in the file (1-based), to name refused rows.
        var pending = rows.enumerated().map { (uploaded + $0.offset + 1, $0.element) }
        var total = uploaded
        var lastErrors: [(row: Int, error: String)] = []
        for _ in 0..<Self.maxRounds {
            let result = try await remote.addDatasetLogs(id, pending.map(\.1), heldBefore: total)
            total += result.successCount
            let refused = Dictionary(
                result.errors.map { ($0.index, $0.error) }, uniquingKeysWith: { first, _ in first })
            lastErrors = pending.indices.compactMap { index in refused[index].map { (pending[index].0, $0) } }
            pending = pending.indices.filter { refused[$0] != nil }.map { pending[$0] }
            if pending.isEmpty { return total }
        }
        let quoted = lastErrors.prefix(3).map { "row \($0.row): \($0.error)" }.joined(separator: "; ")
        throw ApplyFailure.local(
            "dataset \(name): \(pending.count) row\(pending.count == 1 ? " was" : "s were") refused \(Self.maxRounds) times "
                + "(\(quoted)\(lastErrors.count > 3 ? "; …" : "")); the dataset is not used")
    }
}
