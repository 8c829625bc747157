/// A parameter a check function accepts in `then.options` (and config `parametrar`). Its
/// kind says what the value means, so the loader validates it without knowing its name:
/// a path is checked against the format, a word list entry by entry.
public struct ParameterSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        case string, number, bool, strings, map
        /// A path into the element the rule's `given` selects (`a.b`, `a[].b`).
        case path
        /// A list of such paths.
        case paths
        /// A path into the items of the list another option names (`covers`: `field` in `list`).
        case itemPath(of: String)
        /// A path inside the mapping another option names (`year-span`: `from` in `field`).
        case keyPath(in: String)
        /// Words matched by stem (`öka` matches ökar, ökade), never patterns.
        case words
        /// `{path: [values]}`: only elements whose field has one of the values.
        case condition
        /// One of these values.
        case oneOf([String])

        /// A path or a list of paths into the element.
        var holdsPaths: Bool {
            switch self {
            case .path, .paths, .itemPath, .keyPath: true
            default: false
            }
        }

        public var name: String {
            switch self {
            case .string: "string"
            case .number: "number"
            case .bool: "bool"
            case .strings: "strings"
            case .map: "map"
            case .path: "path"
            case .paths: "paths"
            case .itemPath(let list): "path in the items of `\(list)`"
            case .keyPath(let mapping): "path inside `\(mapping)`"
            case .words: "words"
            case .condition: "condition"
            case .oneOf(let values): values.joined(separator: " | ")
            }
        }
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
        case .string, .path, .itemPath, .keyPath: return value.string != nil
        case .number: return value.number?.isFinite == true
        case .bool: return value.bool != nil
        case .strings, .paths, .words: return value.strings != nil
        case .map, .condition: return value.map != nil
        case .oneOf(let values): return value.string.map(values.contains) ?? false
        }
    }

    /// The option's paths, when it holds paths.
    func paths(in value: OptionValue) -> [String] {
        switch kind {
        case .path, .itemPath, .keyPath: return value.string.map { [$0] } ?? []
        case .paths: return value.strings ?? []
        case .condition: return value.map?.keys.sorted() ?? []
        default: return []
        }
    }
}

/// A message variant a check function can emit, and when: the contract a rule's
/// `message`/`messages` are checked against at load, so no finding ever falls back
/// silently to a message written for something else.
public struct Emission: Sendable {
    public enum Condition: Sendable {
        case always
        /// Only when the option is set (`max` for `tooMany`, `required` for `missing`).
        case option(String)
        /// Only when the option has one of these values (`target: higher-goal`).
        case optionValue(String, [String])
    }

    /// Nil is the rule's main `message`.
    public let variant: String?
    public let condition: Condition
    /// The placeholders the function fills for this variant, besides every element's own
    /// (`Emission.elementPlaceholders`).
    public let placeholders: Set<String>

    /// What every message may name: the element's id, document, file, goal, text and name.
    public static let elementPlaceholders: Set<String> = ["id", "document", "file", "goal", "text", "name"]

    public init(_ variant: String?, _ condition: Condition = .always, fills placeholders: [String] = []) {
        self.variant = variant
        self.condition = condition
        self.placeholders = Set(placeholders)
    }

