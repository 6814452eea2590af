extension JSONValue {
    /// Whether `echoed`, a server's answer for a field we sent as `self`, holds what we sent
    /// (respan-api.md §9: the backend may normalise what it echoes):
    /// - an object may carry more keys than we sent (server-filled defaults), never fewer;
    /// - arrays keep their length and order;
    /// - numbers compare as numbers, and a number echoed as its text (`"3"` for 3) or the
    ///   reverse counts as the same value.
    ///
    /// Used both for the echo of a create and for drift, so that a remote that fills defaults
    /// neither fakes a conflict nor keeps a plan from converging.
    public func isHeld(by echoed: JSONValue) -> Bool {
        switch (self, echoed) {
        case let (.number(a), .number(b)): return a.isNumericallyEqual(to: b)
        case let (.number(a), .string(b)), let (.string(b), .number(a)):
            return JSONNumber(jsonLiteral: b).map { a.isNumericallyEqual(to: $0) } ?? false
        case let (.array(a), .array(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isHeld(by: $1) }
        case let (.object(a), .object(b)):
            return a.allSatisfy { key, value in b[key].map { value.isHeld(by: $0) } ?? (value == .null) }
        default: return self == echoed
        }
    }
}
