/// Reads a paginated list (`page=1, 2, …`) until a page has no `next`, the caller says stop,
/// or `limit` pages were read: the one paging loop of the client's users, with one explicit
/// cap. A list still going at the cap is an error naming it (`RespanAPIError.listTooLong`),
/// never a silently shortened answer.
public struct Paging: Sendable {
    /// The most pages read; reaching it with more to come throws.
    public var limit: Int
    /// What the error calls the list ("the traces of exp_1").
    public var name: String

    public init(limit: Int, name: String) {
        self.limit = limit
        self.name = name
    }

    /// Calls `fetch` for pages `first`, `first + 1`, … and hands each to `each`, which returns
    /// whether to go on. Returns the number of requests made. A thrown error leaves what `each`
    /// already took with the caller.
    @discardableResult
    public func read<Item>(
        from first: Int = 1, _ fetch: (_ page: Int) async throws(RespanAPIError) -> Page<Item>,
        each: (Page<Item>) -> Bool
    ) async throws(RespanAPIError) -> Int {
        var number = first
        var requests = 0
        while true {
            guard number - first < limit else { throw .listTooLong(name, pages: limit) }
            let page = try await fetch(number)
            requests += 1
            guard each(page), page.next != nil else { return requests }
            number += 1
        }
    }
}