    func possible(with options: [String: OptionValue]) -> Bool {
        switch condition {
        case .always: return true
        case .option(let name):
            guard let value = options[name] else { return false }
            return value.bool ?? true
        case .optionValue(let name, let values):
            return options[name]?.string.map(values.contains) ?? false
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
    /// Every message variant the function emits; nil only for `schema`, whose variants are
    /// the loader's own and are checked by running the DOK rules' examples.
    public let emits: [Emission]?
    /// The selectors (`given`) the function understands; nil for any. A rule that aims a
    /// function elsewhere would never fire, so it is refused at load.
    public let selectors: [ElementKind]?
    public let run: @Sendable (Element, CheckContext) -> [Hit]

    public init(_ name: String, _ summary: String, parameters: [ParameterSpec] = [], runsAfterOtherRules: Bool = false,
                fixes: [String: Set<Fix.Applicability>] = [:], emits: [Emission]? = [Emission(nil)], selectors: [ElementKind]? = nil,
                run: @escaping @Sendable (Element, CheckContext) -> [Hit]) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.runsAfterOtherRules = runsAfterOtherRules
        self.fixes = fixes
        self.emits = emits
        self.selectors = selectors
        self.run = run
    }

    /// What is wrong with a rule's messages for this function under `options`, or nil:
    /// a variant the function can emit with these options and the rule has no message for,
    /// or a message for a variant the function never emits.
    public func messageProblem(variants: Set<String>, options: [String: OptionValue], otherVariants: Set<String> = [])
        -> (sv: String, en: String)? {
        messageProblem(variants: Dictionary(uniqueKeysWithValues: variants.map { ($0, LocalizedText(sv: "", en: "")) }),
                       main: nil, options: options, otherVariants: otherVariants)
    }

    /// As above, and each message's `{placeholders}` must be ones the function fills for
    /// its variant (or every element's own), so no finding shows a `{name}` unfilled.
    public func messageProblem(variants: [String: LocalizedText], main: LocalizedText?, options: [String: OptionValue],
                               otherVariants: Set<String> = [], otherPlaceholders: [String?: Set<String>] = [:]) -> (sv: String, en: String)? {
        guard let emits else { return nil }
        for emission in emits {
            guard let text = emission.variant.map({ variants[$0] }) ?? main else { continue }
            let allowed = emission.placeholders.union(Emission.elementPlaceholders).union(otherPlaceholders[emission.variant] ?? [])
            for name in (MessageTemplate.placeholders(text.sv) + MessageTemplate.placeholders(text.en)) where !allowed.contains(name) {
                let key = emission.variant.map { "messages.\($0)" } ?? "message"
                let hint = Suggestion.closest(to: name, among: allowed.sorted())
                let list = allowed.sorted().map { "{\($0)}" }.joined(separator: ", ")
                return ("\(key): funktionen \(self.name) fyller aldrig i {\(name)}\(hint.map { " (menade du {\($0)}?)" } ?? ""); den fyller i: \(list)",
                        "\(key): the function \(self.name) never fills {\(name)}\(hint.map { " (did you mean {\($0)}?)" } ?? ""); it fills: \(list)")
            }
        }
        for emission in emits where emission.possible(with: options) {
            guard let variant = emission.variant, variants[variant] == nil else { continue }
            return ("funktionen \(name) kan ge varianten '\(variant)' med de här parametrarna, men regeln har inget meddelande för den; lägg till messages.\(variant) med sv och en",
                    "the function \(name) can emit the variant '\(variant)' with these options, but the rule has no message for it; add messages.\(variant) with sv and en")
        }
        let known = Set(emits.compactMap(\.variant))
        for variant in variants.keys.sorted() where !known.contains(variant) && !otherVariants.contains(variant) {
            let hint = Suggestion.closest(to: variant, among: known.sorted())
            let list = known.isEmpty ? "bara huvudmeddelandet" : known.sorted().joined(separator: ", ")
            let listEn = known.isEmpty ? "only the main message" : known.sorted().joined(separator: ", ")
            return ("messages.\(variant): funktionen \(name) ger aldrig den varianten\(hint.map { " (menade du '\($0)'?)" } ?? ""); den ger: \(list)",
                    "messages.\(variant): the function \(name) never emits that variant\(hint.map { " (did you mean '\($0)'?)" } ?? ""); it emits: \(listEn)")
        }
        return nil
    }

    /// The fixes a rule using this function can emit: the declared variants it has a
    /// message for.
    public func fixes(for rule: Rule) -> [(variant: String, applicability: Set<Fix.Applicability>)] {
        fixes.keys.sorted().filter { rule.variants[$0] != nil }.map { ($0, fixes[$0]!) }
    }

    /// The options that hold a path or a list of paths, split once per rule.
    public var pathOptions: Set<String> {
        Set(parameters.filter(\.kind.holdsPaths).map(\.name))
    }

    /// The options that hold word lists (kind `.words`).
    public var wordListOptions: Set<String> { Set(parameters.filter { $0.kind == .words }.map(\.name)) }

    /// Why a word-list entry can never match, or nil. Entries are words (letters or
    /// digits), phrases of words, an optional `*` ending the last word, and an optional
    /// `:verb` at the end; joiners may also be a punctuation mark such as ",".
    static func deadEntry(_ entry: String, joiners: Bool) -> (sv: String, en: String)? {
        var text = entry.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(":verb") { text = String(text.dropLast(5)).trimmingCharacters(in: .whitespaces) }
        if joiners, text.count == 1, text.unicodeScalars.allSatisfy({ $0.properties.isPunctuationLike }) { return nil }
        guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) else {
            return ("innehåller inget ord och kan aldrig träffa; skriv ett ord i grundform (öka, elev)",
                    "holds no word, so it can never match; write a word in its base form (öka, elev)")
        }
        if text.contains(":") {
            return ("har ett ':' som inte är ett avslutande ':verb' (den enda markören) och kan aldrig träffa",
                    "has a ':' other than a final ':verb' (the only marker), so it can never match")
        }
        for word in text.split(separator: " ") where word.dropFirst().dropLast().contains("*") || word.allSatisfy({ $0 == "*" })
            || (word.hasPrefix("*") && word.hasSuffix("*")) {
            return ("har en '*' som varken står först eller sist i ett ord ('\(word)'); en stjärna sist gör ordet till ett prefix (lag*), en stjärna först till ett ordslut (*lagen)",
                    "has a '*' neither at the start nor at the end of a word ('\(word)'); a star at the end makes the word a prefix (lag*), at the start an ending (*lagen)")
        }
        return nil
    }

