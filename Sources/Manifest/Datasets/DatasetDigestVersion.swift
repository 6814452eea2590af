/// The rules a dataset file is read by, and so its digest: recorded per dataset in the
/// lockfile, so that an upgrade that changes them reruns nothing (design §3). A dataset
/// recorded under earlier rules keeps its digest while its file reads the same under them.
public enum DatasetDigestVersion: Int, Sendable, Comparable, CaseIterable {
    /// Lockfile formats 1–3: a CSV cell that held valid JSON was that JSON (`"1.10"` the
    /// number 1.1), and line breaks inside quoted cells were kept as written (CRLF or LF).
    case inferredCells = 1
    /// A CSV cell is text unless `columns:` gives its column a type; CRLF and a lone CR inside
    /// a cell read as LF, so a checkout with `core.autocrlf` hashes the same.
    case textCells = 2

    public static let current = textCells

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
