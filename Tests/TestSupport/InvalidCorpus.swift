import Foundation

/// The corpus of invalid manifests under `Tests/Fixtures/invalid`: each case is a file, or a
/// folder whose root is `experiments.yaml`, ending in `# expect: [file:]line:col: message`
/// lines that list every error the case must produce.
public struct InvalidCase: Sendable, CustomStringConvertible {
    public let name: String
    /// The root manifest to load.
    public let root: URL
    /// The folder that expectation paths are relative to.
    public let base: URL
    /// `file:line:col: message`, with the file relative to `base`.
    public let expected: [String]

    public var description: String { name }

    public static let directory = Paths.fixtures.appendingPathComponent("invalid")

    public static func all() -> [InvalidCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            let root = isDirectory.boolValue ? url.appendingPathComponent("experiments.yaml") : url
            let base = isDirectory.boolValue ? url : directory
            guard let data = FileManager.default.contents(atPath: root.path) else { return nil }
            let rootName = root.lastPathComponent
            let expected = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap {
                line -> String? in
                guard line.hasPrefix("# expect: ") else { return nil }
                let body = line.dropFirst("# expect: ".count)
                let first = body.prefix { $0 != ":" }
                return first.allSatisfy(\.isNumber) ? "\(rootName):\(body)" : String(body)
            }
            return InvalidCase(name: name, root: root, base: base, expected: expected)
        }
    }

    /// A diagnostic's place and message in the corpus's notation.
    public func notation(file: String?, line: Int?, column: Int?, message: String) -> String {
        let prefix = base.path + "/"
        let relative = (file ?? "-").replacingOccurrences(of: prefix, with: "")
        return "\(relative):\(line ?? 0):\(column ?? 0): \(message.replacingOccurrences(of: prefix, with: ""))"
    }
}
