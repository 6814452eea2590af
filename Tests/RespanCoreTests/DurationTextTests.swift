import RespanCore
import Testing

/// One reading of durations for `--timeout` and a runner's `timeout:` alike.
@Suite struct DurationTextTests {
    @Test(arguments: [("90", 90.0), ("1.5", 1.5), ("500ms", 0.5), ("60S", 60), (" 2m ", 120), ("1h", 3600)])
    func readsSecondsAndUnitsInAnyCase(_ text: String, _ seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["", "0", "-1s", "ten", "5 parsecs", "inf"])
    func refusesWhatIsNotAPositiveDuration(_ text: String) {
        #expect(DurationText.seconds(text) == nil)
    }
}
