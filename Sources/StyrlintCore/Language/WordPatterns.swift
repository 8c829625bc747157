import Foundation

/// A word list compiled for matching goal texts by stem.
///
/// Entries are written in plain Swedish base forms (`öka`, `förbättra`, `elev`,
/// `verka för`). A word matches every inflection: the text's word and the entry have the
/// same Snowball stem, or the word is one of the entry's verb forms (Snowball leaves
/// short verbs such as "öka"/"ökar" and participles such as "ökad" apart). A noun built
/// on the word does not match ("utvecklingssamtal" is not "utveckla"). A trailing `*`
/// still makes a prefix. `:verb` after an entry accepts it only in a verb reading, not
/// after "sig", "vara", "bli" or as the second of two adjectives ("trygga och säkra").
/// Phrases match as sequences. Candidates are found by a table lookup per word, so
/// matching is linear in the text whatever the list's length.
public struct WordPatterns: Sendable {
    struct Word: Sendable {
        let text: String
        let stem: String
        let forms: Set<String>
        let isPrefix: Bool
        /// `*lagen`: any word ending so, a compound's last part or the word itself.
        var isSuffix = false
        let isNumberOrMark: Bool
        /// Agent nouns in -are (besökare, brukare): Snowball strips -are and would
        /// conflate them with their base ("besök", "bruk"), so only their forms match. So
        /// do words of three letters or fewer, whose stems other words share ("farligt" has
        /// the stem of "far").
        var formsOnly: Bool { !isNumberOrMark && (text.hasSuffix("are") && text.count > 5 || text.count <= 3) }
        /// The infinitive's root, for telling a participle (genomförd, ökad) from a verb.
        var verbRoot: String? { text.hasSuffix("a") && text.count >= 3 ? String(text.dropLast()) : nil }
    }

    struct Pattern: Sendable {
        let words: [Word]
        let verbOnly: Bool
    }

    let patterns: [Pattern]
    /// The patterns as a trie of words: a node's children by match key (a form, or
    /// `stem:` and a stem), and its prefix children tested one by one. Matching walks
    /// it from each word of the text, so the cost depends on the text and the longest
    /// phrase, never on the number of entries.
    struct Node: Sendable {
        var children: [WordKey: [Int]] = [:]
        /// By Snowball stem, apart from the word forms: looked up for every token, so
        /// without building a tagged key string each time.
        var stemChildren: [WordKey: [Int]] = [:]
        var prefixChildren: [(prefix: String, node: Int)] = []
        var suffixChildren: [(suffix: String, node: Int)] = []
        /// Patterns that end here.
        var terminal: [Int] = []
        var childByWord: [String: Int] = [:]
        /// The length of the entry word that leads here.
        var length = 0
    }
    private let nodes: [Node]
    /// The first words' stems as bytes, with their nodes, for compounds whose last part is
    /// inflected: compared byte by byte, as every long word of a text may ask.
    private let compoundStems: [(stem: [UInt8], children: [Int])]

