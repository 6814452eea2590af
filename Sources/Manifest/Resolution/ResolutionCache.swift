import RespanCore

/// What resolving one manifest's experiments works out once instead of for each experiment.
/// One per thread: it is not shared.
final class ResolutionCache {
    private var parsed: [String: Result<[TemplateSegment], TemplateError>] = [:]
    private var workflows: [WorkflowKey: DecodedWorkflow] = [:]
    /// Decodings kept at most: past it each is decoded again, so that a matrix of thousands of
    /// distinct values does not hold every decoding until the end of the load.
    static let maxWorkflows = 1_024

    /// A named workflow with `${{ }}` as interpolated and decoded for some matrix values.
    /// Environment and project are the same for every experiment of a load, so the name and
    /// the values (text, quoting and tag: `0.7` and `"0.7"` differ) say what comes out.
    private struct WorkflowKey: Hashable {
        var name: String
        var matrix: [String: YAMLScalar]
    }

    /// Each distinct text parsed once: the same template comes back for every matrix instance
    /// and every experiment that uses a named workflow.
    func segments(of text: String) -> Result<[TemplateSegment], TemplateError> {
        if let known = parsed[text] { return known }
        let result = Result { () throws(TemplateError) in try TemplateSegment.parse(text) }
        parsed[text] = result
        return result
    }

    /// The named workflow `name` decoded with these matrix values (none for one without
    /// `${{ }}`): `decode` runs once per distinct values (sweeps repeat the same models across
    /// experiments), its steps and findings kept and handed out again.
    func workflow(
        _ name: String, matrix: [String: YAMLNode], decode: (inout DiagnosticList) -> JSONValue?
    ) -> DecodedWorkflow {
        let key = WorkflowKey(name: name, matrix: matrix.compactMapValues(\.scalar))
        if let known = workflows[key] { return known }
        var diagnostics = DiagnosticList()
        let steps = decode(&diagnostics)
        let decoded = DecodedWorkflow(steps: steps, diagnostics: diagnostics.sorted)
        if workflows.count < Self.maxWorkflows { workflows[key] = decoded }
        return decoded
    }
}
