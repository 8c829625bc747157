public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, varning, fel

    var rank: Int {
        switch self {
        case .info: return 0
        case .varning: return 1
        case .fel: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (_, .sv): return rawValue
        case (.fel, .en): return "error"
        case (.varning, .en): return "warning"
        case (.info, .en): return "info"
        }
    }
}

public enum Language: String, Sendable, CaseIterable, Codable {
    case sv, en

    /// The language of error and usage messages for this process: `--lang`, else the
    /// environment's `LANG`/`LC_ALL`/`LC_MESSAGES` when it names English, else Swedish.
    nonisolated(unsafe) public static var messages: Language = .sv

    public static func fromEnvironment(arguments: [String], environment: [String: String]) -> Language {
        for (index, argument) in arguments.enumerated() {
            if argument == "--lang", index + 1 < arguments.count, let language = Language(rawValue: arguments[index + 1]) { return language }
            if argument.hasPrefix("--lang="), let language = Language(rawValue: String(argument.dropFirst(7))) { return language }
        }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            return value.hasPrefix("en") ? .en : .sv
        }
        return .sv
    }
}

/// Where a finding points: a repository-relative path and a range in it.
public struct Location: Sendable, Hashable {
    public var file: String
    public var range: SourceRange

    public init(file: String, range: SourceRange) {
        self.file = file
        self.range = range
    }
}

/// What a check function reports; the engine adds the rule, severity and message.
public struct Hit: Sendable {
    /// Selects one of the rule's message variants; nil is the rule's main message.
    public var variant: String?
    public var arguments: [String: String]
    public var location: Location
    /// Stable identity of what the finding is about (document id / element id / detail),
    /// independent of line numbers, for baselines and sorting.
    public var subject: String
    /// The mechanical repair of what the hit points at, if there is one.
    public var fix: Fix?

    public init(variant: String? = nil, arguments: [String: String] = [:], location: Location, subject: String, fix: Fix? = nil) {
        self.variant = variant
        self.arguments = arguments
        self.location = location
        self.subject = subject
        self.fix = fix
    }
}

public struct Finding: Sendable, Hashable, Codable {
    public var rule: String
    public var name: String
    public var severity: Severity
    public var file: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int
    public var message: String
    public var subject: String
    /// A hash of `subject`: stable under edits elsewhere in the file (baselines, SARIF, GitLab).
    public var fingerprint: String
    /// Set when an in-document suppression waives the finding.
    public var suppression: AppliedSuppression?
    /// True when a baseline file already records the finding.
    public var baselined: Bool?
    /// The section of the routine or the law behind the rule ("§ 2.3, § 5.1"): the
    /// criterion an auditor cites.
    public var source: String?
    /// The organ whose document the finding is in, for grouping and statistics.
    public var organ: String?
    /// What `--fix` would write (positions in the finding's file).
    public var fix: Fix?
    /// The cell of a workbook, Word table or CSV file the finding points at (`Risker!B7`);
    /// then `line` is its row and `column` its column.
    public var cell: String? = nil
    /// The message variant the check function chose (nil: the rule's main message); what
    /// rule examples assert, not part of the JSON output.
    public var variant: String? = nil
    /// What the finding is about, as structure rather than text: views group by it and
    /// never parse `subject` back (not part of the JSON output).
    public var element: ElementReference? = nil

    enum CodingKeys: String, CodingKey {
        case rule, name, severity, file, line, column, endLine, endColumn, message, subject, fingerprint
        case suppression, baselined, source, organ, fix, cell
    }

    /// `line:column variant`, with the file first when asked: how rule examples write what
    /// they expect.
    public func expectation(withFile: Bool) -> String {
        (withFile ? "\(file):" : "") + "\(line):\(column)" + (variant.map { " \($0)" } ?? "")
    }

    public var isActive: Bool { suppression == nil && baselined != true }

    /// Deterministic order: file, position, rule, subject, message.
    public static func ordered(_ lhs: Finding, _ rhs: Finding) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.rule, lhs.subject, lhs.message)
            < (rhs.file, rhs.line, rhs.column, rhs.rule, rhs.subject, rhs.message)
    }
}

/// The element a finding is about: its document's id, its kind and id, and for an
/// indicator or an utfall item the goal it belongs to.
public struct ElementReference: Sendable, Hashable {
    public var document: String?
    public var kind: String
    public var id: String
    public var goal: String?

    /// The goal a finding on this element judges: a goal itself, or the goal of an indicator.
    public var judgedGoal: String? {
        switch kind {
        case "mål": return id.isEmpty ? nil : id
        case "indikator", "utfall", "måluppfyllelse": return goal ?? (kind == "måluppfyllelse" ? id : nil)
        default: return nil
        }
    }
}

/// An error that stops a run (usage, configuration, I/O): exit code 2.
public struct StyrlintError: Error, Sendable, CustomStringConvertible {
    public var swedish: String
    public var english: String

    /// A message that reads the same in both languages (a path, a name, a tool's own words).
    public init(_ message: String) {
        swedish = message
        english = message
    }

    public init(sv: String, en: String) {
        swedish = sv
        english = en
    }

    /// A message in the project's "svenska / English" convention (the config reader's
    /// messages), with a location that both languages carry.
    public init(at location: String, bilingual message: String) {
        let parts = message.components(separatedBy: " / ")
        if parts.count == 2 {
            swedish = "\(location): \(parts[0])"
            // "årshjul.delår: en lista … / a list …": the key before the colon names the
            // place in both languages.
            var prefix = ""
            if let colon = parts[0].range(of: ": "), !parts[0][..<colon.lowerBound].contains(" "), !parts[1].hasPrefix(parts[0][..<colon.upperBound]) {
                prefix = String(parts[0][..<colon.upperBound])
            }
            english = "\(location): \(prefix)\(parts[1])"
        } else {
            swedish = "\(location): \(message)"
            english = swedish
        }
    }

    /// In the language of this process's messages.
    public var message: String { Language.messages == .en ? english : swedish }

    public func message(_ language: Language) -> String { language == .en ? english : swedish }

    public var description: String { message }
}

/// The waiver that applied to a finding, as auditors see it.
public struct AppliedSuppression: Sendable, Hashable, Codable {
    public var reason: String
    public var line: Int
}

public enum Fingerprint {
    /// FNV-1a, 64 bits, as 16 hex digits: the same on every platform and run.
    public static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