    public init(_ entries: [String]) {
        var patterns: [Pattern] = []
        // Entries share words ("ske enligt *lagen", "ske i enlighet med lss"): each word's
        // stem and forms are worked out once.
        var known: [String: Word] = [:]
        for entry in entries {
            var text = entry.trimmingCharacters(in: .whitespaces)
            var verbOnly = false
            if text.hasSuffix(":verb") {
                verbOnly = true
                text = String(text.dropLast(5)).trimmingCharacters(in: .whitespaces)
            }
            var words: [Word] = []
            for part in text.split(whereSeparator: \.isWhitespace) {
                let isPrefix = part.hasSuffix("*")
                let isSuffix = part.hasPrefix("*") && !isPrefix
                let tokens = GoalText.tokenize(String(isPrefix ? part.dropLast() : isSuffix ? part.dropFirst() : part))
                for (index, token) in tokens.enumerated() {
                    let prefix = isPrefix && index == tokens.count - 1
                    let suffix = isSuffix && index == 0 && token.kind == .word
                    let isWord = token.kind == .word
                    let identity = (prefix ? "*" : suffix ? "~" : isWord ? "" : "#") + token.text
                    if let word = known[identity] {
                        words.append(word)
                        continue
                    }
                    var word = Word(text: token.text, stem: isWord ? SwedishStemmer.current.stem(token.text) : token.text,
                                    forms: isWord && !prefix && !suffix ? Self.forms(of: token.text) : [token.text],
                                    isPrefix: prefix, isNumberOrMark: !isWord)
                    word.isSuffix = suffix
                    known[identity] = word
                    words.append(word)
                }
            }
            if !words.isEmpty { patterns.append(Pattern(words: words, verbOnly: verbOnly)) }
        }
        var nodes = [Node()]
        for (index, pattern) in patterns.enumerated() {
            var current = 0
            for word in pattern.words {
                let identity = (word.isPrefix ? "*" : word.isSuffix ? "~" : word.isNumberOrMark ? "#" : "") + word.text
                if let existing = nodes[current].childByWord[identity] {
                    current = existing
                    continue
                }
                let child = nodes.count
                nodes.append(Node(length: word.text.count))
                nodes[current].childByWord[identity] = child
                if word.isPrefix {
                    nodes[current].prefixChildren.append((word.text, child))
                } else if word.isSuffix {
                    nodes[current].suffixChildren.append((word.text, child))
                } else {
                    let keys = word.isNumberOrMark ? [word.text] : Array(word.forms)
                    for key in keys { nodes[current].children[WordKey(key), default: []].append(child) }
                    if !word.isNumberOrMark, !word.formsOnly { nodes[current].stemChildren[WordKey(word.stem), default: []].append(child) }
                }
                current = child
            }
            nodes[current].terminal.append(index)
        }
        self.patterns = patterns
        self.nodes = nodes
        compoundStems = nodes[0].stemChildren.filter { $0.key.text.count >= 4 }
            .map { (Array($0.key.text.utf8), $0.value.filter { nodes[$0].length >= 4 }) }
            .filter { !$0.1.isEmpty }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
    }

    /// The nodes a token leads to from `node`.
    private func step(_ node: Int, _ token: GoalText.Token, key: WordKey, stem: WordKey?, genitive: (word: WordKey, stem: WordKey)?) -> [Int] {
        var next = nodes[node].children[key] ?? []
        if let stem {
            // A stem match needs a word about as long as the entry's: Snowball takes
            // "samtliga" down to "samt", which must not make the conjunction "samt" match.
            if let stemmed = nodes[node].stemChildren[stem] {
                next += stemmed.filter { token.text.count + 2 >= nodes[$0].length }
            }
        }
        if token.kind == .word {
            for (prefix, child) in nodes[node].prefixChildren where token.text.hasPrefix(prefix) { next.append(child) }
            for (suffix, child) in nodes[node].suffixChildren where token.text.hasSuffix(suffix) { next.append(child) }
            // A genitive: "elevers", "ungdomars", "skollagens" are the word with -s.
            if next.isEmpty, let genitive {
                next += nodes[node].children[genitive.word] ?? []
                if let stemmed = nodes[node].stemChildren[genitive.stem] {
                    next += stemmed.filter { token.text.count + 1 >= nodes[$0].length }
                }
            }
        }
        return next
    }

    /// An adverb made from an adjective ("systematiskt", "målmedvetet", "aktivt", "ständigt").
    static func isAdverb(_ token: GoalText.Token) -> Bool {
        token.kind == .word && token.text.count >= 5 && ["t"].contains(where: token.text.hasSuffix)
            && ["iskt", "igt", "et", "vt", "kt", "lt", "nt", "rt", "st"].contains(where: token.text.hasSuffix)
    }

    /// Inflection endings a compound's last part may carry after its stem.
    static let compoundEndings: [[UInt8]] = ["", "a", "an", "ans", "ar", "arna", "arnas", "as", "e", "en", "ens", "er", "erna", "ernas",
                                             "et", "ets", "n", "na", "nas", "ns", "or", "orna", "ornas", "s", "t"].map { Array($0.utf8) }

