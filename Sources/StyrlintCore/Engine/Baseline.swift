import Foundation

/// Findings accepted as they are today. `check --baseline` reports only what is new,
/// and lists baseline entries that no longer match anything so the file shrinks.
public struct Baseline: Sendable, Codable {
    public struct Entry: Sendable, Codable, Hashable {
        public var fingerprint: String
        public var rule: String
        public var file: String
        public var subject: String
        public var message: String
    }

    public var version = 1
    public var findings: [Entry]

    public init(findings: [Finding]) {
        self.findings = findings.filter { $0.suppression == nil }.map {
            Entry(fingerprint: $0.fingerprint, rule: $0.rule, file: $0.file, subject: $0.subject, message: $0.message)
        }.sorted { ($0.file, $0.rule, $0.subject, $0.fingerprint) < ($1.file, $1.rule, $1.subject, $1.fingerprint) }
    }

    public static func load(_ path: String, displayPath: String? = nil) throws -> Baseline {
        let shown = displayPath ?? path
        let bytes = try InputFile.read(path, limit: 64 << 20, displayPath: shown, what: .baseline)
        let baseline: Baseline
        do {
            baseline = try JSONDecoder().decode(Baseline.self, from: Data(bytes))
        } catch {
            // The place of the problem (broken JSON, a wrong or missing value), then the way out.
            let place = Self.place(of: error, in: bytes)
            let reason = Self.reason(error)
            throw StyrlintError(sv: "\(shown)\(place): ogiltig baslinje (\(reason.sv)); skriv en ny med `styrlint baseline write \(shown)`",
                                en: "\(shown)\(place): invalid baseline file (\(reason.en)); write a new one with `styrlint baseline write \(shown)`")
        }
        guard baseline.version == 1 else {
            let place = Self.place(of: DecodingError.keyNotFound(CodingKeys.version, .init(codingPath: [], debugDescription: "")), in: bytes)
            throw StyrlintError(sv: "\(shown)\(place): baslinjens version \(baseline.version) stöds inte (bara 1); skriv en ny med `styrlint baseline write \(shown)`",
                                en: "\(shown)\(place): baseline version \(baseline.version) is not supported (only 1); write a new one with `styrlint baseline write \(shown)`")
        }
        return baseline
    }

    /// What is wrong, in words: a missing key, a value of the wrong type, or broken JSON.
    static func reason(_ error: Error) -> (sv: String, en: String) {
        func path(_ codingPath: [CodingKey], _ last: CodingKey? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            let name = path(context.codingPath, key)
            return ("nyckeln \(name) saknas", "the key \(name) is missing")
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            let name = path(context.codingPath)
            let expected = type == String.self ? ("en text", "a string") : type == Int.self ? ("ett heltal", "a whole number")
                : ("en lista eller ett objekt", "a list or an object")
            return ("\(name.isEmpty ? "filen" : name) ska vara \(expected.0)", "\(name.isEmpty ? "the file" : name) must be \(expected.1)")
        default:
            return ("inte giltig JSON", "not valid JSON")
        }
    }

    /// ":line:column" of a decoding error: from the parser's byte offset when the JSON
    /// is broken, else from the first line that names the failing key.
    static func place(of error: Error, in bytes: [UInt8]) -> String {
        func lineAndColumn(_ offset: Int) -> String {
            let prefix = bytes.prefix(max(0, min(offset, bytes.count)))
            let line = prefix.filter { $0 == 0x0A }.count + 1
            let column = prefix.count - (prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            return ":\(line):\(column)"
        }
        // Broken JSON: JSONSerialization names the character ("around character 13"), or
        // the end of the file.
        if case DecodingError.dataCorrupted = error {
            do {
                _ = try JSONSerialization.jsonObject(with: Data(bytes))
            } catch {
                let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
                if let range = description.range(of: "around character "),
                   let offset = Int(description[range.upperBound...].prefix { $0.isNumber }) {
                    return lineAndColumn(offset)
                }
                if description.contains("end of file") { return lineAndColumn(bytes.count) }
            }
            return ":1:1"
        }
        // A wrong or missing value: the first place its key is written.
        let path: [CodingKey]
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context): path = context.codingPath
        case DecodingError.keyNotFound(let key, let context): path = context.codingPath + [key]
        default: path = []
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for key in path.reversed() where key.intValue == nil {
            if let found = text.range(of: "\"\(key.stringValue)\"") {
                return lineAndColumn(text.utf8.distance(from: text.startIndex, to: found.lowerBound))
            }
        }
        return ":1:1"
    }

    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Marks findings the baseline records; returns the entries that matched nothing.
    /// Matching counts: two identical findings need two entries.
    public func apply(to findings: inout [Finding]) -> [Entry] {
        let matcher = Matcher(self)
        matcher.apply(to: &findings)
        return matcher.unmatched
    }

    /// Marks findings the baseline records, a batch at a time in report order (a streamed
    /// run hands over one repository's findings after another); each entry matches once.
    public final class Matcher {
        private var remaining: [String: [Entry]] = [:]

        public init(_ baseline: Baseline) {
            for entry in baseline.findings { remaining[entry.fingerprint, default: []].append(entry) }
        }

        public func apply(to findings: inout [Finding]) {
            for index in findings.indices where findings[index].suppression == nil {
                if var entries = remaining[findings[index].fingerprint], !entries.isEmpty {
                    entries.removeLast()
                    remaining[findings[index].fingerprint] = entries
                    findings[index].baselined = true
                }
            }
        }

        /// The entries no finding matched: fixed, and due to be removed from the baseline.
        public var unmatched: [Entry] {
            remaining.values.flatMap { $0 }.sorted { ($0.file, $0.rule, $0.subject) < ($1.file, $1.rule, $1.subject) }
        }
    }
}
