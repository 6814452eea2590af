import RespanCore

/// Reads YAML text into node trees with positions, or located diagnostics.
public enum YAMLLoader {
    /// The single document of a file; nil (and no error) for an empty file.
    public static func loadDocument(
        _ bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()
    ) -> (node: YAMLNode?, diagnostics: DiagnosticList) {
        var composer = YAMLComposer(bytes: bytes, file: file, limits: limits)
        let documents = composer.composeStream(maxDocuments: 1)
        return (documents.first, composer.diagnostics)
    }

    /// Every document of a stream (used for YAML conformance, not for manifests).
    public static func loadStream(
        _ bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()
    ) -> (nodes: [YAMLNode], diagnostics: DiagnosticList) {
        var composer = YAMLComposer(bytes: bytes, file: file, limits: limits)
        let documents = composer.composeStream()
        return (documents, composer.diagnostics)
    }
}
