import RespanCore

/// The sampling settings respan-api.md §2.3 documents with a range, checked the same way
/// wherever a model is configured: a completion step's config, a manifest prompt, an LLM
/// evaluator's `llm_config`.
enum SamplingRanges {
    static let ranges: [(key: String, range: ClosedRange<Double>)] = [
        ("temperature", 0...2), ("top_p", 0...1), ("frequency_penalty", -2...2), ("presence_penalty", -2...2),
    ]

    /// Each setting `value(key)` gives, against its range; `prefix` says where it is
    /// (`llm_config.`) in the message.
    static func check(prefix: String = "", diagnostics: inout DiagnosticList, _ value: (String) -> YAMLNode?) {
        let format = Message.number
        for (key, range) in ranges {
            guard let node = value(key), let number = node.number("'\(prefix)\(key)'", diagnostics: &diagnostics)
            else { continue }
            if !range.contains(number) {
                diagnostics.error(
                    "'\(prefix)\(key)' must be between \(format(range.lowerBound)) and \(format(range.upperBound)), "
                        + "got \(format(number))", at: node.location)
            }
        }
    }
}
