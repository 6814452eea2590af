import Foundation

/// Takes a secret out of text as a whole token: where it stands on its own (not inside a longer
/// word), it becomes `[redacted]`. A short key never mangles the words it happens to be part of
/// ("Invalid API key" stays readable with the key `k`), and it is still never printed.
/// Used for error bodies and for what a runner's command prints (design §14).
public enum Redaction {
    /// `text` with every whole-token occurrence of `secret` replaced by `[redacted]`.
    public static func redact(_ secret: String, in text: String) -> String {
        guard !secret.isEmpty, text.contains(secret) else { return text }
        let word = "A-Za-z0-9_\\-"
        let pattern = "(?<![\(word)])" + NSRegularExpression.escapedPattern(for: secret) + "(?![\(word)])"
        guard let expression = try? NSRegularExpression(pattern: pattern) else {
            return text.replacingOccurrences(of: secret, with: "[redacted]")
        }
        let range = NSRange(text.startIndex..., in: text)
        return expression.stringByReplacingMatches(in: text, range: range, withTemplate: "[redacted]")
    }
}
