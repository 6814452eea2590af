import Foundation

/// Where the project and its neighbours are, found from this source file's path.
public enum Paths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `shared/` beside the project checkout (as CI lays it out), or `$RESPAN_SHARED_DIR`.
    public static let sharedDir: URL = {
        if let override = ProcessInfo.processInfo.environment["RESPAN_SHARED_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    public static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures")
    public static let examples = packageRoot.appendingPathComponent("examples")

    /// The directory of the built products (where `respan-plan` is), next to the test bundle.
    public static let productsDir: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        var url = bundle
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("respan-plan").path) {
                return url
            }
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }()
}
