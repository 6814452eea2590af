extension Duration {
    /// Whole seconds as people read them: "42 s", "3 min 5 s".
    public var inWords: String {
        let total = Int(components.seconds)
        return total < 60 ? "\(total) s" : "\(total / 60) min \(total % 60) s"
    }
}
