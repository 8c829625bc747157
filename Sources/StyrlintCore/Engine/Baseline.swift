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

    public static func load(_ path: String) throws -> Baseline {
        let bytes = try InputFile.read(path, limit: 64 << 20, displayPath: path, what: .baseline)
        do {
            return try JSONDecoder().decode(Baseline.self, from: Data(bytes))
        } catch {
            throw StyrlintError(sv: "\(path): ogiltig baslinje; skriv en ny med `styrlint baseline write \(path)`", en: "\(path): invalid baseline file; write a new one with `styrlint baseline write \(path)`")
        }
    }

    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Marks findings the baseline records; returns the entries that matched nothing.
    /// Matching counts: two identical findings need two entries.
    public func apply(to findings: inout [Finding]) -> [Entry] {
        var remaining: [String: [Entry]] = [:]
        for entry in self.findings { remaining[entry.fingerprint, default: []].append(entry) }
        for index in findings.indices where findings[index].suppression == nil {
            if var entries = remaining[findings[index].fingerprint], !entries.isEmpty {
                entries.removeLast()
                remaining[findings[index].fingerprint] = entries
                findings[index].baselined = true
            }
        }
        return remaining.values.flatMap { $0 }.sorted { ($0.file, $0.rule, $0.subject) < ($1.file, $1.rule, $1.subject) }
    }
}
