import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A mechanical repair of the text a finding points at: one scalar or key replaced by
/// the value the message tells the user to write. Applied as a byte-range edit of the
/// file as it was read, so comments, quoting elsewhere, indentation and line endings
/// stay exactly as written.
public struct Fix: Sendable, Hashable, Codable {
    /// `safe` fixes keep the meaning (3,5 → 3.5, "84" → 84, Nämnd → nämnd) and run with
    /// `--fix`; `unsafe` ones guess at what was meant (a misspelt key or word, a unit
    /// dropped) and need `--unsafe-fixes` as well.
    public enum Applicability: String, Sendable, Hashable, Codable, CaseIterable {
        case safe, unsafe
    }

    public var range: SourceRange
    public var replacement: String
    public var applicability: Applicability
    /// What the edit replaces, checked before it is applied: the plain text of a plain
    /// scalar, or the quote character that opens and closes a quoted one.
    var expected: Expected

    enum Expected: Sendable, Hashable, Codable {
        case text(String)
        /// A quoted scalar: the quote character and the exact source between the quotes
        /// (the value without escapes, so the slice can be compared byte for byte).
        case quoted(UInt8, String)
    }

    enum CodingKeys: String, CodingKey {
        case range, replacement, applicability
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        range = try container.decode(SourceRange.self, forKey: .range)
        replacement = try container.decode(String.self, forKey: .replacement)
        applicability = try container.decode(Applicability.self, forKey: .applicability)
        expected = .text("")
    }

    /// A fix that replaces `node` (a one-line plain or quoted scalar) by `value`, written
    /// as a plain scalar when YAML reads it back unchanged, else double-quoted. Nil for
    /// block scalars and multi-line values, whose layout a one-span edit could break.
    static func replacing(_ node: YAMLNode, with value: String, _ applicability: Applicability) -> Fix? {
        guard node.isScalar, node.range.start.line == node.range.end.line, node.range.end.column > node.range.start.column,
              let text = node.scalar else { return nil }
        let expected: Expected
        switch node.style {
        case .plain: expected = .text(text)
        // Only quoted values whose source is the value itself (no escapes, no doubled
        // quotes): the applier then checks every byte it replaces.
        case .singleQuoted where !text.contains("'"): expected = .quoted(UInt8(ascii: "'"), text)
        case .doubleQuoted where !text.contains("\\") && !text.contains("\""): expected = .quoted(UInt8(ascii: "\""), text)
        default: return nil
        }
        return Fix(range: node.range, replacement: YAMLScalarText.write(value), applicability: applicability, expected: expected)
    }

    init(range: SourceRange, replacement: String, applicability: Applicability, expected: Expected) {
        self.range = range
        self.replacement = replacement
        self.applicability = applicability
        self.expected = expected
    }
}

/// Writing a value back into YAML source.
enum YAMLScalarText {
    /// `value` as a plain scalar when it reads back as the same string (or, for a number
    /// or boolean, as that value); otherwise double-quoted with JSON-compatible escapes.
    static func write(_ value: String) -> String {
        isPlainSafe(value) ? value : quoted(value)
    }

    /// Double-quoted with JSON-compatible escapes; controls, C1, line and paragraph
    /// separators and the byte order mark as escapes, so the text survives any reader.
    static func quoted(_ value: String) -> String {
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    quoted += String(format: "\\x%02X", scalar.value)
                } else if (0x80...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF {
                    quoted += String(format: "\\u%04X", scalar.value)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }

    /// Letters, digits and inner spaces, dots, hyphens and underscores, not starting with
    /// a YAML indicator: such text is a plain scalar in every context, flow included.
    static func isPlainSafe(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last,
              first != " ", last != " ", !["#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "?", ":", "[", "]", "{", "}", ","].contains(first)
        else { return false }
        if first == "-" && value.unicodeScalars.dropFirst().first.map({ !("0"..."9").contains($0) }) ?? true { return false }
        return value.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || " .-_".unicodeScalars.contains($0) }
            && !value.contains("  ")
    }
}

/// Applies fixes to the bytes of one file.
public enum FixApplier {
    /// The edited bytes and the indices of the fixes applied. A fix is skipped when its
    /// range is not where the file says it is (the file changed, or a line break libyaml
    /// counts differently), when the text there is not what the fix expects, or when it
    /// overlaps a fix already applied (the next round of `--fix` takes it).
    public static func apply(_ fixes: [Fix], to bytes: [UInt8]) -> (bytes: [UInt8], applied: [Int]) {
        let lines = LineIndex(bytes)
        var spans: [(start: Int, end: Int, index: Int)] = []
        for (index, fix) in fixes.enumerated() {
            guard let start = lines.offset(fix.range.start), let end = lines.offset(fix.range.end), start < end,
                  matches(fix.expected, bytes[start..<end]),
                  fix.replacement.first == "\"" || endsCleanly(bytes, at: end) else { continue }
            spans.append((start, end, index))
        }
        spans.sort { ($0.start, $0.index) < ($1.start, $1.index) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var cursor = 0
        var applied: [Int] = []
        for span in spans where span.start >= cursor {
            output += bytes[cursor..<span.start]
            output += Array(fixes[span.index].replacement.utf8)
            cursor = span.end
            applied.append(span.index)
        }
        output += bytes[cursor...]
        return (output, applied.sorted())
    }

    static func matches(_ expected: Fix.Expected, _ slice: ArraySlice<UInt8>) -> Bool {
        switch expected {
        case .text(let text): return Array(slice) == Array(text.utf8)
        case .quoted(let quote, let text): return Array(slice) == [quote] + Array(text.utf8) + [quote]
        }
    }

    /// A plain replacement must end where a plain scalar ends: before a space, a line break,
    /// a flow indicator or the end. `"84"#x` written as `84#x` would swallow the comment.
    static func endsCleanly(_ bytes: [UInt8], at end: Int) -> Bool {
        guard end < bytes.count else { return true }
        // A key: `målvärd: …` ends at its colon.
        if bytes[end] == UInt8(ascii: ":") {
            return end + 1 >= bytes.count || (bytes[end + 1] != UInt8(ascii: ":") && endsCleanly(bytes, at: end + 1))
        }
        return [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","),
                UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[end]) || LineIndex.otherBreak(bytes, at: end) != nil
    }

