import Foundation
import RespanCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The terminal: the only place the program writes output.
enum Console {
    static func out(_ text: String) { write(Array(text.utf8), to: STDOUT_FILENO) }

    static func error(_ text: String) { write(Array(text.utf8), to: STDERR_FILENO) }

    /// Standard output as a sink, for output a library streams in pieces (`render`).
    struct StandardOutput: OutputSink {
        mutating func write(_ bytes: [UInt8]) { Console.write(bytes, to: STDOUT_FILENO) }
    }

    private static func write(_ whole: [UInt8], to descriptor: Int32) {
        var bytes = whole[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(descriptor, buffer.baseAddress, buffer.count)
                #else
                    Darwin.write(descriptor, buffer.baseAddress, buffer.count)
                #endif
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name]
    }

    /// The process environment, for `${{ env.X }}` in manifests.
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The terminal's size on standard output, or nil when it is not a terminal (or says 0).
    static var terminalSize: (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else {
            return nil
        }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Colour only on a terminal and never with `NO_COLOR` set (https://no-color.org);
    /// `CLICOLOR_FORCE=1` forces it (for tests and pagers).
    static var colorsStandardOutput: Bool {
        if let noColor = environment("NO_COLOR"), !noColor.isEmpty { return false }
        return environment("CLICOLOR_FORCE") == "1" || isatty(STDOUT_FILENO) == 1
    }
}
