/// A parsed `${{ … }}` expression: what it refers to and an optional fallback literal.
struct TemplateExpression: Equatable {
    enum Reference: Equatable {
        case matrix(String)
        case environment(String)
        case project
    }

    var reference: Reference
    var fallback: YAMLScalar?
}

struct TemplateError: Error {
    var message: String
    /// Offset of the problem within the scalar's text, in Unicode scalars (as columns count).
    var offset: Int
}
