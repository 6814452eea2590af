/// The version of respan-plan, shown by `--version` and sent in `User-Agent`.
public enum ToolVersion {
    public static let current = "0.1.0"
}
