import RespanAPI
import Synchronization

/// Reads every trace of a run, whatever the trace routes refuse (respan-api.md §9):
///
/// - a page answered 413 Content Too Large is asked again at half the size, down to
///   `floorPageSize`; then with `preview_length` (text cut to `previewLength` characters) from
///   `pageSize` again, halving once more; a 413 past that is an error. Scores, counts and
///   costs are not text, so the numbers are the same whichever pages served them.
/// - a trace whose evaluator-workflow output the list cut short is read once more in detail
///   (one request per such trace) for its pipeline scores.
/// - a summary answered 413 is no summary: the caller totals the traces instead.
///
/// Requests: ceil(rows/pageSize) pages, plus one per 413, plus one per trace needing detail.
/// The page shape a 413 led to is kept in `shape`, shared by the runs of one `results`, so only
/// the first run read pays for finding it.
struct TraceReading {
    static let pageSize = 100
    static let floorPageSize = 25
    static let previewLength = 200
    /// A run has at most this many pages read (100,000 rows at full size).
    static let maxPages = 1000

    let remote: any TraceRemote
    var shape = PageShape()

    /// Every trace of the run, pipeline scores included. A run past `maxPages` pages is an
    /// error (`RespanAPIError.listTooLong`), never scores from part of it.
    func all(experimentID: String) async throws(RespanAPIError) -> [Trace] {
        try await read(experimentID: experimentID).traces
    }

    /// Every trace of the run, and whether their text was cut to a preview to get them.
    func read(experimentID: String) async throws(RespanAPIError) -> (traces: [Trace], previewed: Bool) {
        var traces: [Trace] = []
        // The size a 413 led to is shared; a preview is asked for again only by a run that needs it.
        var (size, preview) = (shape.current, Int?.none)
        var first = 1
        while true {
            do {
                try await Paging(limit: Self.maxPages, name: "the traces of \(experimentID)").read(from: first) {
                    (number: Int) async throws(RespanAPIError) -> Page<Trace> in
                    try await remote.traces(
                        experimentID: experimentID, page: number, pageSize: size, previewLength: preview)
                } each: { page in
                    traces += page.results
                    return page.results.count >= size
                }
                break
            } catch  where error.status == 413 {
                guard let smaller = Self.shrink(size: size, preview: preview) else { throw error }
                (size, preview) = smaller
                if smaller.preview == nil { shape.current = smaller.size }
                // Continue at the same row where the new size allows it, else from the start.
                if traces.count % size == 0 {
                    first = traces.count / size + 1
                } else {
                    (traces, first) = ([], 1)
                }
            }
        }
        return (try await withDetail(traces, experimentID: experimentID), preview != nil)
    }

    /// Traces whose evaluator-workflow output the list cut short, read once more in detail.
    private func withDetail(_ traces: [Trace], experimentID: String) async throws(RespanAPIError) -> [Trace] {
        var complete: [Trace] = []
        for trace in traces {
            guard trace.needsDetail else {
                complete.append(trace)
                continue
            }
            complete.append(trace.adding(detail: try await remote.trace(experimentID: experimentID, logID: trace.id)))
        }
        return complete
    }

    /// The next page shape after a 413, or nil when there is none left to try.
    static func shrink(size: Int, preview: Int?) -> (size: Int, preview: Int?)? {
        if size / 2 >= floorPageSize { return (size / 2, preview) }
        if preview == nil { return (pageSize, previewLength) }
        return nil
    }

    /// The run's summary, or nil when the route answers 413 (the totals then come from the traces).
    func summary(experimentID: String) async throws(RespanAPIError) -> TraceSummary? {
        do {
            return try await remote.traceSummary(experimentID: experimentID)
        } catch  where error.status == 413 {
            return nil
        }
    }
}

/// The page size trace lists are read with, shared by the reads of one command: it starts at
/// full pages and only ever shrinks, after a 413.
final class PageShape: Sendable {
    private let state = Mutex<Int>(TraceReading.pageSize)

    var current: Int {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