    /// A problem with the options, or nil when they fit the parameters.
    public func validate(_ options: [String: OptionValue]) -> (sv: String, en: String)? {
        for name in wordListOptions.sorted() {
            guard let value = options[name] else { continue }
            guard let entries = value.strings else {
                return ("parametern '\(name)': ska vara en lista med ord, till exempel [öka, förbättra, verka för]",
                        "option '\(name)': must be a list of words, e.g. [öka, förbättra, verka för]")
            }
            for entry in entries {
                let stray = entry.unicodeScalars.filter { "()[]{}+?|^$\\".unicodeScalars.contains($0) }
                if !stray.isEmpty {
                    let characters = String(String.UnicodeScalarView(stray))
                    return ("parametern '\(name)': \"\(entry)\" har tecken som aldrig träffar ett ord (\(characters)); ordlistor träffar hela ord (en avslutande * träffar ett prefix), de är inga reguljära uttryck",
                            "option '\(name)': \"\(entry)\" has characters that never match a word (\(characters)); word lists match whole words (a trailing * matches a prefix), they are not regular expressions")
                }
                if let problem = Self.deadEntry(entry, joiners: name == "joiners") {
                    return ("parametern '\(name)': \"\(entry)\" \(problem.sv)", "option '\(name)': \"\(entry)\" \(problem.en)")
                }
            }
        }
        for name in options.keys.sorted() {
            guard let parameter = parameters.first(where: { $0.name == name }) else {
                if name == "when" || name == "when_present" {
                    return ("'\(name)' står nu i regeln, bredvid 'where', och gäller alla kontrollfunktioner; flytta upp den dit",
                            "'\(name)' is now a key of the rule, next to 'where', for every check function; move it up there")
                }
                let suggestion = Suggestion.closest(to: name, among: parameters.map(\.name))
                let known = parameters.map(\.name).joined(separator: ", ")
                return ("okänd parameter '\(name)'\(suggestion.map { " (menade du '\($0)'?)" } ?? ""); kända: \(known)",
                        "unknown option '\(name)'\(suggestion.map { " (did you mean '\($0)'?)" } ?? ""); known: \(known)")
            }
            if !parameter.accepts(options[name]!) {
                let kind: (String, String)
                switch parameter.kind {
                case .string: kind = ("en text", "a string")
                case .path, .itemPath, .keyPath: kind = ("en sökväg som text, till exempel indikatorer[].målvärde", "a path as text, e.g. indikatorer[].målvärde")
                case .number: kind = ("ett ändligt tal", "a finite number")
                case .bool: kind = ("true eller false", "true or false")
                case .strings: kind = ("en lista med texter", "a list of strings")
                case .paths: kind = ("en lista med sökvägar", "a list of paths")
                case .words: kind = ("en lista med ord", "a list of words")
                case .map: kind = ("en mappning", "a mapping")
                case .condition: kind = ("en mappning från sökväg till godtagna värden", "a mapping from a path to accepted values")
                case .oneOf(let values): kind = ("ett av: \(values.joined(separator: ", "))", "one of: \(values.joined(separator: ", "))")
                }
                return ("parametern '\(name)' ska vara \(kind.0)", "option '\(name)' must be \(kind.1)")
            }
        }
        for parameter in parameters where parameter.required && options[parameter.name] == nil {
            return ("parametern '\(parameter.name)' saknas", "missing option '\(parameter.name)'")
        }
        return nil
    }
}