    /// Entries (first words of four letters or more) whose stem ends a compound, followed by
    /// an inflection ending, after a first part of three bytes or more.
    private func compoundByStem(_ word: String) -> [Int] {
        guard !compoundStems.isEmpty else { return [] }
        var found: [Int] = []
        let bytes = Array(word.utf8)
        for ending in Self.compoundEndings where bytes.count > ending.count && bytes.suffix(ending.count).elementsEqual(ending) {
            let core = bytes.count - ending.count
            for (stem, children) in compoundStems where core - stem.count >= 3 {
                var matches = true
                var offset = 0
                while offset < stem.count {
                    if bytes[core - stem.count + offset] != stem[offset] { matches = false; break }
                    offset += 1
                }
                if matches { found += children }
            }
        }
        return found
    }

    public var isEmpty: Bool { patterns.isEmpty }

    /// One compiled list per distinct entry list for the whole process: every repository's
    /// engine carries the same rule options, and a trie with its forms per repository
    /// made memory grow with the number of repositories.
    public static func shared(_ entries: [String]) -> WordPatterns {
        Registry.lock.lock()
        defer { Registry.lock.unlock() }
        if let known = Registry.compiled[entries] { return known }
        let made = WordPatterns(entries)
        Registry.compiled[entries] = made
        return made
    }

    private enum Registry {
        static let lock = NSLock()
        nonisolated(unsafe) static var compiled: [[String]: WordPatterns] = [:]
    }

    /// How one entry is matched, for `styrlint explain`: "höja → stam höj; höjer, höjs, höjde, …".
    public static func explain(_ entry: String) -> String {
        guard let pattern = WordPatterns([entry]).patterns.first else { return "–" }
        let words = pattern.words.map { word -> String in
            if word.isNumberOrMark { return word.text }
            if word.isPrefix { return "\(word.text)* (prefix)" }
            if word.isSuffix { return "*\(word.text) (ordslut)" }
            let forms = word.forms.subtracting([word.text]).sorted()
            let stem = word.formsOnly ? "" : "stam \(word.stem)"
            let shown = forms.prefix(8).joined(separator: ", ") + (forms.count > 8 ? ", …" : "")
            // A short word matches only as written and its own forms.
            return [stem, shown].filter { !$0.isEmpty }.joined(separator: "; ").nonEmpty ?? word.text
        }
        return words.joined(separator: " + ") + (pattern.verbOnly ? " (bara som verb)" : "")
    }

    /// Inflections of a base form. A verb's infinitive ends in -a (öka, höja, stärka,
    /// förbättra): present, past, supine, participles and passives of both regular
    /// conjugations. Anything else is left to the stemmer.
    /// Strong verbs the activity and result lists use, with their forms.
    static let irregular: [String: [String]] = [
        "ta": ["tar", "tas", "tog", "togs", "tagit", "tagits", "tagen", "taget", "tagna"],
        "se": ["ser", "ses", "såg", "sågs", "sett", "setts", "sedd", "sett", "sedda"],
        "göra": ["gör", "görs", "gjorde", "gjordes", "gjort", "gjorts", "gjord", "gjorda"],
        "gå": ["går", "gick", "gått", "gås"],
        "nå": ["når", "nås", "nådde", "nåddes", "nått", "nåtts", "nådd", "nådda"],
        "uppnå": ["uppnår", "uppnås", "uppnådde", "uppnåddes", "uppnått", "uppnåtts", "uppnådd", "uppnådda"],
        "sänka": ["sänker", "sänks", "sänkte", "sänktes", "sänkt", "sänkts", "sänkta"],
        "stärka": ["stärker", "stärks", "stärkte", "stärktes", "stärkt", "stärkts", "stärkta"],
        "höja": ["höjer", "höjs", "höjde", "höjdes", "höjt", "höjts", "höjda"],
        "införa": ["inför", "införs", "införde", "infördes", "infört", "införts", "införd", "införda"],
        "genomföra": ["genomför", "genomförs", "genomförde", "genomfördes", "genomfört", "genomförts", "genomförd", "genomförda"],
        "kartlägga": ["kartlägger", "kartläggs", "kartlade", "kartlades", "kartlagt", "kartlagts", "kartlagd", "kartlagda"],
    ]

