import Crypto
import Foundation
import RespanCore

/// Content-addressed experiment ids: `exp_` and the first 32 hex digits (128 bits) of SHA-256
/// over the project, the key, the spec digest and the generation, so every machine that plans
/// the same spec arrives at the same id, and a second apply of it adopts instead of running again.
public enum ExperimentIdentity {
    /// The id for `key`'s run of `body` (a create body; its `experiment_id` is not part of the spec).
    public static func derive(project: String?, key: String, body: JSONValue, generation: Int) -> String {
        derive(project: project, key: key, specDigest: SpecDigest.of(spec(of: body)), generation: generation)
    }

    public static func derive(project: String?, key: String, specDigest: String, generation: Int) -> String {
        // NUL-separated: no key or project text can make two tuples hash alike.
        let text = [project ?? "", key, specDigest, String(generation)].joined(separator: "\u{0}")
        let hex = SpecDigest.of(bytes: Data(text.utf8)).dropFirst("sha256:".count)
        return "exp_" + hex.prefix(32)
    }

    /// The body without `experiment_id`: what the run is.
    public static func spec(of body: JSONValue) -> JSONValue {
        var object = body.objectValue ?? [:]
        object["experiment_id"] = nil
        return .object(object)
    }

    /// Run-defining fields where `remote` does not hold what `body` says (fields the remote
    /// omits are not compared, and a server may fill defaults or cast numbers: `isHeld(by:)`).
    public static func differences(remote: JSONValue, body: JSONValue) -> [String] {
        var fields: [String] = []
        for (field, value) in (body.objectValue ?? [:]).sorted(by: { $0.key < $1.key })
        where ExperimentFields.run.contains(field) {
            guard let held = remote[field], held != .null else { continue }
            if !value.isHeld(by: held) { fields.append(field) }
        }
        return fields
    }
}
