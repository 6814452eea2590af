import RespanCore

/// What `${{ … }}` expressions can refer to while one experiment is resolved.
struct InterpolationContext {
    var matrix: [String: YAMLNode] = [:]
    var environment: [String: String] = [:]
    var project: String?
    /// What is worked out once and shared by every experiment a resolver resolves.
    var cache = ResolutionCache()
}

/// Substitutes `${{ matrix.X }}`, `${{ env.X }}` and `${{ project }}` in string scalars.
///
/// A scalar that is exactly one expression takes the value's type (a matrix number stays a
/// number); an expression inside longer text is spliced in as text, as written (`3.10` stays
/// `3.10`). An environment value is text, typed like a plain scalar where a field needs a
/// number or boolean. `${{ env.X || 'dev' }}` gives a fallback for a variable that is unset
/// or empty (CI systems export missing secrets as empty strings); `$${{` writes a literal
/// `${{`. Keys are never interpolated.
enum Interpolation {
    static func apply(_ node: YAMLNode, _ context: InterpolationContext, diagnostics: inout DiagnosticList) -> YAMLNode
    {
        guard node.hasExpression else { return node }
        switch node.content {
        case .scalar(let scalar):
            guard case .string(let text) = scalar.resolved else { return node }
            return substitute(text, scalar: scalar, at: node.location, context, diagnostics: &diagnostics) ?? node
        case .sequence(var items):
            for index in items.indices where items[index].hasExpression {
                items[index] = apply(items[index], context, diagnostics: &diagnostics)
            }
            return YAMLNode(.sequence(items), at: node.location)
        case .mapping(var pairs):
            for index in pairs.indices where pairs[index].value.hasExpression {
                pairs[index].value = apply(pairs[index].value, context, diagnostics: &diagnostics)
            }
            return YAMLNode(.mapping(pairs), at: node.location)
        }
    }

    private static func substitute(
        _ text: String, scalar: YAMLScalar, at location: SourceLocation, _ context: InterpolationContext,
        diagnostics: inout DiagnosticList
    ) -> YAMLNode? {
        let shift = columnShift(scalar)
        let segments: [TemplateSegment]
        switch context.cache.segments(of: text) {
        case .success(let parsed): segments = parsed
        case .failure(let error):
            diagnostics.error(error.message, at: columnLocation(location, shift, offset: error.offset))
            return nil
        }
        // A scalar that is one expression takes its value whole, type and all.
        if segments.count == 1, case .expression(let expression, let offset) = segments[0] {
            return evaluate(
                expression, context, at: columnLocation(location, shift, offset: offset), diagnostics: &diagnostics)
        }
        var values: [(node: YAMLNode, offset: Int)?] = []
        var failed = false
        for segment in segments {
            guard case .expression(let expression, let offset) = segment else { values.append(nil); continue }
            let at = columnLocation(location, shift, offset: offset)
            // Evaluate every expression so that all of a scalar's mistakes are reported at once.
            let value = evaluate(expression, context, at: at, diagnostics: &diagnostics)
            failed = failed || value == nil
            values.append(value.map { ($0, offset) })
        }
        if failed { return nil }
        var result = ""
        for (segment, value) in zip(segments, values) {
            switch segment {
            case .text(let literal): result += literal
            case .expression:
                guard let value else { return nil }
                guard let spliced = spliceText(value.node) else {
                    diagnostics.error(
                        "cannot splice \(value.node.kindName) into text; use the expression alone as the value",
                        at: columnLocation(location, shift, offset: value.offset))
                    return nil
                }
                result += spliced
            }
        }
        return YAMLNode(.scalar(YAMLScalar(result, style: .doubleQuoted)), at: location)
    }

    /// The text a scalar value takes inside a longer string or a matrix key: its text as
    /// written (`YAMLScalar.textValue`), else its value's canonical text.
    static func spliceText(_ node: YAMLNode) -> String? {
        guard let scalar = node.scalar else { return nil }
        if let text = scalar.textValue { return text }
        switch scalar.resolved {
        case .string(let text): return text
        case .number(let number): return number.text
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .nonFinite, .invalid: return scalar.text
        }
    }

    private static func evaluate(
        _ expression: TemplateExpression, _ context: InterpolationContext, at location: SourceLocation,
        diagnostics: inout DiagnosticList
    ) -> YAMLNode? {
        let found: YAMLNode?
        switch expression.reference {
        case .matrix(let axis):
            found = context.matrix[axis].map { YAMLNode($0.content, at: location) }
        case .environment(let name):
            found = context.environment[name].map {
                YAMLNode(.scalar(YAMLScalar($0, environmentVariable: name)), at: location)
            }
        case .project:
            found = context.project.map { YAMLNode(.scalar(YAMLScalar($0, style: .doubleQuoted)), at: location) }
        }
        if let found, expression.fallback == nil || found.scalar?.text.isEmpty != true { return found }
        if let fallback = expression.fallback { return YAMLNode(.scalar(fallback), at: location) }
        diagnostics.error(missing(expression.reference, context), at: location)
        return nil
    }

    /// Why an expression has no value; built only when it has none (the hint searches names).
    private static func missing(_ reference: TemplateExpression.Reference, _ context: InterpolationContext) -> String {
        switch reference {
        case .matrix(let axis):
            context.matrix.isEmpty
                ? "'matrix.\(axis)' is used outside a matrix experiment"
                : "unknown matrix axis '\(axis)'" + Suggestion.hint(for: axis, in: context.matrix.keys)
        case .environment(let name):
            "environment variable '\(name)' is not set; set it, or give a fallback: ${{ env.\(name) || 'value' }}"
        case .project:
            "'${{ project }}' is used, but the manifest sets no 'project'"
        }
    }

    /// The position of an expression at `offset` in a scalar's text: `shift` columns further
    /// when it can be known exactly, else the scalar's own.
    private static func columnLocation(_ location: SourceLocation, _ shift: Int?, offset: Int) -> SourceLocation {
        shift.map { location.advanced(by: offset + $0) } ?? location
    }

    /// How far the scalar's text starts from its node's column (past an opening quote), or nil
    /// when its text does not map one to one onto the source: a line break, a doubled quote,
    /// an escape, a block scalar. One pass over the text, once per scalar.
    private static func columnShift(_ scalar: YAMLScalar) -> Int? {
        var singleQuote = false, doubleQuoteOrEscape = false, lineBreak = false
        var text = scalar.text
        text.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\n"): lineBreak = true
                case UInt8(ascii: "'"): singleQuote = true
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): doubleQuoteOrEscape = true
                default: continue
                }
            }
        }
        if lineBreak { return nil }
        switch scalar.style {
        case .plain: return 0
        case .singleQuoted: return singleQuote ? nil : 1
        case .doubleQuoted: return doubleQuoteOrEscape ? nil : 1
        default: return nil
        }
    }
}