    /// Line starts in bytes, and columns counted as libyaml counts them: one per
    /// character (a UTF-8 sequence), after a byte-order mark on the first line.
    struct LineIndex {
        let bytes: [UInt8]
        var starts: [Int] = []

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            starts.append(bom)
            var index = bom
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\n") {
                    starts.append(index + 1)
                } else if bytes[index] == UInt8(ascii: "\r") {
                    // A lone return ends a line for libyaml; a return-newline pair once.
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                    starts.append(index + 1)
                } else if let width = Self.otherBreak(bytes, at: index) {
                    // NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line for libyaml too.
                    index += width - 1
                    starts.append(index + 1)
                }
                index += 1
            }
        }

        /// The width of a NEL (C2 85), LS (E2 80 A8) or PS (E2 80 A9) at `index`, else nil.
        static func otherBreak(_ bytes: [UInt8], at index: Int) -> Int? {
            if bytes[index] == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 { return 2 }
            if bytes[index] == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return 3 }
            return nil
        }

        func offset(_ position: SourcePosition) -> Int? {
            guard position.line >= 1, position.line <= starts.count, position.column >= 1 else { return nil }
            var offset = starts[position.line - 1]
            for _ in 1..<position.column {
                guard offset < bytes.count, bytes[offset] != UInt8(ascii: "\n"), bytes[offset] != UInt8(ascii: "\r"),
                      Self.otherBreak(bytes, at: offset) == nil else { return nil }
                let lead = bytes[offset]
                offset += lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            }
            return offset <= bytes.count ? offset : nil
        }
    }
}

/// A unified diff (as `diff -u` writes it) of two texts, by line, with three lines of
/// context: the preview `--diff` prints. Built on the standard library's
/// `CollectionDifference` (Myers' algorithm).
public enum UnifiedDiff {
    public static func render(old: String, new: String, path: String) -> String {
        let before = lines(old), after = lines(new)
        let difference = after.difference(from: before)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // The edit script as a walk over both texts.
        enum Step { case same(Int, Int), delete(Int), add(Int) }
        var steps: [Step] = []
        var i = 0, j = 0
        while i < before.count || j < after.count {
            if i < before.count, removed.contains(i) { steps.append(.delete(i)); i += 1 }
            else if j < after.count, inserted.contains(j) { steps.append(.add(j)); j += 1 }
            else { steps.append(.same(i, j)); i += 1; j += 1 }
        }
        let changed = steps.indices.filter { if case .same = steps[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return "" }
        // Hunks: changes closer than twice the context share one.
        let context = 3
        var groups: [ClosedRange<Int>] = []
        for index in changed {
            let low = max(0, index - context), high = min(steps.count - 1, index + context)
            if let last = groups.last, low <= last.upperBound + 1 {
                groups[groups.count - 1] = last.lowerBound...max(last.upperBound, high)
            } else {
                groups.append(low...high)
            }
        }
        // Lines of each text consumed before each step: where a hunk starts.
        var oldBefore = [0], newBefore = [0]
        for step in steps {
            switch step {
            case .same: oldBefore.append(oldBefore.last! + 1); newBefore.append(newBefore.last! + 1)
            case .delete: oldBefore.append(oldBefore.last! + 1); newBefore.append(newBefore.last!)
            case .add: oldBefore.append(oldBefore.last!); newBefore.append(newBefore.last! + 1)
            }
        }
        // A tab ends the name, as diff -u writes it, so a name with spaces reads whole.
        var output = "--- a/\(path)\t\n+++ b/\(path)\t\n"
        for group in groups {
            var body = ""
            for step in steps[group] {
                switch step {
                case .same(let a, _): body += " " + before[a]
                case .delete(let a): body += "-" + before[a]
                case .add(let b): body += "+" + after[b]
                }
            }
            let oldCount = oldBefore[group.upperBound + 1] - oldBefore[group.lowerBound]
            let newCount = newBefore[group.upperBound + 1] - newBefore[group.lowerBound]
            // An empty side names the line before it, as `diff -u` does.
            let oldStart = oldBefore[group.lowerBound] + (oldCount == 0 ? 0 : 1)
            let newStart = newBefore[group.lowerBound] + (newCount == 0 ? 0 : 1)
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n" + body
        }
        return output
    }

    /// Lines with their endings; a last line without one is marked as `diff` marks it.
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current + "\n\\ No newline at end of file\n") }
        return result
    }
}

