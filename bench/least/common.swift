// What both lower bounds (dictionaries.swift, typed.swift) do alike: read a file, type a plain
// scalar, substitute `${{ }}`. Compiled with each:
//
//   swiftc -O -wmo -parse-as-library -I Sources/CYAML bench/least/common.swift bench/least/typed.swift
import Glibc

/// A file's bytes in memory of their own (libyaml's string input points into them, so they must
/// not move); the caller deallocates them.
func readFile(_ path: String) -> UnsafeMutableBufferPointer<UInt8> {
    guard let file = fopen(path, "rb") else { fatalError("\(path): cannot read") }
    fseek(file, 0, SEEK_END)
    let size = ftell(file)
    fseek(file, 0, SEEK_SET)
    let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(size, 1))
    guard fread(bytes.baseAddress, 1, size, file) == size else { fatalError("\(path): cannot read") }
    fclose(file)
    return UnsafeMutableBufferPointer(rebasing: bytes[..<size])
}

/// A scalar's type under YAML 1.2's core schema, as far as the generator writes them.
enum ScalarType {
    case null, bool(Bool), number(Double), string

    init(_ text: String, plain: Bool) {
        guard plain else {
            self = .string
            return
        }
        switch text {
        case "", "null", "~": self = .null
        case "true": self = .bool(true)
        case "false": self = .bool(false)
        default:
            guard let first = text.utf8.first, first == UInt8(ascii: "-") || (48...57).contains(first),
                let number = Double(text)
            else {
                self = .string
                return
            }
            self = .number(number)
        }
    }
}

/// What a text's `${{ }}` come to: nothing to do, one expression's value whole, or text with
/// each expression's value spliced in.
enum Substitution<Value> {
    case none
    case whole(Value)
    case text(String)
}

/// `${{ matrix.X }}`, `${{ project }}` and `${{ env.X || 'v' }}` in `text`, read as bytes.
/// `matrix` looks an axis up; `splice` gives a value's text; `string` makes a text a value.
func substituteText<Value>(
    _ text: String, project: String, matrix: (UnsafeBufferPointer<UInt8>) -> Value?,
    splice: (Value) -> String, string: (String) -> Value
) -> Substitution<Value> {
    var text = text
    return text.withUTF8 { bytes -> Substitution<Value> in
        guard var start = expressionStart(bytes, from: 0) else { return .none }
        var output: [UInt8] = []
        var from = 0
        while true {
            output.append(contentsOf: bytes[from..<start])
            var end = start + 4
            while end + 2 < bytes.count && !(bytes[end] == UInt8(ascii: "}") && bytes[end + 1] == UInt8(ascii: "}")) {
                end += 1
            }
            let expression = UnsafeBufferPointer(rebasing: bytes[(start + 4)..<(end - 1)])
            let value: Value
            if expression.count == 7 && expression.elementsEqual("project".utf8) {
                value = string(project)
            } else if expression.starts(with: "matrix.".utf8) {
                guard let found = matrix(UnsafeBufferPointer(rebasing: expression[7...])) else { fatalError("axis") }
                value = found
            } else {
                // env.X || 'fallback': the variable is unset while measuring, so the fallback.
                guard let quote = expression.firstIndex(of: UInt8(ascii: "'")) else { fatalError("env") }
                value = string(String(decoding: expression[(quote + 1)..<(expression.count - 1)], as: UTF8.self))
            }
            if start == 0 && end + 2 == bytes.count { return .whole(value) }
            output.append(contentsOf: splice(value).utf8)
            from = end + 2
            guard let next = expressionStart(bytes, from: from) else { break }
            start = next
        }
        output.append(contentsOf: bytes[from...])
        return .text(String(decoding: output, as: UTF8.self))
    }
}

/// Where the next `${{` starts at or after `from`.
func expressionStart(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard bytes.count >= 3, from < bytes.count - 2 else { return nil }
    for index in from..<(bytes.count - 2) where bytes[index] == UInt8(ascii: "$") {
        if bytes[index + 1] == UInt8(ascii: "{") && bytes[index + 2] == UInt8(ascii: "{") { return index }
    }
    return nil
}
