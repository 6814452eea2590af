internal import CYAML
import RespanCore

/// One libyaml parse event, copied out of C memory.
enum YAMLEvent {
    case streamStart
    case streamEnd
    case documentStart(SourceLocation)
    case documentEnd
    case alias(anchor: String, SourceLocation)
    case scalar(YAMLScalar, anchor: String?, SourceLocation)
    case sequenceStart(anchor: String?, SourceLocation)
    case sequenceEnd
    case mappingStart(anchor: String?, SourceLocation)
    case mappingEnd
}

/// libyaml's own complaint about the text, located.
struct YAMLSyntaxError: Error {
    var message: String
    var location: SourceLocation
}

/// Owns a libyaml parser over a private copy of the input and hands out its events.
///
/// The C handle and the input buffer live exactly as long as this object; no C type
/// escapes this file.
final class LibYAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let file: String
    private var finished = false

    init(bytes: [UInt8], file: String) {
        self.file = file
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        parser = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event; after `streamEnd` or an error, further calls are not allowed.
    func next() throws(YAMLSyntaxError) -> YAMLEvent {
        precondition(!finished, "LibYAMLParser used after the end of its stream")
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else {
            finished = true
            throw syntaxError()
        }
        defer { yaml_event_delete(&event) }
        let converted = convert(event)
        if case .streamEnd = converted { finished = true }
        return converted
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func convert(_ event: yaml_event_t) -> YAMLEvent {
        let start = location(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(start)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", start)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text =
                data.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: Int(data.length)), as: UTF8.self)
                } ?? ""
            let scalar = YAMLScalar(text, style: style(data.style), tag: string(data.tag))
            return .scalar(scalar, anchor: string(data.anchor), start)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: string(event.data.sequence_start.anchor), start)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: string(event.data.mapping_start.anchor), start)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return .streamEnd
        }
    }

    private func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private func syntaxError() -> YAMLSyntaxError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "invalid YAML"
        if parser.pointee.error == YAML_READER_ERROR {
            // Reader errors (bad encoding) carry a byte offset instead of a mark.
            let at = locationOfByte(Int(parser.pointee.problem_offset))
            return YAMLSyntaxError(message: "invalid text: \(problem)", location: at)
        }
        let at = location(parser.pointee.problem_mark)
        var message = problem
        if let context = parser.pointee.context.map({ String(cString: $0) }) {
            let from = location(parser.pointee.context_mark)
            message += " \(context) starting at line \(from.line), column \(from.column)"
        }
        if byte(at: parser.pointee.problem_mark.index) == UInt8(ascii: "\t") {
            message += " (a tab; YAML indents with spaces only)"
        }
        return YAMLSyntaxError(message: message, location: at)
    }

    private func byte(at index: Int) -> UInt8? {
        index >= 0 && index < input.count ? input[index] : nil
    }

    /// Lines end at LF, CRLF or a lone CR; columns count scalars after a byte order mark, as
    /// libyaml's marks do.
    private func locationOfByte(_ offset: Int) -> SourceLocation {
        var line = 1, column = 1
        let start = input.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for index in start..<max(start, min(offset, input.count)) {
            let byte = input[index], lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
            if byte == lineFeed || (byte == carriageReturn && self.byte(at: index + 1) != lineFeed) {
                line += 1
                column = 1
            } else if byte != carriageReturn && byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
