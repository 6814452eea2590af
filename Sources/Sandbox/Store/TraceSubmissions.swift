import RespanCore

/// Outputs submitted to `wait` traces (`PATCH …/logs/{log_id}/`), by experiment and trace id.
///
/// Kept in memory only: a restarted sandbox's `wait` traces await their outputs again. The
/// runner that answers them (design §14) will move this into the journaled store.
actor TraceSubmissions {
    private var outputs: [String: [String: JSONValue]] = [:]

    func outputs(of experiment: String) -> [String: JSONValue] { outputs[experiment] ?? [:] }

    func submit(_ output: JSONValue, experiment: String, trace: String) {
        outputs[experiment, default: [:]][trace] = output
    }
}
