import Crypto
import Foundation
import RespanCore

/// SHA-256 over the canonical JSON of a request body: the same manifest hashes the same on
/// every machine.
public enum SpecDigest {
    public static func of(_ body: JSONValue) -> String {
        let digest = SHA256.hash(data: Data(body.serialized().utf8))
        return "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }
}
