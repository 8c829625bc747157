/// A goal text read as Swedish: words with their stems, numbers with their values,
/// punctuation, which words stand in a relative clause, and the quantities the text
/// states (see `QuantityReader`). Every rule that reads goal text reads this, computed
/// once per distinct text and thread.
public struct GoalText: Sendable {
    public struct Token: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case word, number, punctuation

            var isWord: Bool { self == .word }
        }
        public var kind: Kind
        /// Lower-case for words; as written for numbers (`2 050`) and punctuation.
        public var text: String
        /// A number's value; nil for a word, punctuation, or a number too long to be one.
        public var value: Double?
        /// A number written with a thousands separator (never a year) or a decimal comma.
        public var grouped = false
        /// Inside a relative clause ("de åtgärder *som tas fram* ska ..."): not the goal's predicate.
        public var subordinate = false
        /// A number written with a decimal point ("5.5", "1.2"): a decimal, or a label first in a text.
        public var dotted = false
    }

    public let tokens: [Token]
    public let quantities: [Quantity]

    /// Texts are read whole up to here (more than any file styrlint accepts holds); the
    /// reading is linear whatever arrives.
    public static let maxScalars = 8_000_000

    /// Each token's text and each word's Snowball stem as dictionary keys with their hash
    /// taken once: every word-list rule looks every token up in its patterns, and hashing
    /// Swedish words (normalized first, as Swift hashes non-ASCII text) cost more than the
    /// matching.
    let wordKeys: [WordKey]
    let stemKeys: [WordKey?]
    /// A word ending in -s without it, and its stem: a genitive ("elevers", "skollagens")
    /// is looked up as its word when the word itself matches nothing.
    let genitiveKeys: [(word: WordKey, stem: WordKey)?]

    public init(_ text: String) {
        var tokens = GoalText.tokenize(text)
        GoalText.markRelativeClauses(&tokens)
        self.tokens = tokens
        self.quantities = QuantityReader.read(tokens)
        wordKeys = tokens.map { WordKey($0.text) }
        stemKeys = tokens.map { $0.kind == .word ? WordKey(SwedishStemmer.current.stem($0.text)) : nil }
        genitiveKeys = tokens.map { token in
            guard token.kind == .word, token.text.count > 4, token.text.hasSuffix("s") else { return nil }
            let bare = String(token.text.dropLast())
            return (WordKey(bare), WordKey(SwedishStemmer.current.stem(bare)))
        }
    }

    /// From the per-thread cache: rules reading the same text share one analysis.
    public static func of(_ text: String) -> GoalText {
        let cache = TokenCache.shared
        if let known = cache.goalText(text) { return known }
        let analysed = GoalText(text)
        cache.store(text, analysed)
        return analysed
    }

    /// The words, lower-case, in order (numbers as written, punctuation left out).
    public var words: [String] { tokens.filter { $0.kind != .punctuation }.map(\.text) }

    /// The quantities that say how much: what makes a goal's level.
    public var levels: [Quantity] { quantities.filter(\.isLevel) }

    // MARK: - Tokens

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value)
        }
        return scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
            || scalar.properties.generalCategory == .spacingMark
    }

    /// Invisible characters pasted from Word or the web: read as if absent.
    static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: true
        default: false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { (0x30...0x39).contains(scalar.value) }

    /// Thousands separators Swedish texts use between digit groups.
    static func isGroupSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2009}"
    }

    static func tokenize(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars.prefix(maxScalars))
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if isIgnorable(scalar) || (scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace) {
                index += 1
            } else if isDigit(scalar) {
                index = readNumber(scalars, from: index, into: &tokens)
            } else if isWordScalar(scalar) {
                var word = String.UnicodeScalarView()
                var ascii = true
                while index < scalars.count, isWordScalar(scalars[index]) || isIgnorable(scalars[index]) {
                    let current = scalars[index]
                    if current.isASCII {
                        // A–Z to a–z without the Unicode tables: most letters of a Swedish text.
                        word.append((0x41...0x5A).contains(current.value) ? Unicode.Scalar(UInt8(current.value) + 0x20) : current)
                    } else if !isIgnorable(current) {
                        ascii = false
                        word.append(contentsOf: current.properties.lowercaseMapping.unicodeScalars)
                    }
                    index += 1
                }
                // Combining marks pasted from other systems: å as a + ring reads as å.
                let lower = String(word)
                tokens.append(Token(kind: .word, text: !ascii && lower.unicodeScalars.contains { $0.properties.generalCategory == .nonspacingMark }
                                        ? lower.precomposedStringWithCanonicalMapping : lower))
            } else {
                switch scalar {
                case "%", ",", ".", ":", ";", "/", "–", "—", "-", "−", "(", ")", "?", "!", "+", "=", "<", ">", "≥", "≤":
                    tokens.append(Token(kind: .punctuation, text: scalar == "—" || scalar == "−" ? "–" : String(scalar)))
                default:
                    break
                }
                index += 1
            }
        }
        return tokens
    }

    /// Digits with Swedish separators: `2 000`, `2 000`, `2.000` (thousands), `12,5`.
    static func readNumber(_ scalars: [Unicode.Scalar], from start: Int, into tokens: inout [Token]) -> Int {
        var index = start
        var digits = ""
        var written = ""
        var grouped = false
        func run() -> String {
            var part = ""
            while index < scalars.count, isDigit(scalars[index]) {
                part.unicodeScalars.append(scalars[index])
                index += 1
            }
            return part
        }
        let first = run()
        digits = first
        written = first
        // Groups of exactly three digits after a space or a dot, when the first group has
        // one to three digits: "2 050" but never "2025 100" or "1.2".
        if first.count <= 3 {
            while index + 3 < scalars.count {
                guard isGroupSpace(scalars[index]) || scalars[index] == "." else { break }
                let groupStart = index + 1
                var end = groupStart
                while end < scalars.count, isDigit(scalars[end]) { end += 1 }
                guard end - groupStart == 3 else { break }
                let group = String(String.UnicodeScalarView(scalars[groupStart..<end]))
                written += String(scalars[index]) + group
                digits += group
                grouped = true
                index = end
            }
        }
        var decimals = ""
        var dotted = false
        if index + 1 < scalars.count, scalars[index] == ",", isDigit(scalars[index + 1]) {
            index += 1
            decimals = run()
            written += "," + decimals
            grouped = true
        } else if !grouped, index + 1 < scalars.count, scalars[index] == ".", isDigit(scalars[index + 1]) {
            // "5.5 procent" (a decimal point, as Excel exports it); three digits after a
            // dot were taken as a thousands group above.
            var end = index + 1
            while end < scalars.count, isDigit(scalars[end]) { end += 1 }
            if end - index - 1 != 3 || first.count > 3 {
                index += 1
                decimals = run()
                written += "." + decimals
                dotted = true
            }
        }
        // Long numbers keep a (rounded or infinite) value, so they still count as stated;
        // the text quotes at most their first digits.
        let value = Double(decimals.isEmpty ? digits : digits + "." + decimals)
        if written.count > 24 { written = String(written.prefix(20)) + "…" }
        tokens.append(Token(kind: .number, text: written, value: value, grouped: grouped, dotted: dotted))
        return index
    }

    /// Relative clauses open at "som" and close at a clause boundary or where the main
    /// clause's modal verb resumes ("de åtgärder som tas fram *ska* vara genomförda").
    static func markRelativeClauses(_ tokens: inout [Token]) {
        var inside = false
        for index in tokens.indices {
            let token = tokens[index]
            if token.kind == .punctuation, [",", ".", ";", ":", "?", "!", "("].contains(token.text) {
                inside = false
                continue
            }
            if token.kind == .word {
                if inside, mainClauseVerbs.contains(token.text) {
                    inside = false
                    continue
                }
                if inside, token.text == "samt" {
                    inside = false
                    continue
                }
                if relativeOpeners.contains(token.text) {
                    inside = true
                    continue
                }
            }
            tokens[index].subordinate = inside
        }
    }

    static let mainClauseVerbs: Set<String> = ["ska", "skall", "bör", "måste", "kommer"]
    static let relativeOpeners: Set<String> = ["som", "vilket", "vilka", "vilken", "vars", "där"]
}

/// A word with its hash computed once, for the word patterns' tries.
struct WordKey: Hashable, Sendable {
    let text: String
    private let hash: Int

    init(_ text: String) {
        self.text = text
        var hasher = Hasher()
        hasher.combine(text)
        hash = hasher.finalize()
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    static func == (lhs: WordKey, rhs: WordKey) -> Bool { lhs.hash == rhs.hash && lhs.text == rhs.text }
}
