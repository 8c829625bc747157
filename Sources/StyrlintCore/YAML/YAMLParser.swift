import CYAML
import Foundation
import Dispatch

/// Bounds that keep hostile input from exhausting time or memory.
public struct ParseLimits: Sendable, Equatable {
    /// Deepest nesting of mappings and sequences.
    public var maxDepth: Int = 64
    /// Most nodes the document may have once every alias is expanded.
    public var maxExpandedNodes: Int = 200_000
    /// Longest time reading one document may take (a backstop: the work is linear).
    public var maxSeconds: Double = 10

    public init(maxDepth: Int = 64, maxExpandedNodes: Int = 200_000, maxSeconds: Double = 10) {
        self.maxDepth = maxDepth
        self.maxExpandedNodes = maxExpandedNodes
        self.maxSeconds = maxSeconds
    }
}

/// Something wrong in a file at the YAML level, before the schema looks at it.
public struct ParseProblem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// libyaml rejected the text (problem and context are libyaml's own English words).
        case syntax(problem: String, context: String?)
        case duplicateKey(key: String, firstLine: Int)
        case tooDeep(limit: Int)
        case aliasExpansion(limit: Int)
        /// More nodes than the expansion limit, without any alias: simply too large.
        case tooManyNodes(limit: Int)
        case undefinedAlias(name: String)
        case severalDocuments
        case unsupportedTag(tag: String)
        case mergeKey
        case nonScalarKey
        case timeLimit(seconds: Double)
    }

    public var kind: Kind
    public var position: SourcePosition

    /// A one-line description in English (logs, tools); messages use `text(_:)`.
    public var summary: String { text(.en) }

    /// The same in either language: the config, granskning.yml and rule files report a
    /// problem in the run's language, with libyaml's English words through `YAMLMessages`.
    public func text(_ language: Language) -> String {
        let sv = language == .sv
        switch kind {
        case .syntax(let problem, let context):
            let words = sv ? YAMLMessages.swedish(problem) : problem
            guard let context else { return words }
            return "\(words) (\(sv ? YAMLMessages.swedish(context) : context))"
        case .duplicateKey(let key, let firstLine):
            return sv ? "nyckeln '\(key)' finns redan i samma mappning (första gången på rad \(firstLine)); ta bort den ena eller slå ihop dem"
                : "duplicate key '\(key)' (first on line \(firstLine))"
        case .tooDeep(let limit):
            return sv ? "nästlingen är djupare än \(limit) nivåer; platta ut strukturen" : "nesting deeper than \(limit) levels"
        case .aliasExpansion(let limit):
            return sv ? "alias expanderar till fler än \(limit) noder; skriv ut värdena i stället för att upprepa alias"
                : "aliases expand to more than \(limit) nodes"
        case .tooManyNodes(let limit):
            return sv ? "fler än \(limit) noder; dela upp filen" : "more than \(limit) nodes"
        case .undefinedAlias(let name):
            return sv ? "aliaset *\(name) pekar inte på något ankare &\(name) ovanför; definiera ankaret före aliaset" : "undefined alias *\(name)"
        case .severalDocuments:
            return sv ? "filen innehåller flera YAML-dokument (---); det får bara finnas ett" : "several YAML documents in one file"
        case .unsupportedTag(let tag):
            return sv ? "YAML-taggen \(tag) stöds inte; ta bort taggen och skriv värdet som vanlig YAML" : "unsupported tag \(tag)"
        case .mergeKey:
            return sv ? "sammanslagningsnyckeln << stöds inte; skriv ut nycklarna i stället" : "merge keys (<<) are not supported"
        case .nonScalarKey:
            return sv ? "en nyckel är en lista eller mappning; en nyckel ska vara ett enkelt värde" : "a key must be a plain value"
        case .timeLimit(let seconds):
            return sv ? "läsningen tog längre tid än \(seconds.formattedPlain.replacingOccurrences(of: ".", with: ",")) s och avbröts"
                : "reading took longer than \(seconds) s"
        }
    }

    /// What the problem is about, without its position (for finding identities).
    var detail: String {
        switch kind {
        case .duplicateKey(let key, _): return ":\(key)"
        case .undefinedAlias(let name): return ":\(name)"
        case .unsupportedTag(let tag): return ":\(tag)"
        default: return ""
        }
    }
    /// Fatal problems stop the parse: no tree is produced.
    public var isFatal: Bool {
        switch kind {
        case .syntax, .tooDeep, .aliasExpansion, .tooManyNodes, .undefinedAlias, .severalDocuments, .timeLimit: return true
        case .duplicateKey, .unsupportedTag, .mergeKey, .nonScalarKey: return false
        }
    }
}

