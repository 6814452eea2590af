import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Stopping a sandbox while clients are still connecting: every CLI command with `--wait`
/// stops one embedded sandbox and starts the next, and a connection accepted at the moment of
/// the stop must neither crash the process (NIO traps on an accepted connection that is never
/// served) nor keep the stop from returning.
@Suite struct SandboxStopTests {
    @Test func aStopWhileClientsConnectEndsCleanly() async throws {
        for _ in 0..<30 {
            let sandbox = try await SandboxHarness.start()
            let port = UInt16(sandbox.server.port)
            // The flood says once when 20 connections were accepted: stop in the middle of them.
            let (accepted, signal) = AsyncStream<Void>.makeStream()
            let flooding = Atomic<Bool>(true)
            let flood = Task.detached {
                try await CLI.offPool {
                    var connections = 0
                    while flooding.load(ordering: .relaxed) {
                        guard Self.connectAndClose(port) else { continue }
                        connections += 1
                        if connections == 20 { signal.finish() }
                    }
                }
            }
            for await _ in accepted {}
            await sandbox.stop()
            flooding.store(false, ordering: .relaxed)
            try await flood.value
        }
    }

    /// Opens a loopback connection to `port` and closes it at once; whether it was accepted.
    @discardableResult
    static func connectAndClose(_ port: UInt16) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        // A connection racing the closing of the listening socket may see its SYN dropped and
        // retried a second later: give up after 50 ms instead.
        var limit = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
