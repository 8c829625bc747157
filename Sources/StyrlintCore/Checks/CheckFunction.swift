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
    public let run: @Sendable (Element, CheckContext) -> [Hit]

    public init(_ name: String, _ summary: String, parameters: [ParameterSpec] = [], runsAfterOtherRules: Bool = false,
                run: @escaping @Sendable (Element, CheckContext) -> [Hit]) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.runsAfterOtherRules = runsAfterOtherRules
        self.run = run
    }

    /// Options that hold word lists: their entries must be words, not patterns.
    static let wordListOptions: Set<String> = ["words", "verbs", "joiners"]

    /// A problem with the options, or nil when they fit the parameters.
    public func validate(_ options: [String: OptionValue]) -> String? {
        for name in Self.wordListOptions.sorted() {
            for entry in options[name]?.strings ?? [] {
                let stray = entry.unicodeScalars.filter { "()[]{}+?|^$\\".unicodeScalars.contains($0) }
                if !stray.isEmpty {
                    return "option '\(name)': \"\(entry)\" has characters that never match a word (\(String(String.UnicodeScalarView(stray)))); word lists match whole words (a trailing * matches a prefix), they are not regular expressions"
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
enum Words {
    /// Tokenises on Unicode scalars, with an ASCII fast path: grapheme-level iteration
    /// is the slow part of scanning every goal text for several word lists.
    static func tokens(_ text: String) -> [String] {
        if let cached = TokenCache.shared.tokens(text) { return cached }
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { tokens.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                    current.append(scalar)
                } else if (0x41...0x5A).contains(value) {
                    current.append(Unicode.Scalar(value + 0x20)!)
                } else {
                    flush()
                    if value == 0x25 || value == 0x2C { tokens.append(String(scalar)) }
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar.properties.generalCategory == .nonspacingMark {
                current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                flush()
            }
        }
        flush()
        TokenCache.shared.store(text, tokens)
        return tokens
    }

    /// A word list entry, parsed once.
    struct Pattern: Sendable {
        let text: String
        let isPrefix: Bool

        init(_ entry: String) {
            isPrefix = entry.hasSuffix("*")
            text = isPrefix ? String(entry.dropLast()) : entry
        }

        func matches(_ token: String) -> Bool {
            isPrefix ? token.hasPrefix(text) : token == text
        }
    }

    /// Entries split into words exactly as texts are, so "e-tjänst" matches "e-tjänst";
    /// a trailing `*` makes the last word a prefix.
    static func patterns(_ entries: [String]) -> [[Pattern]] {
        entries.map { entry in
            entry.split(whereSeparator: \.isWhitespace).flatMap { part -> [Pattern] in
                let isPrefix = part.hasSuffix("*")
                let words = tokens(String(isPrefix ? part.dropLast() : part))
                return words.enumerated().map { index, word in Pattern(index == words.count - 1 && isPrefix ? word + "*" : word) }
            }
        }
    }

    /// The words of the text that match an entry (a word or a phrase of words), in text
    /// order; a match inside a longer match ("tas fram" in "ska tas fram") is left out.
    static func find(_ phrases: [[Pattern]], in tokens: [String]) -> [String] {
        var spans: [Range<Int>] = []
        for words in phrases {
            guard !words.isEmpty, words.count <= tokens.count else { continue }
            for start in 0...(tokens.count - words.count) where words.indices.allSatisfy({ words[$0].matches(tokens[start + $0]) }) {
                spans.append(start..<(start + words.count))
            }
        }
        guard !spans.isEmpty else { return [] }
        let kept = spans.filter { span in !spans.contains { $0 != span && $0.contains(span.lowerBound) && $0.upperBound >= span.upperBound && $0.count > span.count } }
        var seen = Set<String>()
        return kept.sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
            .map { tokens[$0].joined(separator: " ") }
            .filter { seen.insert($0).inserted }
    }

    /// Numbers written in a text: `60`, `84,2`, `1 200`.
    static func numbers(_ text: String) -> [Double] {
        var numbers: [Double] = []
        var current = ""
        func flush() {
            let normalised = current.replacingOccurrences(of: ",", with: ".")
            if let value = Double(normalised.trimmingCharacters(in: CharacterSet(charactersIn: "."))) { numbers.append(value) }
            current = ""
        }
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character.isNumber && character.isASCII {
                current.append(character)
            } else if (character == "," || character == "."), !current.isEmpty,
                      index + 1 < characters.count, characters[index + 1].isNumber {
                current.append(",")
            } else if character == " " || character == "\u{00A0}", !current.isEmpty,
                      index + 3 < characters.count, characters[index + 1...index + 3].allSatisfy(\.isNumber),
                      index + 4 >= characters.count || !characters[index + 4].isNumber {
                continue
            } else if !current.isEmpty {
                flush()
            }
        }
        if !current.isEmpty { flush() }
        return numbers
    }
}

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

    private var texts: [String: [String]] = [:]
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

    func tokens(_ text: String) -> [String]? {
        texts[text]
    }

    func store(_ text: String, _ tokens: [String]) {
        if texts.count > 4096 { texts.removeAll(keepingCapacity: true) }
        texts[text] = tokens
    }
}
