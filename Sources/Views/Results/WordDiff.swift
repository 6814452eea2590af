import Applying
import Lockfiles
import Planning
import RespanCore
import Results

/// A word-level difference between a row's baseline output and its output now: the words each
/// side has that the other does not, so a reviewer sees what changed without reading both.
enum WordDiff {
    enum Part: Equatable {
        case same(String)
        case changed(String)
    }

    /// Rows longer than this many words are compared as they are, without a difference (the
    /// table is quadratic in the words).
    static let maxWords = 400

    /// `before` and `after` as parts: words both share (a longest common subsequence) and the
    /// words only that side has.
    static func parts(_ before: String, _ after: String) -> (before: [Part], after: [Part]) {
        let old = words(before), new = words(after)
        guard old.count <= maxWords, new.count <= maxWords else { return ([.same(before)], [.same(after)]) }
        // suffix[i][j]: the longest common subsequence of old[i...] and new[j...].
        var suffix = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                suffix[i][j] = old[i] == new[j] ? suffix[i + 1][j + 1] + 1 : max(suffix[i + 1][j], suffix[i][j + 1])
            }
        }
        var (i, j) = (0, 0)
        var left: [Part] = [], right: [Part] = []
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                left.append(.same(old[i]))
                right.append(.same(new[j]))
                (i, j) = (i + 1, j + 1)
            } else if j < new.count, i == old.count || suffix[i][j + 1] >= suffix[i + 1][j] {
                right.append(.changed(new[j]))
                j += 1
            } else {
                left.append(.changed(old[i]))
                i += 1
            }
        }
        return (left, right)
    }

    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).map(String.init)
    }

    /// The parts joined by spaces, each changed word wrapped by `mark`, at most `limit` visible
    /// characters (cut between words with "…"); `escape` makes each word safe for its format.
    static func render(
        _ parts: [Part], limit: Int, escape: (String) -> String, mark: (String) -> String
    ) -> String {
        var out: [String] = [], visible = 0
        for part in parts {
            let (word, changed) = part.word
            let shown = visible + word.count > limit ? String(word.prefix(max(0, limit - visible))) + "…" : word
            out.append(changed ? mark(escape(shown)) : escape(shown))
            visible += word.count + 1
            if visible > limit { break }
        }
        return out.joined(separator: " ")
    }
}

extension WordDiff.Part {
    var word: (String, Bool) {
        switch self {
        case .same(let word): (word, false)
        case .changed(let word): (word, true)
        }
    }
}
