import Foundation
/// An in-document waiver: `# styrlint: ignorera SM001, MV006 -- motivering`.
///
/// On a line of its own it covers the element that starts on the next line (the whole
/// element: a goal's mapping with everything in it); after a value it covers the
/// element that starts on its own line. The reason after `--` is mandatory: a
/// suppression without one suppresses nothing and is a finding itself (DOK008).
public struct Suppression: Sendable, Hashable {
    public var rules: [String]
    public var reason: String?
    /// Where the comment is.
    public var line: Int
    public var column: Int
    /// Lines whose findings it covers.
    public var coveredLines: ClosedRange<Int>

    public func covers(rule: String, line: Int) -> Bool {
        reason != nil && rules.contains(rule) && coveredLines.contains(line)
    }
}

enum SuppressionScanner {
    static let marker = "styrlint:"

    static func scan(_ input: [UInt8], tree: YAMLTree?) -> [Suppression] {
        let bytes = utf8(input)
        guard bytes.count < 64 * 1024 * 1024, mentionsMarker(bytes) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var suppressions: [Suppression] = []
        // Both tables are built once, so thousands of comments cost linear time, not a
        // scan of the following lines and of every node per comment.
        var nextContent = [Int](repeating: lines.count, count: lines.count + 1)
        for index in stride(from: lines.count - 1, through: 0, by: -1) {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            nextContent[index] = trimmed.isEmpty || trimmed.hasPrefix("#") ? nextContent[index + 1] : index
        }
        let elementEnds = lastLines(in: tree)
        for (index, line) in lines.enumerated() {
            guard line.lowercased().contains(marker), let hash = commentStart(line) else { continue }
            let comment = line[line.index(after: hash)...].trimmingCharacters(in: .whitespaces)
            guard comment.lowercased().hasPrefix(marker) else { continue }
            var body = comment.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
            guard let verb = ["ignorera", "ignore"].first(where: { body.lowercased().hasPrefix($0) }) else { continue }
            body = String(body.dropFirst(verb.count))
            var reason: String?
            if let separator = body.range(of: "--") {
                let text = body[separator.upperBound...].trimmingCharacters(in: .whitespaces)
                reason = text.isEmpty ? nil : text
                body = String(body[..<separator.lowerBound])
            }
            let rules = body.split(whereSeparator: { $0 == "," || $0 == " " }).map { String($0).uppercased() }
            let ownLine = line[..<hash].allSatisfy(\.isWhitespace)
            var target = index + 1
            if ownLine {
                target = nextContent[index + 1] + 1
            }
            let column = line.distance(from: line.startIndex, to: hash) + 1
            suppressions.append(Suppression(rules: rules, reason: reason, line: index + 1, column: column,
                                            coveredLines: target...max(target, elementEnds[target] ?? target)))
        }
        return suppressions
    }

    /// UTF-16 files (with a byte-order mark) as UTF-8, so their comments are found too.
    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 2 else { return bytes }
        let littleEndian = bytes[0] == 0xFF && bytes[1] == 0xFE, bigEndian = bytes[0] == 0xFE && bytes[1] == 0xFF
        guard littleEndian || bigEndian else { return bytes }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            units.append(littleEndian ? UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index]) : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// A byte scan for "styrlint:" in any letter case after a `#` on its line: most files
    /// have no suppression, and they should cost nothing more than this. `memchr` finds the
    /// comments; only their lines are searched for the marker.
    static func mentionsMarker(_ bytes: [UInt8]) -> Bool {
        let pattern = Array(marker.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            var offset = 0
            while offset < buffer.count, let hash = memchr(base + offset, 0x23, buffer.count - offset) {
                let start = base.distance(to: hash.assumingMemoryBound(to: UInt8.self)) + 1
                let end = memchr(base + start, 0x0A, buffer.count - start)
                    .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? buffer.count
                var index = start
                while index + pattern.count <= end {
                    if buffer[index] | 0x20 == pattern[0] {
                        var matched = 1
                        while matched < pattern.count, buffer[index + matched] | (pattern[matched] == 0x3A ? 0 : 0x20) == pattern[matched] {
                            matched += 1
                        }
                        if matched == pattern.count { return true }
                    }
                    index += 1
                }
                offset = end
            }
            return false
        }
    }

    /// The `#` that starts a comment: outside quotes, at the line start or after a space.
    static func commentStart(_ line: Substring) -> Substring.Index? {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                if previous == " " || previous == ":" || previous == "[" || previous == "{" || previous == "," || previous == "-" { quote = character }
            } else if character == "#", previous == " " || previous == "\t" || index == line.startIndex {
                return index
            }
            previous = character
        }
        return nil
    }

    /// For each line, the last line of what starts on it: a mapping or scalar there, or
    /// the value of a key there. A block list whose first `-` is on the line is not taken
    /// whole: the comment is about the item, not every item after it.
    static func lastLines(in tree: YAMLTree?) -> [Int: Int] {
        guard let tree else { return [:] }
        var last: [Int: Int] = [:]
        func endLine(_ record: YAMLTree.Record) -> Int {
            // A block collection ends at the start of the next line: count the line before.
            record.end.line - (record.end.column == 1 && record.end.line > record.start.line ? 1 : 0)
        }
        func note(_ line: Int, _ end: Int) { last[line] = max(last[line] ?? line, end) }
        for record in tree.records where record.kind != .sequence {
            note(record.start.line, endLine(record))
        }
        for record in tree.records where record.kind == .mapping {
            let first = Int(record.payload)
            for slot in stride(from: 0, to: Int(record.count), by: 2) {
                let key = tree.records[Int(tree.children[first + slot])]
                note(key.start.line, endLine(tree.records[Int(tree.children[first + slot + 1])]))
            }
        }
        return last
    }
}
