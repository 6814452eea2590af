import Applying
import Foundation
import Lockfiles
import Planning
import Views

/// `apply FILE` where FILE is a plan saved by `plan --out`, with the manifest texts it names
/// (to show diagnostics against them).
struct SavedPlanFile: Sendable {
    let plan: SavedPlan
    let sources: [String: String]

    var manifestDigests: [(path: String, digest: String)] { plan.manifestDigests }
    var lockfilePath: String { plan.lockfilePath }

    /// The saved plan at `path`, or nil when the file is not one (a manifest).
    static func read(_ path: String) throws -> SavedPlanFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // A `.json` file is never a manifest: a damaged saved plan says so instead of failing as YAML.
        guard path.hasSuffix(".json") || SavedPlan.isSavedPlan(text) else { return nil }
        let saved = try SavedPlan.decode(text, path: path)
        var sources: [String: String] = [:]
        for entry in saved.manifestDigests {
            if let bytes = FileManager.default.contents(atPath: entry.path) {
                sources[entry.path] = String(decoding: bytes, as: UTF8.self)
            }
        }
        return SavedPlanFile(plan: saved, sources: sources)
    }
}
