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

    static func scan(_ bytes: [UInt8], tree: YAMLTree?) -> [Suppression] {
        guard bytes.count < 64 * 1024 * 1024 else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var suppressions: [Suppression] = []
        for (index, line) in lines.enumerated() {
            guard line.contains(marker), let hash = commentStart(line) else { continue }
            let comment = line[line.index(after: hash)...].trimmingCharacters(in: .whitespaces)
            guard comment.hasPrefix(marker) else { continue }
            var body = comment.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
            guard let verb = ["ignorera", "ignore"].first(where: { body.hasPrefix($0) }) else { continue }
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
                var next = index + 1
                while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty || lines[next].trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                    next += 1
                }
                target = next + 1
            }
            let column = line.distance(from: line.startIndex, to: hash) + 1
            suppressions.append(Suppression(rules: rules, reason: reason, line: index + 1, column: column,
                                            coveredLines: target...max(target, lastLine(ofElementStartingOn: target, in: tree))))
        }
        return suppressions
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

    static func lastLine(ofElementStartingOn line: Int, in tree: YAMLTree?) -> Int {
        guard let tree else { return line }
        var last = line
        for record in tree.records where record.start.line == line {
            last = max(last, record.end.line - (record.end.column == 1 && record.end.line > line ? 1 : 0))
        }
        return last
    }
}
