import Foundation
import RespanCore
import Testing

@testable import Lockfiles

@Suite struct SpecDigestTests {
    @Test func aDigestIgnoresKeyOrderAndNumberSpelling() throws {
        let a = try JSONValue(parsing: #"{"t": 0.50, "m": "x"}"#), b = try JSONValue(parsing: #"{"m": "x", "t": 5e-1}"#)
        #expect(SpecDigest.of(a) == SpecDigest.of(b))
        #expect(SpecDigest.of(a).hasPrefix("sha256:"))
    }

    @Test func fileBytesAreHashedAsBytes() {
        // SHA-256("abc"), the FIPS 180-2 test vector.
        #expect(
            SpecDigest.of(bytes: Data("abc".utf8))
                == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
