/// A parameter a check function accepts in `then.options` (and config `parametrar`).
public struct ParameterSpec: Sendable {
    public enum Kind: String, Sendable {
        case string, number, bool, strings, map
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    public let summary: String

    public init(_ name: String, _ kind: Kind, required: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.summary = summary
    }

    func accepts(_ value: OptionValue) -> Bool {
        switch kind {
        case .string: return value.string != nil
        case .number: return value.number?.isFinite == true
        case .bool: return value.bool != nil
        case .strings: return value.strings != nil
        case .map: return value.map != nil
        }
    }
}

/// A built-in check: rules name it in `then.function` and tune it with options.
public struct CheckFunction: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [ParameterSpec]
    /// Judges the other rules' findings (unused suppressions), so it runs after them.
    public let runsAfterOtherRules: Bool
    /// The message variants whose hits carry a `Fix`, and how safe it can be: the
    /// contract `--fix`, `styrlint rules` and the tests read.
    public let fixes: [String: Set<Fix.Applicability>]
    public let run: @Sendable (Element, CheckContext) -> [Hit]

    public init(_ name: String, _ summary: String, parameters: [ParameterSpec] = [], runsAfterOtherRules: Bool = false,
                fixes: [String: Set<Fix.Applicability>] = [:],
                run: @escaping @Sendable (Element, CheckContext) -> [Hit]) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.runsAfterOtherRules = runsAfterOtherRules
        self.fixes = fixes
        self.run = run
    }

    /// The fixes a rule using this function can emit: the declared variants it has a
    /// message for.
    public func fixes(for rule: Rule) -> [(variant: String, applicability: Set<Fix.Applicability>)] {
        fixes.keys.sorted().filter { rule.variants[$0] != nil }.map { ($0, fixes[$0]!) }
    }

    /// Options that hold word lists: their entries must be words, not patterns.
    static let wordListOptions: Set<String> = ["words", "verbs", "joiners"]

    /// Why a word-list entry can never match, or nil. Entries are words (letters or
    /// digits), phrases of words, an optional `*` ending the last word, and an optional
    /// `:verb` at the end; joiners may also be a punctuation mark such as ",".
    static func deadEntry(_ entry: String, joiners: Bool) -> String? {
        var text = entry.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(":verb") { text = String(text.dropLast(5)).trimmingCharacters(in: .whitespaces) }
        if joiners, text.count == 1, text.unicodeScalars.allSatisfy({ $0.properties.isPunctuationLike }) { return nil }
        guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else {
            return "holds no word, so it can never match; write a word in its base form (öka, elev)"
        }
        if text.contains(":") {
            return "has a ':' other than a final ':verb' (the only marker), so it can never match"
        }
        for word in text.split(separator: " ") where word.dropLast().contains("*") || word == "*" {
            return "has a '*' that is not at the end of a word ('\(word)'); a star only makes the end of a word a prefix"
        }
        return nil
    }

    /// A problem with the options, or nil when they fit the parameters.
    public func validate(_ options: [String: OptionValue]) -> String? {
        for name in Self.wordListOptions.sorted() {
            guard let value = options[name] else { continue }
            guard let entries = value.strings else {
                return "option '\(name)': must be a list of words, e.g. [öka, förbättra, verka för]"
            }
            for entry in entries {
                let stray = entry.unicodeScalars.filter { "()[]{}+?|^$\\".unicodeScalars.contains($0) }
                if !stray.isEmpty {
                    return "option '\(name)': \"\(entry)\" has characters that never match a word (\(String(String.UnicodeScalarView(stray)))); word lists match whole words (a trailing * matches a prefix), they are not regular expressions"
                }
                if let problem = Self.deadEntry(entry, joiners: name == "joiners") {
                    return "option '\(name)': \"\(entry)\" \(problem)"
                }
            }
        }
        for name in options.keys.sorted() {
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                let hint = Suggestion.closest(to: name, among: parameters.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                return "unknown option '\(name)'\(hint); known: \(parameters.map(\.name).joined(separator: ", "))"
            }
            if !parameter.accepts(options[name]!) {
                return "option '\(name)' must be \(parameter.kind == .number ? "a finite number" : parameter.kind.rawValue)"
            }
        }
        for parameter in parameters where parameter.required && options[parameter.name] == nil {
            return "missing option '\(parameter.name)'"
        }
        return nil
    }
}

