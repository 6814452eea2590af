import RespanCore

/// Message texts shared by several decoders.
///
/// The decoding helpers below take the name of what they read (`what`) as an autoclosure: it is
/// text built for error messages, and on the success path (nearly every call) it is never built.
enum Message {
    static func expected(_ wanted: String, for what: String, got node: YAMLNode) -> String {
        if let scalar = node.scalar, let variable = scalar.environmentVariable {
            return "expected \(wanted) for \(what), but \(environment(variable, scalar.text))"
        }
        var text = "expected \(wanted) for \(what), got \(node.kindName)"
        if let scalar = node.scalar, scalar.style == .plain,
            ["yes", "no", "on", "off", "y", "n"].contains(scalar.text.lowercased()),
            wanted == "a boolean"
        {
            text += " ('\(scalar.text)' is a string in YAML 1.2; write true or false)"
        } else if node.scalar != nil, ["a string", "a text value"].contains(wanted), node.kindName != "null" {
            text += "; quote it to make it a string"
        }
        return text
    }

    /// A number as a message shows it: `2`, not `2.0`; `0.5` as it is.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// "environment variable 'X' is 'value'" (or "is empty"), naming where a value came from.
    static func environment(_ variable: String, _ value: String) -> String {
        "environment variable '\(variable)' " + (value.isEmpty ? "is empty" : "is '\(value)'")
    }
}

extension YAMLNode {
    /// The node's text (see `YAMLScalar.textValue`: a plain `3.10` is the text `3.10`), or an
    /// error naming what was expected.
    func string(_ what: @autoclosure () -> String, diagnostics: inout DiagnosticList) -> Marked<String>? {
        if let text = scalar?.textValue { return Marked(text, at: location) }
        diagnostics.error(Message.expected("a string", for: what(), got: self), at: location)
        return nil
    }

    /// A non-empty string.
    func nonEmptyString(_ what: @autoclosure () -> String, diagnostics: inout DiagnosticList) -> Marked<String>? {
        guard let value = string(what(), diagnostics: &diagnostics) else { return nil }
        guard !value.value.isEmpty else {
            let source = scalar?.environmentVariable.map { " (\(Message.environment($0, "")))" } ?? ""
            diagnostics.error("\(what()) must not be empty\(source)", at: location)
            return nil
        }
        return value
    }

    /// A non-empty string in free-form config, where YAML types are kept: `4` there is the
    /// number 4, so it is not accepted as text.
    func configString(_ what: @autoclosure () -> String, diagnostics: inout DiagnosticList) {
        guard let scalar, case .string(let text) = scalar.resolved else {
            diagnostics.error(Message.expected("a string", for: what(), got: self), at: location)
            return
        }
        if text.isEmpty { diagnostics.error("\(what()) must not be empty", at: location) }
    }

    func bool(_ what: @autoclosure () -> String, diagnostics: inout DiagnosticList) -> Bool? {
        if let scalar, case .bool(let value) = scalar.resolved { return value }
        diagnostics.error(Message.expected("a boolean", for: what(), got: self), at: location)
        return nil
    }

    /// An integer no smaller than `minimum`.
    func integer(_ what: @autoclosure () -> String, minimum: Int, diagnostics: inout DiagnosticList) -> Int? {
        guard let scalar, case .number(let number) = scalar.resolved, let value = number.intValue else {
            diagnostics.error(Message.expected("an integer", for: what(), got: self), at: location)
            return nil
        }
        guard value >= minimum else {
            diagnostics.error("\(what()) must be at least \(minimum), got \(value)", at: location)
            return nil
        }
        return value
    }

    func number(_ what: @autoclosure () -> String, diagnostics: inout DiagnosticList) -> Double? {
        guard let scalar, case .number(let number) = scalar.resolved else {
            diagnostics.error(Message.expected("a number", for: what(), got: self), at: location)
            return nil
        }
        return number.doubleValue
    }

    /// A list of strings, each kept with its position.
    func stringList(_ what: @autoclosure () -> String, diagnostics: inout DiagnosticList) -> [Marked<String>]? {
        guard let items = sequence else {
            diagnostics.error(Message.expected("a list", for: what(), got: self), at: location)
            return nil
        }
        var values: [Marked<String>] = []
        var ok = true
        for item in items {
            if let value = item.nonEmptyString("an entry of \(what())", diagnostics: &diagnostics) {
                values.append(value)
            } else {
                ok = false
            }
        }
        return ok ? values : nil
    }
}
