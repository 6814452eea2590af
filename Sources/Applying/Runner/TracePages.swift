import RespanAPI

/// Every trace of a run in full text (a runner needs each row's whole input, never a preview):
/// pages of 50, halved after a 413 Content Too Large down to single traces.
struct TracePages {
    static let pageSize = 50

    let remote: any SubmissionRemote

    func all(_ experimentID: String) async throws(RespanAPIError) -> [Trace] {
        var traces: [Trace] = []
        var size = Self.pageSize
        var number = 1
        while true {
            let page: Page<Trace>
            do {
                page = try await remote.traces(
                    experimentID: experimentID, page: number, pageSize: size, previewLength: nil)
            } catch  where error.status == 413 && size > 1 {
                size /= 2
                // Continue about where the smaller pages reach; a row read twice is dropped at the end.
                number = traces.count / size + 1
                continue
            }
            traces += page.results
            if page.next == nil || page.results.count < size {
                var seen = Set<String>()
                return traces.filter { seen.insert($0.id).inserted }
            }
            number += 1
        }
    }
}
