/// "1 row", "36 rows": a count with its noun in the right number (English; `plural` for nouns
/// that do not take an "s").
public func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
}
