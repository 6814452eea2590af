import Foundation
import RespanCore

/// The sections of a root manifest and all the files it includes, gathered before decoding.
struct ManifestSections {
    var root: MappingReader?
    var datasets: [NamedEntry] = []
    var evaluators: [NamedEntry] = []
    var prompts: [NamedEntry] = []
    var workflows: [NamedEntry] = []
    var experiments: [NamedEntry] = []
    var moved: [YAMLNode] = []
    /// Display paths of the files read, root first.
    var files: [String] = []
    /// Each file's text, for showing source lines under diagnostics.
    var sources: [String: String] = [:]
}

/// Reads a root manifest and follows `include:` (relative to the including file, each file
/// once, cycles reported), collecting the named sections of every file.
struct ManifestFileReader {
    var limits = YAMLLimits()
    private(set) var sections = ManifestSections()
    private var loaded: Set<String> = []
    private var stack: [(identity: String, display: String)] = []
    /// Where each name was first defined, per section, to report a second definition.
    private var firstDefinitions: [String: [String: SourceLocation]] = [:]

    /// The sections gathered, moved out (no copy of the node trees is kept here).
    mutating func takeSections() -> ManifestSections {
        defer { sections = ManifestSections() }
        return sections
    }

    mutating func read(root path: String, diagnostics: inout DiagnosticList) {
        guard let node = parse(path, includedFrom: nil, diagnostics: &diagnostics) else { return }
        visit(node, path: path, isRoot: true, diagnostics: &diagnostics)
    }

    /// A file's bytes, read with the C library: `FileManager.contents(atPath:)` leaks its
    /// 4 KiB buffer on an empty file (found by `scripts/fuzz` under the address sanitizer).
    static func bytes(atPath path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count { return ferror(file) == 0 ? bytes : nil }
        }
    }

    /// The file's absolute path with `.`, `..` and symbolic links resolved (realpath(3)): two
    /// spellings of one file are one file. Foundation's URL did the same at a million
    /// instructions of its first use, a fortieth of the process's start (bench/callgrind).
    private static func identity(of path: String) -> String {
        guard let resolved = realpath(path, nil) else {
            return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The file's single document, or nil with a diagnostic.
    private mutating func parse(
        _ path: String, includedFrom: SourceLocation?, diagnostics: inout DiagnosticList
    ) -> YAMLNode? {
        guard let bytes = Self.bytes(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            diagnostics.error("cannot read manifest '\(path)': \(reason)", at: includedFrom)
            return nil
        }
        sections.files.append(path)
        sections.sources[path] = String(decoding: bytes, as: UTF8.self)
        let (node, found) = YAMLLoader.loadDocument(bytes, file: path, limits: limits)
        diagnostics.append(contentsOf: found.sorted)
        if node == nil && !found.hasErrors {
            diagnostics.error(
                "'\(path)' is empty; a manifest is a mapping that starts with 'version: 1'",
                at: SourceLocation(file: path, line: 1, column: 1))
        }
        return node
    }

    private mutating func visit(_ node: YAMLNode, path: String, isRoot: Bool, diagnostics: inout DiagnosticList) {
        let identity = Self.identity(of: path)
        loaded.insert(identity)
        stack.append((identity, path))
        defer { stack.removeLast() }
        let what = isRoot ? "the manifest" : "an included file"
        let allowed = isRoot ? Vocabulary.rootKeys : Vocabulary.includedFileKeys + Array(Vocabulary.rootOnlyKeys)
        guard let reader = MappingReader(node, what, allowed: allowed, diagnostics: &diagnostics) else { return }
        if isRoot {
            // Experiments are kept in `sections.experiments` only, to be let go one by one.
            sections.root = reader.removing("experiments")
        } else {
            for key in reader.keys where Vocabulary.rootOnlyKeys.contains(key) {
                diagnostics.error(
                    "'\(key)' belongs in the root manifest only, not in an included file",
                    at: reader.keyLocation(key))
            }
        }
        collect(reader, diagnostics: &diagnostics)
        if let include = reader["include"] {
            followIncludes(include, from: path, diagnostics: &diagnostics)
        }
    }

    private mutating func collect(_ reader: MappingReader, diagnostics: inout DiagnosticList) {
        func named(_ section: String) -> [NamedEntry] {
            guard let node = reader[section] else { return [] }
            if case .scalar(let scalar) = node.content, case .null = scalar.resolved { return [] }
            return NamedEntry.entries(of: node, section: section, diagnostics: &diagnostics)
                .filter { register($0, in: section, diagnostics: &diagnostics) }
        }
        sections.datasets += named("datasets")
        sections.evaluators += named("evaluators")
        sections.prompts += named("prompts")
        sections.workflows += named("workflows")
        sections.experiments += named("experiments")
        if let moved = reader["moved"] {
            if let items = moved.sequence {
                sections.moved += items
            } else {
                diagnostics.error(Message.expected("a list", for: "'moved'", got: moved), at: moved.location)
            }
        }
    }

    /// Records a definition; false (with an error pointing at both places) for a second one.
    private mutating func register(_ entry: NamedEntry, in section: String, diagnostics: inout DiagnosticList) -> Bool {
        if let first = firstDefinitions[section]?[entry.name] {
            let singular = String(section.dropLast())
            diagnostics.error(
                "\(singular) '\(entry.name)' is defined twice", at: entry.keyLocation,
                notes: [.init("first defined here", at: first)])
            return false
        }
        firstDefinitions[section, default: [:]][entry.name] = entry.keyLocation
        return true
    }

    private mutating func followIncludes(_ include: YAMLNode, from path: String, diagnostics: inout DiagnosticList) {
        guard let entries = include.stringList("'include'", diagnostics: &diagnostics) else { return }
        let directory = (path as NSString).deletingLastPathComponent
        for entry in entries {
            let target = Self.join(directory, entry.value)
            let identity = Self.identity(of: target)
            if let start = stack.firstIndex(where: { $0.identity == identity }) {
                let chain = (stack[start...].map(\.display) + [target]).joined(separator: " → ")
                diagnostics.error("include cycle: \(chain)", at: entry.location)
                continue
            }
            if loaded.contains(identity) { continue }
            guard let node = parse(target, includedFrom: entry.location, diagnostics: &diagnostics) else { continue }
            visit(node, path: target, isRoot: false, diagnostics: &diagnostics)
        }
    }

    /// `directory/relative`, normalized lexically so diagnostics show short, stable paths.
    static func join(_ directory: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return (relative as NSString).standardizingPath }
        var parts =
            directory.isEmpty ? [] : directory.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts == ["."] { parts = [] }
        for component in relative.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                if let last = parts.last, last != "..", !last.isEmpty { parts.removeLast() } else { parts.append("..") }
            default: parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }
}
