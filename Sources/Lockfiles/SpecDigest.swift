import Crypto
import Foundation
import RespanCore

/// SHA-256 over the canonical JSON of a request body: the same manifest hashes the same on
/// every machine.
public enum SpecDigest {
    public static func of(_ body: JSONValue) -> String {
        of(bytes: Data(body.serialized().utf8))
    }

    /// `sha256:` and the lowercase hex of the SHA-256 of `bytes`.
    public static func of(bytes: Data) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text = Array("sha256:".utf8)
        for byte in SHA256.hash(data: bytes) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
