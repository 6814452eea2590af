import Foundation

/// Paths for GitHub annotations: GitHub reads an annotation's `file` from the repository root,
/// while a diagnostic names its file as the user gave it (relative to the working directory).
/// Run from a subfolder (`cd evals && respan-plan validate experiments.yaml`), the annotation
/// must say `evals/experiments.yaml`.
enum AnnotationPaths {
    /// `file` relative to `GITHUB_WORKSPACE`, else to the git repository holding the working
    /// directory; as given when it lies outside both (or neither is known).
    static func relative(_ file: String) -> String {
        guard let root = Console.environment("GITHUB_WORKSPACE").flatMap({ $0.isEmpty ? nil : $0 }) ?? gitRoot()
        else { return file }
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let absolute = URL(fileURLWithPath: file, relativeTo: base).standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath().path
        guard absolute.hasPrefix(prefix + "/") else { return file }
        return String(absolute.dropFirst(prefix.count + 1))
    }

    /// `git rev-parse --show-toplevel` in the working directory, or nil outside a repository.
    private static func gitRoot() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "--show-toplevel"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : nil
    }
}
