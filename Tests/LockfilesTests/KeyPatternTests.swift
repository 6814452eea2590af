import Testing

@testable import Lockfiles

@Suite struct KeyPatternTests {
    @Test func keyPatternsTreatBracketsLiterally() {
        #expect(KeyPattern("sweep[model=gpt-4o,temperature=0.7]").matches("sweep[model=gpt-4o,temperature=0.7]"))
        #expect(KeyPattern("sweep[*").matches("sweep[model=a]"))
        #expect(KeyPattern("*mini*").matches("sweep[model=gpt-4o-mini]"))
        #expect(!KeyPattern("swee").matches("sweep[model=a]"))
        #expect(KeyPattern("e?").matches("e1"))
    }

    /// A matrix's base name selects every expansion, and only those.
    @Test func aBaseNameSelectsItsExpansions() {
        #expect(KeyPattern("compare").matches("compare[model=gpt-4o]"))
        #expect(!KeyPattern("compare").matches("compare-two"))
        #expect(!KeyPattern("compare").matches("other[compare=1]"))
        #expect(KeyPattern.baseName("sweep[model=a,t=1]") == "sweep")
    }
}
