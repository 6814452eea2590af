import Crypto
import Foundation
import RespanCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A runner's `inputs:` globs, expanded and hashed. `*`, `?` and `[…]` match within one path
/// segment, `**` matches any number of segments (none included). Paths are relative to the
/// manifest's folder, so the same files give the same digests on every machine.
enum InputFiles {
    /// Folders a `**` never walks into: version control, build output, respan-plan's own state.
    static let skipped: Set<String> = [".git", ".build", ".respan", "node_modules", "__pycache__"]

    /// The files `pattern` matches under `directory`, as relative paths, sorted.
    static func expand(_ pattern: String, in directory: String) -> [String] {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let literal = segments.prefix { !isGlob($0) }
        if literal.count == segments.count {
            let path = (directory as NSString).appendingPathComponent(pattern)
            return isFile(path) ? [segments.joined(separator: "/")] : []
        }
        let base = literal.joined(separator: "/")
        let rest = Array(segments.dropFirst(literal.count))
        return walk((directory as NSString).appendingPathComponent(base)).filter { matches(rest, $0) }
            .map { base.isEmpty ? $0 : base + "/" + $0 }.sorted()
    }

    /// The SHA-256 of a file's bytes with each CRLF read as LF, or nil when it cannot be read.
    static func digest(of path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(data.count)
        var previous: UInt8 = 0
        for byte in data {
            if byte == UInt8(ascii: "\n"), previous == UInt8(ascii: "\r") { bytes.removeLast() }
            bytes.append(byte)
            previous = byte
        }
        return DatasetFile.hex(SHA256.hash(data: bytes))
    }

    static func isGlob(_ segment: String) -> Bool { segment.contains { "*?[".contains($0) } }

    private static func isFile(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && !folder.boolValue
    }

    /// Every file under `root`, relative to it, leaving out `skipped` folders.
    private static func walk(_ root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var folder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &folder) else { continue }
            if !folder.boolValue {
                files.append(relative)
            } else if skipped.contains((relative as NSString).lastPathComponent) {
                enumerator.skipDescendants()
            }
        }
        return files
    }

    /// Whether a relative path's segments match the pattern's.
    static func matches(_ pattern: [String], _ path: String) -> Bool {
        matches(pattern[...], path.split(separator: "/").map(String.init)[...])
    }

    private static func matches(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            return (0...path.count).contains { matches(pattern.dropFirst(), path.dropFirst($0)) }
        }
        guard let segment = path.first, fnmatch(head, segment, 0) == 0 else { return false }
        return matches(pattern.dropFirst(), path.dropFirst())
    }
}