/// The registry: one place that lists every built-in function.
public enum CheckFunctions {
    public static let all: [CheckFunction] = (GenericChecks.all + RedThreadChecks.all + GoalChecks.all
        + PlanChecks.all + InternalControlChecks.all + ReportChecks.all + SuppressionChecks.all).sorted { $0.name < $1.name }

    public static let byName: [String: CheckFunction] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}

/// Field paths in options: `a.b` walks mappings, `a[].b` walks every item of a list.
enum FieldPath {
    static func values(_ path: String, in node: YAMLNode?) -> [YAMLNode] {
        guard let node else { return [] }
        var current = [node]
        for (key, spread) in TokenCache.shared.segments(path) {
            var next: [YAMLNode] = []
            for item in current {
                guard let value = item[key], !value.isNull else { continue }
                if spread { next += value.items.filter { !$0.isNull } } else { next.append(value) }
            }
            current = next
        }
        return current
    }

    /// Present: at least one value that is not empty text.
    static func isPresent(_ path: String, in node: YAMLNode?) -> Bool {
        values(path, in: node).contains { value in
            if let text = value.scalar { return !value.isNull && !text.isBlank }
            return value.isMapping ? !value.entries.isEmpty : !value.items.isEmpty
        }
    }

    /// The scalar values as strings (list items flattened).
    static func strings(_ path: String, in node: YAMLNode?) -> [String] {
        values(path, in: node).flatMap { value in
            value.isSequence ? value.items.compactMap(\.scalar) : (value.scalar.map { [$0] } ?? [])
        }
    }

    /// The key node to point at for `path`, if its first segment exists.
    static func keyNode(_ path: String, in node: YAMLNode?) -> YAMLNode? {
        guard let first = path.split(separator: ".").first else { return nil }
        let key = first.hasSuffix("[]") ? String(first.dropLast(2)) : String(first)
        return node?.keyNode(key)
    }
}

/// Words of a Swedish text, lowercased; digits stay inside their word.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Several rules scan the same goal text: keep the tokens of recent texts and the split
/// form of field paths. One cache per thread, so
/// workers never wait on each other; each is bounded.
final class TokenCache {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<TokenCache>.fromOpaque(pointer).release() }
        }
        return key
    }()

    static var shared: TokenCache {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<TokenCache>.fromOpaque(pointer).takeUnretainedValue()
        }
        let cache = TokenCache()
        pthread_setspecific(key, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }

    private var texts: [String: GoalText] = [:]
    private var paths: [String: [(key: String, spread: Bool)]] = [:]

    /// `a[].b` as [("a", true), ("b", false)].
    func segments(_ path: String) -> [(key: String, spread: Bool)] {
        if let known = paths[path] { return known }
        let split = path.split(separator: ".").map { segment in
            segment.hasSuffix("[]") ? (String(segment.dropLast(2)), true) : (String(segment), false)
        }
        if paths.count > 1024 { paths.removeAll() }
        paths[path] = split
        return split
    }

    func goalText(_ text: String) -> GoalText? {
        texts[text]
    }

    func store(_ text: String, _ analysed: GoalText) {
        // Analyses are larger than plain token lists: keep fewer, enough for the rules of
        // one document to share them.
        if texts.count > 512 { texts.removeAll(keepingCapacity: false) }
        texts[text] = analysed
    }
}

extension Unicode.Scalar.Properties {
    /// Punctuation a joiner list may name (",", ";", "–").
    var isPunctuationLike: Bool {
        switch generalCategory {
        case .otherPunctuation, .dashPunctuation, .connectorPunctuation: true
        default: false
        }
    }
}