    static func forms(of word: String) -> Set<String> {
        var forms: Set<String> = [word]
        if let known = irregular[word] { forms.formUnion(known) }
        if word.hasSuffix("are"), word.count > 5 {
            // brukare, brukaren, brukarens, brukarna, brukarnas, brukares
            let root = String(word.dropLast())
            for form in [word + "n", word + "ns", word + "s", root + "na", root + "nas"] { forms.insert(form) }
            return forms
        }
        guard word.hasSuffix("a"), word.count >= 3 else {
            // "nå", "gå", "bo": a verb whose infinitive ends in another vowel takes -r, -s, -dde, -tt.
            if let last = word.last, "åeioyuö".contains(last), word.count >= 2, word.count <= 6 {
                for ending in ["r", "s", "dde", "ddes", "tt", "tts", "dd", "dda"] { forms.insert(word + ending) }
            }
            return forms
        }
        let root = String(word.dropLast())
        for ending in ["a", "ar", "as", "ade", "ades", "at", "ats", "ad", "ande", "er", "es", "s", "de", "des", "t", "ts", "d", "da", "te", "tes", "ta", "ts", "ts", "ats", "ades", "ande", "ende"] {
            forms.insert(root + ending)
        }
        // "bidra", "nå": verbs whose root ends in a vowel take -r, -dde, -tt.
        if let last = root.last, "aeiouyåäö".contains(last) {
            for ending in ["r", "dde", "tt", "dd", "dda", "s"] { forms.insert(word + ending) }
        }
        return forms
    }

    /// Words before which a verb-looking word is an adjective or a participle.
    static let adjectiveContext: Set<String> = ["sig", "är", "vara", "blir", "bli", "var", "varit", "blivit", "känner", "känna",
                                                "upplever", "uppleva", "känns", "kännas", "mer", "mest", "lika", "så", "mycket",
                                                "helt", "alltid", "fullt"]

    public struct Match: Sendable, Equatable {
        /// As the text has it: "förbättras", "verkar för".
        public let words: String
        public let range: Range<Int>
    }

    /// Every match in text order; a match inside a longer one is left out, and with
    /// `mainClauseOnly`, matches in a relative clause too.
    public func find(in text: GoalText, mainClauseOnly: Bool = false, compounds: Bool = false) -> [Match] {
        guard !patterns.isEmpty else { return [] }
        let tokens = text.tokens
        var matches: [Match] = []
        var verbAt = Set<Int>()
        var index = 0
        while index < tokens.count {
            var best: Range<Int>?
            var matchedVerbOnly = false
            var active = [0]
            var end = index
            while !active.isEmpty, end < tokens.count {
                let token = tokens[end]
                var next: [Int] = []
                for node in active { next += step(node, token, key: text.wordKeys[end], stem: text.stemKeys[end], genitive: text.genitiveKeys[end]) }
                // A compound whose last part is a listed word: "förskollärare" (lärare),
                // "gymnasieelever" (elever). Only the first word of an entry, and only a
                // last part of four letters or more after a first part of three or more.
                if compounds, end == index, token.kind == .word, token.text.count >= 7 {
                    let characters = Array(token.text)
                    for cut in 3...(characters.count - 4) {
                        next += (nodes[0].children[WordKey(String(characters[cut...]))] ?? []).filter { nodes[$0].length >= 4 }
                    }
                    // The last part inflected as the list does not spell it: "undersköterskor"
                    // (sköterska), "heltidsanställda" (anställd): the entry's stem and a
                    // short ending.
                    if next.isEmpty { next += compoundByStem(token.text) }
                }
                // Inside a phrase, an adverb in -t may stand between its words: "arbeta
                // målmedvetet för", "sträva ständigt efter". The phrase waits over it.
                if end > index, Self.isAdverb(token) {
                    next += active.filter { $0 != 0 && !(nodes[$0].children.isEmpty && nodes[$0].stemChildren.isEmpty && nodes[$0].prefixChildren.isEmpty) }
                }
                active = Array(Set(next))
                end += 1
                for node in active {
                    for pattern in nodes[node].terminal
                    where !patterns[pattern].verbOnly || isVerbReading(at: index, tokens, verbAt: verbAt, root: patterns[pattern].words[0].verbRoot) {
                        if best == nil || end - index > best!.count {
                            best = index..<end
                            matchedVerbOnly = patterns[pattern].verbOnly
                        }
                    }
                }
            }
            if let best, !(mainClauseOnly && isSubordinate(best.lowerBound, tokens, verbOnly: matchedVerbOnly)) {
                verbAt.insert(best.lowerBound)
                let written = tokens[best].map(\.text).joined(separator: " ").replacingOccurrences(of: " %", with: " %")
                matches.append(Match(words: written, range: best))
                index = best.upperBound
            } else {
                index += 1
            }
        }
        return matches
    }

