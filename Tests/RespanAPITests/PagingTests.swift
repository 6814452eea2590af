import RespanAPI
import Testing

/// The one paging loop: it stops at the last page or when told, and a list past its cap is
/// an error, never a shortened answer.
@Suite struct PagingTests {
    /// A list of `pages` pages of one number each.
    static func fetch(pages: Int) -> (Int) async throws(RespanAPIError) -> Page<Int> {
        { number in Page(next: number < pages ? "page \(number + 1)" : nil, results: [number]) }
    }

    @Test func readsUntilAPageHasNoNext() async throws {
        var read: [Int] = []
        let requests = try await Paging(limit: 10, name: "the list").read(Self.fetch(pages: 3)) { page in
            read += page.results
            return true
        }
        #expect(read == [1, 2, 3] && requests == 3)
    }

    @Test func stopsWhenTheCallerSaysSo() async throws {
        var read: [Int] = []
        try await Paging(limit: 10, name: "the list").read(from: 2, Self.fetch(pages: 9)) { page in
            read += page.results
            return read.count < 2
        }
        #expect(read == [2, 3])
    }

    @Test func aListOfExactlyTheCapIsReadWhole() async throws {
        var read: [Int] = []
        let requests = try await Paging(limit: 4, name: "the list").read(Self.fetch(pages: 4)) { page in
            read += page.results
            return true
        }
        #expect(read == [1, 2, 3, 4] && requests == 4)
    }

    @Test func aListPastTheCapIsAnErrorNamingIt() async throws {
        await #expect(throws: RespanAPIError.listTooLong("the traces of exp_1", pages: 4)) {
            try await Paging(limit: 4, name: "the traces of exp_1").read(Self.fetch(pages: 5)) { _ in true }
        }
        #expect("\(RespanAPIError.listTooLong("the list", pages: 4))".contains("past 4 pages"))
    }
}
