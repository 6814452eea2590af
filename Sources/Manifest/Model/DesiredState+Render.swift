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
    /// pieces of about `chunkSize` bytes (see `RenderDocumentBuilder`).
    public func writeRenderDocument(to sink: inout some OutputSink, chunkSize: Int = 1 << 16) {
        var builder = RenderDocumentBuilder()
        for experiment in experiments { builder.add(experiment) }
        builder.write(to: &sink, chunkSize: chunkSize)
    }
}

/// The `render` document, built one experiment at a time and written in pieces.
///
/// Each body is kept as the text it will be printed as (a fraction of the memory its
/// `JSONValue` takes), so a loader can hand experiments over and forget them; the whole
/// document is never held as one string. The text equals
/// `DesiredState.renderDocument().serialized(pretty: true) + "\n"` for the same experiments.
public struct RenderDocumentBuilder {
    /// Each experiment's key and its `"key": {…}` text, indented as inside the document.
    private var entries: [(key: String, text: [UInt8])] = []
    private var writer = JSONWriter(pretty: true, capacity: 4096)

    public init() {}

    /// Adds an experiment; a later one with the same key replaces it, as in a JSON object.
    public mutating func add(_ experiment: ResolvedExperiment) {
        writer.removeAll()
        writer.writeKey(experiment.key)
        writer.write(experiment.body, indent: 2)
        // A copy of just these bytes: the writer's buffer, with its spare capacity, is reused.
        entries.append((experiment.key, writer.bytes.withUnsafeBufferPointer { Array($0) }))
    }

    /// Writes the document and a final newline, sorted by key, in pieces of about `chunkSize`.
    public func write(to sink: inout some OutputSink, chunkSize: Int = 1 << 16) {
        var out = JSONWriter(pretty: true, capacity: chunkSize + chunkSize / 4)
        out.writeRaw("{")
        out.newline(indent: 1)
        out.writeKey("experiments")
        let ordered = inKeyOrder
        out.writeRaw(ordered.isEmpty ? "{}" : "{")
        for (index, entry) in ordered.enumerated() {
            if index > 0 { out.writeRaw(",") }
            out.newline(indent: 2)
            out.writeBytes(entry.text)
            if out.bytes.count >= chunkSize {
                sink.write(out.bytes)
                out.removeAll()
            }
        }
        if !ordered.isEmpty {
            out.newline(indent: 1)
            out.writeRaw("}")
        }
        out.writeRaw(",")
        out.newline(indent: 1)
        out.writeKey("format_version")
        out.write(.int(DesiredState.renderFormatVersion))
        out.newline(indent: 0)
        out.writeRaw("}\n")
        sink.write(out.bytes)
    }

    /// Sorted by key (UTF-8 bytes sort in code point order), the last entry of a key winning.
    private var inKeyOrder: [(key: String, text: [UInt8])] {
        let sorted = entries.enumerated().sorted {
            $0.element.key == $1.element.key
                ? $0.offset < $1.offset : $0.element.key.utf8.lexicographicallyPrecedes($1.element.key.utf8)
        }
        return sorted.indices.compactMap { index in
            let isSuperseded = index + 1 < sorted.count && sorted[index + 1].element.key == sorted[index].element.key
            return isSuperseded ? nil : sorted[index].element
        }
    }
}
