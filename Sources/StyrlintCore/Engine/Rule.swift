/// Text in both languages of styrlint.
public struct LocalizedText: Sendable, Equatable {
    public var sv: String
    public var en: String

    public func text(_ language: Language) -> String { language == .sv ? sv : en }
}

/// One rule example: a small repository of files, with an optional check date and config.
public struct RuleExample: Sendable {
    public var files: [(path: String, text: String)]
    public var checkDate: Day?
    public var config: String?
    /// When set, the exact number of findings the rule must give.
    public var count: Int?
    public var note: String?
    /// Other rules of the pack active in the example (for rules about rules, like DOK009).
    public var withRules: [String] = []
    /// Line in the rule file where the example starts, for test failure messages.
    public var line: Int
    /// The findings the rule must give, each `LINE:COLUMN [variant]` (`FILE:LINE:COLUMN
    /// [variant]` when the example has several files), as SwiftLint marks an example's
    /// expected position: the position and the message, not only "fires".
    public var expect: [String]? = nil
}

/// A check the rule runs: a built-in function with options.
public struct RuleCheck: Sendable {
    public var function: String
    public var options: [String: OptionValue]
}

/// The criteria of a SMART goal (Gemensamma begrepp: Nämndmål), as the scorecard shows them.
/// What a rule's findings weigh in the auditor's traffic light per organ (`signal:` in the
/// rule file, overridable per repository in styrlint.yml).
public enum SignalWeight: String, Sendable, CaseIterable, Codable {
    /// Governance: an error makes the organ red, a warning yellow.
    case styrning
    /// A document's form (YAML, keys, an id's pattern): an error or a warning makes it yellow.
    case form
    /// Counted, never coloured.
    case ingen
}

public enum SmartCriterion: String, Sendable, CaseIterable {
    case specifikt, mätbart, accepterat, realistiskt, tidssatt, ansvarsfördelat
}

/// Which of the selected elements a rule looks at: `where` chooses documents, this the
/// elements in them, for every check function alike.
public struct ElementFilter: Sendable {
    /// `when: {path: value | [values]}`: the field at each path has one of the values (a
    /// boolean field reads as "true" or "false").
    public var values: [(path: String, accepted: [String])] = []
    /// `when_present: path | [paths]`: each path is present and not empty.
    public var present: [String] = []

    public var isEmpty: Bool { values.isEmpty && present.isEmpty }

    /// A field's value as `when` compares it: a boolean as "true" or "false".
    static func reading(_ node: YAMLNode) -> String? {
        if case .success(let flag) = ScalarValue.boolean(node) { return flag ? "true" : "false" }
        return node.scalar
    }
}

/// A rule as declared in a rule file: everything the engine, the docs and the tests need.
public struct Rule: Sendable {
    public var id: String
    public var name: String
    public var severity: Severity
    public var title: LocalizedText
    public var description: LocalizedText
    public var rationale: LocalizedText
    public var source: String
    /// Element kind the rule applies to (`mål`, `indikator`, `arkiv`, ...).
    public var given: ElementKind
    /// Document-level filter: key → accepted values.
    public var filter: [String: [String]]
    /// Element-level filter (`when`, `when_present`), applied by the engine for every check.
    public var elementFilter = ElementFilter()
    public var checks: [RuleCheck]
    public var message: LocalizedText
    public var variants: [String: LocalizedText]
    public var triggering: [RuleExample]
    public var nonTriggering: [RuleExample]
    /// The rule file, for messages ("rules/SM001.yaml" or a user path).
    public var origin: String
    /// Where the rule's `id` value stands in its file.
    public var idPosition = SourcePosition.start
    /// Rules whose finding on the same element says all this one would, and more (SM007's
    /// "several goals in one, none with a level" covers SM001's "no level" on the same
    /// words): this rule's finding there is dropped, so one problem is one finding.
    public var supersededBy: [String] = []
    var supersededByPosition = SourcePosition.start
    /// The SMART criterion a goal fails when the rule fires on it (`smart:` in the rule
    /// file), for the auditor's scorecard.
    public var smart: SmartCriterion?
    /// What the rule's findings weigh in the traffic light (`signal:`; governance unless said).
    public var signal: SignalWeight = .styrning

    public var family: String { String(id.prefix { $0.isLetter }) }

    /// Every variant the rule's check functions can emit under any options.
    public var emittedVariants: Set<String> {
        Set(checks.flatMap { CheckFunctions.byName[$0.function]?.emits?.compactMap(\.variant) ?? [] })
    }

    public func message(variant: String?, language: Language) -> String {
        (variant.flatMap { variants[$0] } ?? message).text(language)
    }

    public func accepts(_ document: Document) -> Bool {
        for (key, values) in filter {
            let actual = document.string(key) ?? ""
            if !values.contains(actual) { return false }
        }
        return true
    }
}

/// Renders `{name}` placeholders; unknown names are left visible so a rule author sees them.
enum MessageTemplate {
    static func render(_ template: String, _ arguments: [String: String]) -> String {
        // The text between placeholders is copied whole: every finding's message is
        // rendered, and appending scalar by scalar cost more than the check.
        let bytes = Array(template.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var copied = 0
        scan(bytes) { name, braces in
            guard let value = arguments[name] else { return }
            output += bytes[copied..<braces.lowerBound]
            output += value.utf8
            copied = braces.upperBound + 1
        }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
    }

    /// The names `render` fills, in order: what the rule loader holds against the names a
    /// check function provides.
    static func placeholders(_ template: String) -> [String] {
        var names: [String] = []
        scan(Array(template.utf8)) { name, _ in names.append(name) }
        return names
    }

    /// Each `{name}` in a template with the positions of its braces, over UTF-8 bytes (the
    /// braces are ASCII). One reading for rendering and for the load check, so a message
    /// never shows a placeholder the check did not see.
    private static func scan(_ bytes: [UInt8], _ found: (_ name: String, _ braces: ClosedRange<Int>) -> Void) {
        var index = 0
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "{")),
              let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: "}")) {
            let name = String(decoding: bytes[(open + 1)..<close], as: UTF8.self)
            if !name.isEmpty, name.unicodeScalars.allSatisfy(isNameScalar) {
                found(name, open...close)
                index = close + 1
            } else {
                index = open + 1
            }
        }
    }
}
