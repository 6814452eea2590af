import RespanCore

extension DesiredState {
    /// The version of the document `render` prints.
    public static let renderFormatVersion = 1

    /// Every experiment key with the exact create request body the API will receive.
    ///
    /// `experiment_id` appears only when the manifest sets it; otherwise `apply` chooses one
    /// when it first creates the experiment and records it in the lockfile.
    public func renderDocument() -> JSONValue {
        var experiments: [String: JSONValue] = [:]
        for experiment in self.experiments {
            experiments[experiment.key] = experiment.body
        }
        return .object(["format_version": .int(Self.renderFormatVersion), "experiments": .object(experiments)])
    }

    /// Writes `renderDocument().serialized(pretty: true)` and a final newline to `sink`, in
    /// pieces of about `chunkSize` bytes, without ever holding the whole text: its size grows
    /// with the number of experiments (tens of megabytes for a large suite), the pieces do not.
    public func writeRenderDocument(to sink: inout some OutputSink, chunkSize: Int = 1 << 16) {
        var writer = JSONWriter(pretty: true, capacity: chunkSize + chunkSize / 4)
        writer.writeRaw("{")
        writer.newline(indent: 1)
        writer.writeKey("experiments")
        let ordered = experimentsInKeyOrder
        if ordered.isEmpty { writer.writeRaw("{}") } else { writer.writeRaw("{") }
        for (index, experiment) in ordered.enumerated() {
            if index > 0 { writer.writeRaw(",") }
            writer.newline(indent: 2)
            writer.writeKey(experiment.key)
            writer.write(experiment.body, indent: 2)
            if writer.bytes.count >= chunkSize {
                sink.write(writer.bytes)
                writer.removeAll()
            }
        }
        if !ordered.isEmpty {
            writer.newline(indent: 1)
            writer.writeRaw("}")
        }
        writer.writeRaw(",")
        writer.newline(indent: 1)
        writer.writeKey("format_version")
        writer.write(.int(Self.renderFormatVersion))
        writer.newline(indent: 0)
        writer.writeRaw("}\n")
        sink.write(writer.bytes)
    }

    /// The experiments as the document's object holds them: sorted by key, one per key (the
    /// last, as when they are put in a dictionary). The loader already sorts them, so this
    /// is a check, not a sort, unless a caller built the state by hand.
    private var experimentsInKeyOrder: [ResolvedExperiment] {
        let precedes = { (a: ResolvedExperiment, b: ResolvedExperiment) in a.key.utf8.lexicographicallyPrecedes(b.key.utf8) }
        let isStrictlySorted = zip(experiments, experiments.dropFirst()).allSatisfy { precedes($0, $1) }
        if isStrictlySorted { return experiments }
        var last: [String: Int] = [:]
        for (index, experiment) in experiments.enumerated() { last[experiment.key] = index }
        return last.values.sorted().map { experiments[$0] }.sorted(by: precedes)
    }
}
