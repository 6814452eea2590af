/// Where a library streams output it should not hold whole: the caller (the CLI) decides
/// where the bytes go, a library only hands them over in order.
public protocol OutputSink {
    /// The next piece of output, UTF-8.
    mutating func write(_ bytes: [UInt8])
}

/// An in-memory sink: everything written, in order (for tests and small outputs).
public struct CollectingSink: OutputSink, Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ bytes: [UInt8]) { self.bytes.append(contentsOf: bytes) }

    /// What was written, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