/// The edits `--fix` makes to one file.
public struct FilePatch: Sendable {
    /// As findings name the file (relative to the current folder).
    public var displayPath: String
    public var absolutePath: String
    public var before: [UInt8]
    public var after: [UInt8]
    /// The findings whose fixes were applied.
    public var fixed: [Finding]
}

/// Turns the fixes of a check result into file patches. A file is left alone when it
/// changed since it was checked, is not UTF-8, has a YAML syntax error, or would have one
/// after the edits: `--fix` never makes a file worse or guesses at bytes it did not see.
public enum Fixer {
    public static func patches(for result: CheckResult, applying allowed: Set<Fix.Applicability>) -> [FilePatch] {
        let fixable = result.active.filter { finding in finding.fix.map { allowed.contains($0.applicability) } ?? false }
        guard !fixable.isEmpty else { return [] }
        let byFile = Dictionary(grouping: fixable, by: \.file)
        var patches: [FilePatch] = []
        for (summary, repository) in zip(result.repositories, result.loaded) {
            for document in repository.documents {
                let display = summary.displayPath(document.path)
                guard let findings = byFile[display], let digest = document.digest,
                      !document.loadProblems.contains(where: { $0.check == .syntax }) else { continue }
                let absolute = (repository.root as NSString).appendingPathComponent(document.path)
                guard case .success(let bytes) = InputFile.read(absolute, limit: repository.config.maxFileBytes), InputDigest(of: bytes) == digest,
                      String(validating: bytes, as: UTF8.self) != nil else { continue }
                let ordered = findings.sorted(by: Finding.ordered)
                let (after, applied) = FixApplier.apply(ordered.map { $0.fix! }, to: bytes)
                guard !applied.isEmpty, after != bytes else { continue }
                let reparsed = YAMLParser.parse(after)
                guard !reparsed.problems.contains(where: { if case .syntax = $0.kind { return true } else { return false } }) else { continue }
                patches.append(FilePatch(displayPath: display, absolutePath: absolute, before: bytes, after: after,
                                         fixed: applied.map { ordered[$0] }))
            }
        }
        // A file reached twice (a link to another plan file) is patched once, from one read.
        var seen = Set<String>()
        return patches.sorted { $0.displayPath < $1.displayPath }.filter { seen.insert(RepositoryLoader.realPath($0.absolutePath)).inserted }
    }

    public enum WriteRefusal: Error, Equatable {
        /// The file changed after it was read: another editor or process wrote it.
        case changed
        /// The user may not write the file (read-only, or owned by someone else).
        case notWritable
        /// The file has other hard links, which a replacement would break.
        case otherLinks
    }

    /// Writes one patch atomically, after checking, just before the write, that the file
    /// still holds the bytes the fixes were computed from, that the user may write it, and
    /// that no other hard link shares it.
    public static func write(_ patch: FilePatch, limit: Int = 64 << 20) throws {
        var status = stat()
        guard lstat(patch.absolutePath, &status) == 0 || stat(patch.absolutePath, &status) == 0 else { throw WriteRefusal.changed }
        var target = stat()
        if stat(patch.absolutePath, &target) == 0, target.st_nlink > 1 { throw WriteRefusal.otherLinks }
        guard access(patch.absolutePath, W_OK) == 0 else { throw WriteRefusal.notWritable }
        guard case .success(let current) = InputFile.read(patch.absolutePath, limit: limit), current == patch.before else {
            throw WriteRefusal.changed
        }
        try OutputWriter.file(String(decoding: patch.after, as: UTF8.self), to: patch.absolutePath)
    }
}
