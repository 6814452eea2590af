/// The version of respan-plan, shown by `--version` and sent in `User-Agent`: the one place it
/// is written (bump it with the CHANGELOG; `Tests/ci/check_actions.py` checks `action.yml` against it).
public enum ToolVersion {
    public static let current = "0.1.0"
}