/// The registry: one place that lists every built-in function.
public enum CheckFunctions {
    public static let all: [CheckFunction] = (GenericChecks.all + RedThreadChecks.all + GoalChecks.all
        + PlanChecks.all + InternalControlChecks.all + ReportChecks.all + SuppressionChecks.all + KoladaChecks.all).sorted { $0.name < $1.name }

    public static let byName: [String: CheckFunction] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}

/// Field paths in options: `a.b` walks mappings, `a[].b` walks every item of a list.
/// A field path split once, when a rule's options are prepared: checks follow the same
/// one or two paths in every element they visit.
public struct CompiledPath: Sendable {
    public let text: String
    let segments: [(key: YAMLKey, spread: Bool)]

    public init(_ text: String) {
        self.text = text
        segments = text.split(separator: ".").map { segment in
            segment.hasSuffix("[]") ? (YAMLKey(String(segment.dropLast(2))), true) : (YAMLKey(String(segment)), false)
        }
    }
}

enum FieldPath {
    static func values(_ path: String, in node: YAMLNode?) -> [YAMLNode] {
        guard node != nil else { return [] }
        return values(segments: TokenCache.shared.segments(path), in: node)
    }

    static func values(_ path: CompiledPath, in node: YAMLNode?) -> [YAMLNode] {
        values(segments: path.segments, in: node)
    }

    static func isPresent(_ path: CompiledPath, in node: YAMLNode?) -> Bool {
        present(values(path, in: node))
    }

    static func strings(_ path: CompiledPath, in node: YAMLNode?) -> [String] {
        scalars(values(path, in: node))
    }

    private static func values(segments: [(key: YAMLKey, spread: Bool)], in node: YAMLNode?) -> [YAMLNode] {
        guard let node else { return [] }
        // Most paths are one key: no arrays of intermediate nodes.
        if segments.count == 1, !segments[0].spread {
            guard let value = node[segments[0].key], !value.isNull else { return [] }
            return [value]
        }
        var current = [node]
        for (key, spread) in segments {
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
        present(values(path, in: node))
    }

    private static func present(_ values: [YAMLNode]) -> Bool {
        values.contains { value in
            if let text = value.scalar { return !value.isNull && !text.isBlank }
            return value.isMapping ? !value.entries.isEmpty : !value.items.isEmpty
        }
    }

    /// The scalar values as strings (list items flattened).
    static func strings(_ path: String, in node: YAMLNode?) -> [String] {
        scalars(values(path, in: node))
    }

    private static func scalars(_ values: [YAMLNode]) -> [String] {
        values.flatMap { value in
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
    private var paths: [String: [(key: YAMLKey, spread: Bool)]] = [:]

    /// `a[].b` as [("a", true), ("b", false)].
    /// The last few paths asked for: a rule asks for the same one or two paths for every
    /// element it visits, and comparing a short path beats hashing it.
    private var recentPaths: [(path: String, segments: [(key: YAMLKey, spread: Bool)])] = []

    func segments(_ path: String) -> [(key: YAMLKey, spread: Bool)] {
        for recent in recentPaths where recent.path == path { return recent.segments }
        let found = splitPath(path)
        if recentPaths.count == 4 { recentPaths.removeFirst() }
        recentPaths.append((path, found))
        return found
    }

    private func splitPath(_ path: String) -> [(key: YAMLKey, spread: Bool)] {
        if let known = paths[path] { return known }
        let split = path.split(separator: ".").map { segment in
            segment.hasSuffix("[]") ? (YAMLKey(String(segment.dropLast(2))), true) : (YAMLKey(String(segment)), false)
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
