import Lockfiles
import Manifest
import RespanCore

/// How a runner (design §14) enters a run's spec: beside the managed objects' digests in
/// `managed_inputs` (recorded in the lockfile, never sent, part of the derived id), its command
/// under `runner:command` and each input file's content digest under `file:PATH`. So editing
/// one file reruns exactly the experiments whose runners read it, and the plan names the file.
enum RunnerInputs {
    static let commandKey = "runner:command"
    static let filePrefix = "file:"

    static func entries(_ runner: Runner) -> [String: JSONValue] {
        // A service enters by its route, not its host and port: moving it reruns nothing.
        let what: [String] = runner.http.map { ["http", $0.route] } ?? runner.command
        var entries: [String: JSONValue] = [commandKey: .string(SpecDigest.of(.array(what.map { .string($0) })))]
        for input in runner.inputs { entries[filePrefix + input.path] = .string(input.digest) }
        return entries
    }

    /// Whether a `managed_inputs` key is a runner's.
    static func owns(_ key: String) -> Bool { key == commandKey || key.hasPrefix(filePrefix) }

    /// "app/retrieve.py changed", "app/new.py added", "app/old.py removed", "the runner's
    /// command changed": why the run reruns, file by file in path order.
    static func reasons(old: [String: JSONValue], new: [String: JSONValue]) -> [String] {
        var reasons: [String] = []
        if let before = old[commandKey], let after = new[commandKey], before != after {
            reasons.append("the runner's command changed")
        }
        let hadRunner = old[commandKey] != nil
        for key in Set(old.keys).union(new.keys).sorted() where key.hasPrefix(filePrefix) {
            let path = String(key.dropFirst(filePrefix.count))
            switch (old[key], new[key]) {
            case (let before?, let after?) where before != after: reasons.append("\(path) changed")
            case (nil, .some) where hadRunner: reasons.append("\(path) added")
            case (.some, nil): reasons.append("\(path) removed")
            default: break
            }
        }
        return reasons
    }
}