    /// Whether a match stands in a relative clause. A relative clause has one verb of its
    /// own, right after its opener ("som når", "som tas fram") or after its subject ("som
    /// kommunen genomför"); a verb further on has left the clause and is the main clause's
    /// ("andelen som får plats inom tre månader höjs"). Other words stay in the clause to
    /// its end ("tjänster som invånarna kan använda").
    func isSubordinate(_ index: Int, _ tokens: [GoalText.Token], verbOnly: Bool) -> Bool {
        guard tokens[index].subordinate else { return false }
        guard verbOnly else { return true }
        var opener = index - 1
        while opener >= 0, !GoalText.relativeOpeners.contains(tokens[opener].text) || !tokens[opener].kind.isWord { opener -= 1 }
        return opener < 0 || index - opener <= 2
    }

    /// Modal verbs and infinitive marks before which a word is a verb.
    static let verbContext: Set<String> = ["ska", "skall", "att", "kan", "bör", "måste", "vill", "kunna", "kommer"]

    /// Endings after a verb's root that make a participle (genomförd, införda, upprättad,
    /// stärkt): an adjective or a state, not the goal's predicate, unless "har" makes it
    /// a perfect tense.
    static let participleEndings: Set<String> = ["d", "da", "dd", "dda", "ad", "ade", "at", "t", "ta", "tt", "de"]

    func isVerbReading(at index: Int, _ tokens: [GoalText.Token], verbAt: Set<Int>, root: String? = nil) -> Bool {
        let previous = index > 0 && tokens[index - 1].kind == .word ? tokens[index - 1].text : ""
        // "införandet", "genomförandet", "ökande": a noun or a present participle, never the predicate.
        let word = tokens[index].text
        if ["andet", "andena", "ande", "endet", "ende", "ning", "ningen", "ningar"].contains(where: { word.hasSuffix($0) }),
           !(root.map { word == $0 + "ande" && previous == "är" } ?? false) {
            return false
        }
        if let root, tokens[index].text.hasPrefix(root), Self.participleEndings.contains(String(tokens[index].text.dropFirst(root.count))),
           !["har", "hade", "ha", "har"].contains(previous) {
            return false
        }
        // "inför" is also a preposition: before a number or a definite noun ("inför 2026",
        // "inför gymnasievalet") it is one; "inför ett nytt system" is the verb.
        if word == "inför", index + 1 < tokens.count {
            let next = tokens[index + 1]
            if next.kind == .number { return false }
            if next.kind == .word, !["en", "ett", "nya", "ny", "nytt"].contains(next.text),
               ["et", "en", "na", "arna", "erna", "orna"].contains(where: { next.text.hasSuffix($0) && next.text.count > $0.count + 2 }) {
                return false
            }
        }
        guard index > 0, tokens[index - 1].kind == .word else { return true }
        if Self.adjectiveContext.contains(previous) { return false }
        // After "ha" or "få" a verb stands as a supine ("har säkrat"); any other form is an
        // adjective before a noun ("ska ha säkra och trygga skolvägar").
        if ["ha", "har", "hade", "få", "får", "fick"].contains(previous), !word.hasSuffix("t") { return false }
        if previous == "och" || previous == "eller" || previous == "samt" {
            // Coordination joins like with like. The first conjunct tells the reading:
            // an adjective after "vara", "sig", ... ("ska vara trygga och säkra") or an
            // adjective opening the text ("Trygga och säkra skolvägar") makes this one an
            // adjective; a verb or an object ("förbättra läsförmåga och minska
            // frånvaron") makes it a verb.
            guard index >= 2, tokens[index - 2].kind == .word else { return true }
            if verbAt.contains(index - 2) { return true }
            let first = tokens[index - 2].text
            let beforeFirst = index >= 3 && tokens[index - 3].kind == .word ? tokens[index - 3].text : nil
            if let beforeFirst, Self.adjectiveContext.contains(beforeFirst) { return false }
            if beforeFirst == nil, first.hasSuffix("a") || first.hasSuffix("e") { return false }
            return true
        }
        return true
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
