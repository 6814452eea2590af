/// One way to show a command's result as text. Text, JSON and Markdown views of one subject
/// conform alike, so a command picks a view by `--format` and renders through it.
public protocol OutputView<Subject> {
    associatedtype Subject
    func render(_ subject: Subject) -> String
}
