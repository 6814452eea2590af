import Foundation

/// Manifest files written into a fresh temporary folder for one test.
public struct ManifestFixture: Sendable {
    public let directory: TemporaryDirectory

    /// Writes each `path: text` pair; the root is `experiments.yaml` unless named otherwise.
    public init(_ files: [String: String]) throws {
        directory = try TemporaryDirectory()
        for (name, text) in files { try directory.write(name, text) }
    }

    public init(root text: String) throws {
        try self.init(["experiments.yaml": text])
    }

    public var rootPath: String { directory.path("experiments.yaml") }

    public func path(_ name: String) -> String { directory.path(name) }
}
