import Foundation
import RespanCore

/// Reads a JSONL file one line at a time in 1 MiB chunks, so memory stays bounded by the
/// longest line, not the file. Blank lines are skipped; a BOM and CR line ends are allowed.
struct JSONLRecordReader {
    static let chunkSize = 1 << 20
    /// A line longer than this is refused rather than buffered.
    static let maxLineBytes = 64 << 20

    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private(set) var line = 0

    init(path: String, handle: FileHandle) {
        self.path = path
        self.handle = handle
    }

    /// The next record as (key, value) pairs, and where it is; nil at the end of the file.
    mutating func next() throws(DatasetFileError) -> ([(String, JSONValue)], SourceLocation)? {
        while let bytes = try nextLine() {
            line += 1
            var text = bytes[...]
            if line == 1, text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
            if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let location = SourceLocation(file: path, line: line, column: 1)
            let value: JSONValue
            do {
                value = try JSONValue(parsing: Array(text))
            } catch {
                throw DatasetFileError(
                    "this line is not JSON: \(error.message) (at byte \(error.offset + 1))", at: location,
                    isRowError: true)
            }
            guard let object = value.objectValue else {
                throw DatasetFileError(
                    "each line must be a JSON object like {\"input\": …}, not \(value.typeName)", at: location,
                    isRowError: true)
            }
            return (object.sorted { $0.key < $1.key }.filter { $0.value != .null }, location)
        }
        return nil
    }

    private mutating func nextLine() throws(DatasetFileError) -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            try fill()
        }
    }

    private mutating func fill() throws(DatasetFileError) {
        buffer.removeFirst(start)
        start = 0
        guard buffer.count <= Self.maxLineBytes else {
            throw DatasetFileError(
                "line \(line + 1) is longer than \(Self.maxLineBytes >> 20) MiB",
                at: SourceLocation(file: path, line: line + 1, column: 1))
        }
        let chunk: Data?
        do {
            chunk = try handle.read(upToCount: Self.chunkSize)
        } catch {
            throw DatasetFileError(
                "cannot read the file: \(error.localizedDescription)",
                at: SourceLocation(file: path, line: line + 1, column: 1))
        }
        guard let chunk, !chunk.isEmpty else {
            atEnd = true
            return
        }
        buffer.append(contentsOf: chunk)
    }
}