public struct ParseResult: Sendable {
    /// Nil when the input holds no document or a fatal problem stopped the parse.
    public var tree: YAMLTree?
    public var problems: [ParseProblem]
}

/// One pass over libyaml's events into a `YAMLTree`, checking duplicate keys,
/// nesting depth and alias expansion on the way.
public enum YAMLParser {
    private static let coreTags: Set<String> = [
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq", "tag:yaml.org,2002:timestamp", "!",
    ]

    public static func parse(_ bytes: [UInt8], limits: ParseLimits = ParseLimits()) -> ParseResult {
        bytes.withUnsafeBufferPointer { buffer in
            var builder = TreeBuilder(limits: limits)
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return ParseResult(tree: nil, problems: [ParseProblem(kind: .syntax(problem: "libyaml could not start", context: nil), position: .start)])
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            var event = yaml_event_t()
            let started = DispatchTime.now().uptimeNanoseconds
            let budget = UInt64(max(0, min(limits.maxSeconds, 1e6)) * 1e9)
            var events = 0
            while true {
                events += 1
                if events & 0xFFF == 0, DispatchTime.now().uptimeNanoseconds - started > budget {
                    builder.fail(ParseProblem(kind: .timeLimit(seconds: limits.maxSeconds),
                                              position: SourcePosition(line: Int(parser.mark.line) + 1, column: Int(parser.mark.column) + 1)))
                    break
                }
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.fail(syntaxProblem(parser, bytes: buffer))
                    break
                }
                let done = event.type == YAML_STREAM_END_EVENT
                builder.consume(&event)
                yaml_event_delete(&event)
                if done || builder.stopped { break }
            }
            return builder.result()
        }
    }

    /// Builds the tree from libyaml events recorded at build time (the built-in rule pack,
    /// see embed-rules): the same tree builder as `parse`, without scanning the text again.
    /// Nil when the recording is cut short or not a recording.
    /// `leaving` names keys of the root mapping whose entries are not built: a check reads
    /// a rule's contract and messages, never its examples, which are half of the pack's text.
    static func replay(_ recording: [UInt8], limits: ParseLimits, leaving: Set<[UInt8]> = []) -> ParseResult? {
        recording.withUnsafeBufferPointer { buffer -> ParseResult? in
            var builder = TreeBuilder(limits: limits)
            var offset = 0
            // Collections open around the next event; in the root mapping (depth 1) events
            // alternate between key and value. `skipping` counts the collections open inside
            // a left-out value, or is 0 when the next event is built.
            var depth = 0
            var rootExpectsKey = true
            var skipping = 0
            var skipValue = false
            func number() -> Int? { LEB128.read(buffer, at: &offset, maxShift: 62) }
            /// A NUL-terminated string inside the recording, pointed at, not copied.
            func string() -> (pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int)? {
                guard let stored = number() else { return nil }
                guard stored > 0 else { return (nil, 0) }
                let length = stored - 1
                guard offset + length < buffer.count, buffer[offset + length] == 0, let base = buffer.baseAddress else { return nil }
                defer { offset += length + 1 }
                return (UnsafeMutablePointer(mutating: base + offset), length)
            }
            var event = yaml_event_t()
            while offset < buffer.count {
                event = yaml_event_t()
                event.type = yaml_event_type_t(UInt32(buffer[offset]))
                offset += 1
                guard let startLine = number(), let startColumn = number(), let endLine = number(), let endColumn = number() else { return nil }
                event.start_mark.line = startLine
                event.start_mark.column = startColumn
                event.end_mark.line = endLine
                event.end_mark.column = endColumn
                switch event.type {
                case YAML_SCALAR_EVENT:
                    guard offset < buffer.count else { return nil }
                    event.data.scalar.style = yaml_scalar_style_t(UInt32(buffer[offset]))
                    offset += 1
                    guard let value = string(), let tag = string(), let anchor = string() else { return nil }
                    event.data.scalar.value = value.pointer
                    event.data.scalar.length = value.length
                    event.data.scalar.tag = tag.pointer
                    event.data.scalar.anchor = anchor.pointer
                case YAML_ALIAS_EVENT:
                    guard let anchor = string() else { return nil }
                    event.data.alias.anchor = anchor.pointer
                case YAML_SEQUENCE_START_EVENT:
                    guard let tag = string(), let anchor = string() else { return nil }
                    event.data.sequence_start.tag = tag.pointer
                    event.data.sequence_start.anchor = anchor.pointer
                case YAML_MAPPING_START_EVENT:
                    guard let tag = string(), let anchor = string() else { return nil }
                    event.data.mapping_start.tag = tag.pointer
                    event.data.mapping_start.anchor = anchor.pointer
                default:
                    break
                }
                let opens = event.type == YAML_MAPPING_START_EVENT || event.type == YAML_SEQUENCE_START_EVENT
                let closes = event.type == YAML_MAPPING_END_EVENT || event.type == YAML_SEQUENCE_END_EVENT
                if skipping > 0 {
                    skipping += opens ? 1 : closes ? -1 : 0
                    if skipping == 1 {
                        skipping = 0
                        rootExpectsKey = true
                    }
                    continue
                }
                if !leaving.isEmpty, depth == 1, !closes {
                    if rootExpectsKey, event.type == YAML_SCALAR_EVENT, let value = event.data.scalar.value,
                       leaving.contains(Array(UnsafeBufferPointer(start: value, count: event.data.scalar.length))) {
                        skipValue = true
                        continue
                    }
                    if skipValue {
                        skipValue = false
                        if opens { skipping = 2 } else { rootExpectsKey = true }
                        continue
                    }
                    rootExpectsKey.toggle()
                }
                depth += opens ? 1 : closes ? -1 : 0
                let done = event.type == YAML_STREAM_END_EVENT
                builder.consume(&event)
                if done || builder.stopped { return builder.result() }
            }
            return nil
        }
    }

    private static func syntaxProblem(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) -> ParseProblem {
        // A memory error is the one libyaml leaves without words.
        let problem = parser.problem.map { String(cString: $0) } ?? (parser.error == YAML_MEMORY_ERROR ? "out of memory" : "invalid YAML")
        let context = parser.context.map { String(cString: $0) }
        var position = SourcePosition(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        if parser.error == YAML_READER_ERROR {
            // Reader errors (bad encoding) carry a byte offset, not a mark.
            var offset = Int(parser.problem_offset)
            let utf16 = parser.encoding == YAML_UTF16LE_ENCODING || parser.encoding == YAML_UTF16BE_ENCODING
            if !utf16, problem.contains("trailing") || problem.contains("incomplete") {
                // Point at the sequence's lead byte, not the byte after it.
                while offset > 0, offset <= bytes.count, bytes[offset - 1] & 0xC0 == 0x80 { offset -= 1 }
                if offset > 0, offset <= bytes.count, bytes[offset - 1] & 0xC0 == 0xC0 { offset -= 1 }
            }
            if utf16, problem.contains("expected low surrogate") { offset -= 2 }  // the high surrogate it follows
            position = utf16
                ? positionOfUTF16Offset(offset, in: bytes, bigEndian: parser.encoding == YAML_UTF16BE_ENCODING)
                : positionOfOffset(offset, in: bytes)
        } else if context == "while scanning a quoted scalar" {
            // An unclosed quote: where it opens says more than the end of the file.
            position = SourcePosition(line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1)
        }
        return ParseProblem(kind: .syntax(problem: problem, context: context), position: position)
    }

    static func positionOfOffset(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        var line = 1, column = 1
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for byte in bytes.prefix(offset).dropFirst(start) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourcePosition(line: line, column: column)
    }

    /// The same for UTF-16 input: code units of two bytes, surrogate pairs one column.
    static func positionOfUTF16Offset(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> SourcePosition {
        var line = 1, column = 1
        var index = bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) ? 2 : 0
        while index + 1 < min(offset, bytes.count) {
            let unit = bigEndian ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]) : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
            if unit == 0x0A {
                line += 1
                column = 1
            } else if !(0xDC00...0xDFFF).contains(unit) {
                column += 1
            }
            index += 2
        }
        return SourcePosition(line: line, column: column)
    }

    fileprivate struct Frame {
        var record: Int
        var firstPending: Int
        var anchor: String?
    }

    fileprivate struct TreeBuilder {
        let limits: ParseLimits
        var records: [YAMLTree.Record] = []
        var expandedSize: [Int] = []
        var children: [Int32] = []
        var pending: [Int32] = []
        var scalars: [String] = []
        var tags: [String] = []
        var anchors: [String: Int32] = [:]
        var stack: [Frame] = []
        var problems: [ParseProblem] = []
        var root: Int32 = -1
        var documents = 0
        var stopped = false
        var aliasesUsed = false

        init(limits: ParseLimits) {
            self.limits = limits
        }

        mutating func fail(_ problem: ParseProblem) {
            problems.append(problem)
            stopped = true
        }

        func result() -> ParseResult {
            let fatal = problems.contains { $0.isFatal }
            let tree = fatal || root < 0 ? nil : YAMLTree(records: records, children: children, scalars: scalars, tags: tags, rootIndex: root)
            return ParseResult(tree: tree, problems: problems)
        }

        private static func position(_ mark: yaml_mark_t) -> SourcePosition {
            SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }

        private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }

        private mutating func tagIndex(_ pointer: UnsafeMutablePointer<yaml_char_t>?, at position: SourcePosition) -> Int32 {
            guard let tag = Self.string(pointer) else { return -1 }
            if !YAMLParser.coreTags.contains(tag) {
                problems.append(ParseProblem(kind: .unsupportedTag(tag: tag), position: position))
            }
            tags.append(tag)
            return Int32(tags.count - 1)
        }

        /// Attach a finished node to its parent, or make it the root.
        private mutating func attach(_ node: Int32) {
            if stack.isEmpty {
                root = node
            } else {
                pending.append(node)
            }
        }

        mutating func consume(_ event: inout yaml_event_t) {
            let start = Self.position(event.start_mark)
            let end = Self.position(event.end_mark)
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    fail(ParseProblem(kind: .severalDocuments, position: start))
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                // A mapping's key (an even slot of the open mapping) that names one of the
                // format's keys takes the interned name and number: about half of all
                // scalars, never decoded.
                var keyID = YAMLKey.unknown
                if let frame = stack.last, records[frame.record].kind == .mapping, (pending.count - frame.firstPending) % 2 == 0,
                   let pointer = scalar.value {
                    keyID = KeyTable.id(of: UnsafeBufferPointer(start: pointer, count: scalar.length))
                }
                let text = keyID != YAMLKey.unknown ? KeyTable.name(keyID) : scalar.value.map { pointer -> String in
                    let bytes = UnsafeBufferPointer(start: pointer, count: scalar.length)
                    let decoded = String(decoding: bytes, as: UTF8.self)
                    // Combining marks (U+0300–U+036F lead with 0xCC/0xCD): store the composed
                    // form, so `nivå` typed on any system matches the schema's `nivå` byte for byte.
                    return bytes.contains(where: { $0 == 0xCC || $0 == 0xCD }) ? decoded.precomposedStringWithCanonicalMapping : decoded
                } ?? ""
                let style: YAMLTree.ScalarStyle
                switch scalar.style {
                case YAML_PLAIN_SCALAR_STYLE: style = .plain
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: style = .literal
                case YAML_FOLDED_SCALAR_STYLE: style = .folded
                default: style = .none
                }
                let tag = tagIndex(scalar.tag, at: start)
                scalars.append(text)
                records.append(.init(kind: .scalar, style: style, start: start, end: end, payload: Int32(scalars.count - 1), count: 0, tag: tag,
                                     key: keyID))
                expandedSize.append(1)
                let node = Int32(records.count - 1)
                if let anchor = Self.string(scalar.anchor) { anchors[anchor] = node }
                attach(node)
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    fail(ParseProblem(kind: .undefinedAlias(name: name), position: start))
                    return
                }
                aliasesUsed = true
                attach(target)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                if stack.count >= limits.maxDepth {
                    fail(ParseProblem(kind: .tooDeep(limit: limits.maxDepth), position: start))
                    return
                }
                let tagPointer = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
                let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                let tag = tagIndex(tagPointer, at: start)
                records.append(.init(kind: isMapping ? .mapping : .sequence, style: .none, start: start, end: end, payload: 0, count: 0, tag: tag))
                expandedSize.append(1)
                stack.append(Frame(record: records.count - 1, firstPending: pending.count, anchor: Self.string(anchorPointer)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { return }
                let slots = pending[frame.firstPending...]
                var size = 1
                for child in slots {
                    size = Self.saturatingAdd(size, expandedSize[Int(child)])
                }
                if size > limits.maxExpandedNodes {
                    let kind: ParseProblem.Kind = aliasesUsed ? .aliasExpansion(limit: limits.maxExpandedNodes) : .tooManyNodes(limit: limits.maxExpandedNodes)
                    fail(ParseProblem(kind: kind, position: records[frame.record].start))
                    return
                }
                if event.type == YAML_MAPPING_END_EVENT {
                    checkKeys(slots)
                }
                records[frame.record].payload = Int32(children.count)
                records[frame.record].count = Int32(slots.count)
                records[frame.record].end = end
                expandedSize[frame.record] = size
                children.append(contentsOf: slots)
                pending.removeSubrange(frame.firstPending...)
                let node = Int32(frame.record)
                if let anchor = frame.anchor { anchors[anchor] = node }
                attach(node)
            default:
                break
            }
        }

        private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? Int.max : sum
        }

        /// Numbers each key (`KeyTable`) and reports duplicate, merge and non-scalar keys.
        private mutating func checkKeys(_ slots: ArraySlice<Int32>) {
            // Small mappings (nearly all) compare keys pairwise; large ones hash.
            let keyCount = slots.count / 2
            var firstLineOfKey: [String: Int] = keyCount > 16 ? Dictionary(minimumCapacity: keyCount) : [:]
            var index = slots.startIndex
            var seen = 0
            while index < slots.endIndex {
                let keyIndex = Int(slots[index])
                let key = records[keyIndex]
                defer { index += 2; seen += 1 }
                guard key.kind == .scalar else {
                    problems.append(ParseProblem(kind: .nonScalarKey, position: key.start))
                    continue
                }
                let text = scalars[Int(key.payload)]
                let id = key.key != YAMLKey.unknown ? key.key : KeyTable.id(of: text)
                records[keyIndex].key = id
                if key.style == .plain, text == "<<" {
                    problems.append(ParseProblem(kind: .mergeKey, position: key.start))
                }
                if keyCount > 16 {
                    if let firstLine = firstLineOfKey[text] {
                        problems.append(ParseProblem(kind: .duplicateKey(key: text, firstLine: firstLine), position: key.start))
                    } else {
                        firstLineOfKey[text] = key.start.line
                    }
                } else {
                    var earlier = slots.startIndex
                    while earlier < index {
                        let other = records[Int(slots[earlier])]
                        if other.kind == .scalar, other.key == id,
                           id != YAMLKey.unknown || scalars[Int(other.payload)] == text {
                            problems.append(ParseProblem(kind: .duplicateKey(key: text, firstLine: other.start.line), position: key.start))
                            break
                        }
                        earlier += 2
                    }
                }
            }
        }
    }
}
