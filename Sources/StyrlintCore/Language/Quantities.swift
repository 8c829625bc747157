/// A number a goal text states, with what it is: a level to reach (how much), or a
/// year, date, school year, age, label or time limit that says nothing about how much.
public struct Quantity: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// How much: "minst 85 procent", "500 besökare", "högst 14 dagar".
        case level
        /// A change by an amount: "öka med 10 procent", "minska med fem procent".
        case change
        case year, period, date, grade, age, label, duration
        /// A number that names something rather than saying how much: a denominator ("per
        /// 1 000 invånare"), a law's number ("2010:800"), "24/7", a known set ("de tre
        /// nationella proven", "de 17 globala målen").
        case reference
    }

    public enum Comparator: String, Sendable {
        case atLeast = "minst", atMost = "högst"
    }

    public enum Unit: String, Sendable {
        case percent, percentagePoints, money, time, count, none
    }

    public var kind: Kind
    public var value: Double
    /// The upper end of a range ("10–15 procent").
    public var upper: Double?
    public var comparator: Comparator?
    public var unit: Unit
    /// As written, for messages: "2 050", "fem procent", "hälften".
    public var written: String
    /// A share written in words ("en tredjedel", "var tredje"): a rounded percentage.
    public var approximate = false
    /// The word that names the unit ("tkr", "veckor"), for comparing with an indicator's enhet.
    public var unitWord: String?

    public var isLevel: Bool { kind == .level || kind == .change }

    /// True when `target` is what this quantity states (a range holds it; a fraction
    /// written in words is a rounded percentage).
    public func agrees(with target: Double) -> Bool {
        if let upper { return target >= min(value, upper) - 0.5 && target <= max(value, upper) + 0.5 }
        return abs(value - target) <= (approximate ? 0.5 : 1e-9)
    }
}

/// Reads every number of a tokenised text and classifies it from the words around it.
/// One pass over the tokens with a look at a few neighbours: linear in the text.
enum QuantityReader {
    static func read(_ tokens: [GoalText.Token]) -> [Quantity] {
        var quantities: [Quantity] = []
        var index = 0
        while index < tokens.count {
            guard let (number, end) = number(at: index, tokens) else {
                index += 1
                continue
            }
            var quantity = number
            var last = end  // index of the last token of the number (a range's second number)
            multiply(&quantity, &last, tokens)
            // A range: "10–15", "2024–2026", "16-19".
            if last + 2 < tokens.count, tokens[last + 1].kind == .punctuation, ["–", "-"].contains(tokens[last + 1].text),
               let (second, secondEnd) = self.number(at: last + 2, tokens), second.value >= quantity.value {
                quantity.upper = second.value
                quantity.written += "–" + second.written
                last = secondEnd
            } else if let (upper, upperEnd) = rangeInWords(from: index, last: last, above: quantity.value, tokens) {
                // "mellan 40 och 50 procent", "10 till 15 procent"
                quantity.upper = upper.value
                quantity.written += " " + tokens[last + 1].text + " " + upper.written
                last = upperEnd
            }
            classify(&quantity, start: index, end: last, tokens)
            quantities.append(quantity)
            index = last + 1
        }
        return quantities
    }

    /// Words that multiply the number before them: "2,5 miljoner", "5 tusen besökare".
    static let multipliers: [String: Double] = ["tusen": 1e3, "miljon": 1e6, "miljoner": 1e6, "miljard": 1e9, "miljarder": 1e9]

    static func multiply(_ quantity: inout Quantity, _ last: inout Int, _ tokens: [GoalText.Token]) {
        guard last + 1 < tokens.count, let factor = multipliers[tokens[last + 1].text], quantity.upper == nil, !quantity.approximate else { return }
        quantity.value *= factor
        quantity.written += " " + tokens[last + 1].text
        last += 1
    }

    /// The second number of a range written in words: "mellan 40 och 50", or "10 till 15"
    /// followed by a unit (never "från 10 till 15": that is a change from one to the other).
    static func rangeInWords(from index: Int, last: Int, above first: Double, _ tokens: [GoalText.Token]) -> (Quantity, Int)? {
        guard last + 2 < tokens.count else { return nil }
        let joiner = tokens[last + 1].text
        let before = index > 0 ? tokens[index - 1].text : ""
        // "i åk 5 till 90 procent": the first number is a school year, not a range's start.
        guard !gradeWords.contains(before), !labelWords.contains(before), !durationWords.contains(before),
              (joiner == "och" && before == "mellan") || (joiner == "till" && before != "från"),
              tokens[last + 2].kind == tokens[index].kind || joiner == "och",
              var (second, secondEnd) = number(at: last + 2, tokens) else { return nil }
        multiply(&second, &secondEnd, tokens)
        guard second.value > first else { return nil }
        if joiner == "till" {
            guard secondEnd + 1 < tokens.count, unit(of: tokens[secondEnd + 1].text) != nil else { return nil }
        }
        return (second, secondEnd)
    }

    // MARK: - Numbers in digits and in words

    static let numberWords: [String: Double] = [
        "noll": 0, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9, "tio": 10,
        "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18,
        "nitton": 19, "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80,
        "nittio": 90, "hundra": 100, "etthundra": 100, "tusen": 1000, "ettusen": 1000, "etttusen": 1000,
    ]
    /// First bytes of the words compounds are made of ("ett", "två", "tjugo", "åttio" …).
    static let numberLeads = Set((Array(numberWords.keys) + units).compactMap(\.utf8.first))
    static let tens = ["tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"]
    static let units = ["ett", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio"]
    /// Fractions, as percentages.
    static let fractions: [String: Double] = [
        "hälften": 50, "halva": 50, "tredjedel": 100.0 / 3, "tredjedelar": 100.0 / 3, "fjärdedel": 25, "fjärdedelar": 25,
        "femtedel": 20, "femtedelar": 20, "tiondel": 10, "tiondelar": 10,
    ]
    static let ordinals: [String: Double] = ["andra": 50, "tredje": 100.0 / 3, "fjärde": 25, "femte": 20, "tionde": 10]

    /// "tjugofem", "tvåhundra", "femtusen": compounds of the words above.
    static func wordValue(_ word: String) -> Double? {
        if let value = numberWords[word] { return value }
        // Every compound is longer than four bytes and starts like a number word: most words
        // of a goal text stop here, before any search inside them.
        guard word.utf8.count > 4, let lead = word.utf8.first, numberLeads.contains(lead) else { return nil }
        for (multiplierWord, multiplier) in [("tusen", 1000.0), ("hundra", 100.0)] {
            guard let range = word.range(of: multiplierWord) else { continue }
            let head = String(word[..<range.lowerBound]), tail = String(word[range.upperBound...])
            let factor = head.isEmpty || head == "ett" || head == "en" ? 1 : wordValue(head)
            let rest = tail.isEmpty ? 0 : wordValue(tail)
            if let factor, let rest, factor < 1000 { return factor * multiplier + rest }
            return nil
        }
        for ten in tens where word.hasPrefix(ten) && word.count > ten.count {
            let unit = String(word.dropFirst(ten.count))
            if let index = units.firstIndex(of: unit) { return numberWords[ten]! + Double(index == 0 || index == 1 ? 1 : index) }
        }
        return nil
    }

    /// A count written as a number in digits or words ("3", "tre"), for proportions.
    static func count(_ token: GoalText.Token) -> Double? {
        if token.kind == .number { return token.grouped ? nil : token.value }
        if token.text == "en" || token.text == "ett" { return 1 }
        return wordValue(token.text)
    }

    /// The number starting at `index`, in digits or words, and the index of its last token.
    static func number(at index: Int, _ tokens: [GoalText.Token]) -> (Quantity, Int)? {
        let token = tokens[index]
        // A proportion: "tre av fyra", "9 av 10", "två av tre" — a share, as a percentage.
        if index + 2 < tokens.count, tokens[index + 1].text == "av", let part = count(token), let whole = count(tokens[index + 2]),
           whole > 0, part <= whole, whole <= 1000, token.kind == tokens[index + 2].kind || (token.kind == .word) == (tokens[index + 2].kind == .word) {
            return (Quantity(kind: .level, value: part / whole * 100, unit: .percent,
                             written: "\(token.text) av \(tokens[index + 2].text)", approximate: true), index + 2)
        }
        if token.kind == .number {
            guard let value = token.value, !value.isNaN else { return nil }
            return (Quantity(kind: .level, value: value, unit: .none, written: token.text), index)
        }
        guard token.kind == .word else { return nil }
        // Most words of a goal text are no number, share or fraction: a few comparisons and
        // one look-up among the number words send them on before any list is built. Every
        // branch below needs one of these words, a fraction ("…del", "…delar") or a number word.
        switch token.text {
        case "hälften", "halva", "varannan", "vartannat", "var", "vart", "en", "ett": break
        default:
            if !(token.text.hasSuffix("del") || token.text.hasSuffix("delar")), wordValue(token.text) == nil { return nil }
        }
        let next = index + 1 < tokens.count ? tokens[index + 1].text : ""
        // "första hälften av året", "var tredje månad", "varannan vecka": a time, not a share.
        let following = tokens[(index + 1)..<min(tokens.count, index + 4)].map(\.text)
        if following.contains(where: { timeNouns.contains($0) }) && ["hälften", "halva", "varannan", "vartannat", "var", "vart"].contains(token.text) {
            return nil
        }
        if index > 0, ["första", "andra", "senare", "sista"].contains(tokens[index - 1].text), token.text == "hälften" || token.text == "halva" {
            return nil
        }
        // "var tredje", "varannan"
        if token.text == "varannan" || token.text == "vartannat" {
            return (Quantity(kind: .level, value: 50, unit: .percent, written: token.text), index)
        }
        if token.text == "var" || token.text == "vart", let share = ordinals[next] {
            return (Quantity(kind: .level, value: share, unit: .percent, written: "\(token.text) \(next)", approximate: true), index + 1)
        }
        if token.text == "hälften" || token.text == "halva" {
            return (Quantity(kind: .level, value: 50, unit: .percent, written: token.text), index)
        }
        // "en tredjedel", "två tredjedelar"
        if let share = fractions[next], let count = token.text == "en" || token.text == "ett" ? 1 : wordValue(token.text) {
            return (Quantity(kind: .level, value: share * count, unit: .percent, written: "\(token.text) \(next)", approximate: true), index + 1)
        }
        if let share = fractions[token.text], token.text.hasSuffix("del") {
            return (Quantity(kind: .level, value: share, unit: .percent, written: token.text, approximate: true), index)
        }
        // "minst en gång per vecka": the article is a number after a comparison.
        if token.text == "en" || token.text == "ett", comparatorBefore(index, tokens) != nil {
            return (Quantity(kind: .level, value: 1, unit: .none, written: token.text), index)
        }
        // Number words count only where a unit or a comparison makes them a number:
        // "fem procent", "minst tre", never the noun "sex" or the article "en".
        guard let value = wordValue(token.text), token.text != "en", token.text != "ett" else { return nil }
        let previous = index > 0 ? tokens[index - 1].text : ""
        // Or before what they count: "tvåhundra elever" ("sex" is also a noun).
        let countsNoun = token.text != "sex" && index + 1 < tokens.count && tokens[index + 1].kind == .word
            && !functionWords.contains(next) && !timeNouns.contains(next) && next != "per" && multipliers[next] == nil
        guard unit(of: next) != nil || comparatorBefore(index, tokens) != nil || previous == "med" || previous == "till" || countsNoun else { return nil }
        return (Quantity(kind: .level, value: value, unit: .none, written: token.text), index)
    }

    // MARK: - Context

    /// Nouns of time after which a share is a frequency or a part of a period.
    static let timeNouns: Set<String> = ["år", "året", "åren", "månad", "månaden", "månader", "vecka", "veckan", "veckor", "dag", "dagen",
                                         "dagar", "termin", "terminen", "kvartal", "kvartalet", "tertial", "tertialet", "halvår",
                                         "halvåret", "läsår", "läsåret", "vardag", "timme", "timmar"]
    /// Words after a number that end a clause rather than name what is counted.
    static let functionWords: Set<String> = ["ska", "skall", "och", "samt", "är", "bör", "kommer", "har", "som", "i", "för", "till",
                                             "med", "av", "på", "inom", "under", "eller", "respektive", "jämfört", "jämförelse",
                                             "mot", "från", "per", "vid", "efter", "enligt", "om", "än", "men"]
    /// Words between "med" and its number that leave it a change: "öka med minst 5 procent".
    static let comparisonWords: Set<String> = ["minst", "högst", "åtminstone", "mer", "fler", "än", "mindre", "färre", "upp", "till", "inte",
                                               "över", "under", "max", "maximalt", "minimum", "lägst", "som", "mest", "cirka", "ca",
                                               "omkring", "ungefär", "drygt", "knappt", "nästan", "runt"]
    /// Before a year: a time, not a comparison ("under 2026", "till 2027").
    static let temporalWords: Set<String> = ["under", "till", "från", "före", "efter", "sedan", "inför", "senast", "fram", "innan", "tom", "fr.o.m", "t.o.m"]
    /// A set named by its size: "de tre nationella proven", "de 17 globala målen".
    static let determiners: Set<String> = ["de", "dessa", "våra", "sina", "deras", "samtliga"]

    static let months: Set<String> = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                                      "september", "oktober", "november", "december", "jan", "feb", "apr", "jun", "jul",
                                      "aug", "sep", "sept", "okt", "nov", "dec"]
    static let gradeWords: Set<String> = ["årskurs", "åk", "årskurserna", "årskurser", "klass", "klasser", "skolår", "betyg", "betyget"]
    static let labelWords: Set<String> = ["mål", "delmål", "målområde", "nr", "punkt", "steg", "fas", "kapitel", "bilaga", "paragraf"]
    static let durationWords: Set<String> = ["inom", "efter", "på", "om", "senast", "per", "varje", "i", "före", "innan"]
    static let ageWords: Set<String> = ["åldern", "ålder", "år", "åring", "åringar", "åriga"]

    static func unit(of word: String) -> Quantity.Unit? {
        switch word {
        case "%", "procent", "procentig", "procentiga": .percent
        case "procentenheter", "procentenhet": .percentagePoints
        case "kr", "kronor", "krona", "tkr", "mnkr", "mkr", "mdkr", "msek", "sek": .money
        case "dagar", "dag", "dygn", "veckor", "vecka", "månader", "månad", "timmar", "timme", "minuter", "minut",
             "arbetsdagar", "arbetsdag", "veckans", "timmars", "dagars", "veckors", "månaders": .time
        case "st", "stycken": .count
        default: nil
        }
    }

    /// The comparison written before a number, within three words.
    static func comparatorBefore(_ index: Int, _ tokens: [GoalText.Token]) -> Quantity.Comparator? {
        let before = tokens[max(0, index - 3)..<index].map(\.text)
        let last = before.last ?? ""
        let pair = before.suffix(2).joined(separator: " ")
        let triple = before.joined(separator: " ")
        if triple.hasSuffix("inte mer än") || triple.hasSuffix("inte fler än") || triple.hasSuffix("inte överstiga") { return .atMost }
        if triple.hasSuffix("inte mindre än") || triple.hasSuffix("inte färre än") || triple.hasSuffix("inte understiga") { return .atLeast }
        if ["minst", "över", "lägst", "åtminstone", "minimum", "överstiga", "överstiger"].contains(last) { return .atLeast }
        if ["högst", "under", "max", "maximalt", "maximum", "understiga", "understiger"].contains(last) { return .atMost }
        if ["mer än", "fler än", "större än", "högre än", "som minst"].contains(pair) || triple.hasSuffix("inte mindre än") { return .atLeast }
        if ["mindre än", "färre än", "lägre än", "som mest", "upp till", "som högst"].contains(pair) || triple.hasSuffix("inte mer än")
            || triple.hasSuffix("inte fler än") || triple.hasSuffix("inte överstiga") { return .atMost }
        return nil
    }

    static let wholePeriods: [(count: Double, unit: String, period: String)] = [
        (7, "dag", "veck"), (24, "tim", "dygn"), (24, "tim", "dag"), (365, "dag", "år"), (12, "månad", "år"), (52, "veck", "år"),
    ]

    /// Kronor per unit word.
    static func moneyScale(_ word: String) -> Double? {
        switch word {
        case "kr", "kronor", "krona", "sek": 1
        case "tkr": 1e3
        case "mnkr", "mkr", "msek": 1e6
        case "mdkr": 1e9
        default: nil
        }
    }

    /// Minutes per unit word (months and years differ in length: no scale).
    static func timeScale(_ word: String) -> Double? {
        switch word {
        case "minut", "minuter": 1
        case "timme", "timmar", "timmars": 60
        case "dag", "dagar", "dagars", "dygn", "arbetsdag", "arbetsdagar": 1440
        case "vecka", "veckor", "veckors": 10080
        default: nil
        }
    }

    static let increaseStems = ["ök", "höj", "förbättr", "stig", "stärk", "utök", "fördubbl", "nå", "uppnå", "uppgå"]
    static let decreaseStems = ["minsk", "sänk", "förkort", "halver", "reducer", "begräns"]

    /// "öka till", "minska med": the direction of the verb before a number.
    static func verbDirection(before index: Int, _ tokens: [GoalText.Token]) -> Quantity.Comparator? {
        for token in tokens[max(0, index - 6)..<index].reversed() where token.kind == .word {
            let stem = SwedishStemmer.current.stem(token.text)
            if increaseStems.contains(where: { stem.hasPrefix($0) && stem.count <= $0.count + 3 }) { return .atLeast }
            if decreaseStems.contains(where: { stem.hasPrefix($0) && stem.count <= $0.count + 3 }) { return .atMost }
        }
        return nil
    }

    /// "med" before the number, past comparison and approximation words: "öka med minst 5
    /// procent", "minska med cirka 10 procent" state a change, not a level.
    static func isChange(before start: Int, _ tokens: [GoalText.Token]) -> Bool {
        var index = start - 1
        while index >= 0, start - index <= 4 {
            if tokens[index].text == "med" { return true }
            guard comparisonWords.contains(tokens[index].text) else { return false }
            index -= 1
        }
        return false
    }

    static func classify(_ quantity: inout Quantity, start: Int, end: Int, _ tokens: [GoalText.Token]) {
        let previous = start > 0 ? tokens[start - 1] : nil
        let previousWord = previous?.kind == .word ? previous!.text : ""
        let next = end + 1 < tokens.count ? tokens[end + 1] : nil
        let afterNext = end + 2 < tokens.count ? tokens[end + 2] : nil
        let isDigits = tokens[start].kind == .number
        let integer = quantity.value == quantity.value.rounded() && tokens[start].text.allSatisfy(\.isNumber)

        // A date: 2025-03-31, "30 april", "den 15 oktober".
        if isDigits, tokens[start].text.count == 4, next?.text == "-", afterNext?.kind == .number,
           end + 4 < tokens.count, tokens[end + 3].text == "-", tokens[end + 4].kind == .number {
            quantity.kind = .date
            return
        }
        if isDigits, quantity.upper == nil, quantity.value >= 2 && quantity.value <= 12, tokens[start].text.count == 2,
           start >= 2, tokens[start - 1].text == "-", tokens[start - 2].kind == .number {
            quantity.kind = .date  // the month or day of an ISO date already classified
            return
        }
        if let next, months.contains(next.text), integer, quantity.value >= 1 && quantity.value <= 31 {
            quantity.kind = .date
            return
        }
        if isDigits, start >= 2, tokens[start - 1].text == "-", tokens[start - 2].kind == .number, tokens[start - 2].text.count == 4 {
            quantity.kind = .date
            return
        }
        // A school year or grade: "åk 9", "årskurs 3", "åk 7–9".
        if gradeWords.contains(previousWord) {
            quantity.kind = .grade
            return
        }
        // A label: "Mål 2:", "2.", "1.2" or "3)" first in the text.
        let atStart = start == 0 || (start == 1 && labelWords.contains(previousWord))
        if labelWords.contains(previousWord) && (next == nil || [":", ".", ")", "–", "-"].contains(next!.text) || next!.kind == .word) && quantity.unit == .none
            || atStart && isDigits && (next?.text == ":" || next?.text == ")" || next?.text == "." || next?.kind == .number) {
            quantity.kind = .label
            return
        }
        if isDigits, tokens[start].dotted, start == 0 || (start == 1 && labelWords.contains(previousWord)) {
            quantity.kind = .label  // "1.2 Eleverna ska …", "Mål 3.1: …"
            return
        }
        if isDigits, start >= 2, tokens[start - 1].text == ".", tokens[start - 2].kind == .number,
           start - 2 == 0 || next?.text == ":" || (start >= 3 && labelWords.contains(tokens[start - 3].text)) {
            quantity.kind = .label  // the "2" of "1.2"
            return
        }
        // A number that names rather than measures: a denominator, a law's number
        // ("2010:800"), a pair such as "24/7", a set named by its size.
        let isFourDigitYear = isDigits && integer && tokens[start].text.count == 4 && (1900...2100).contains(quantity.value)
        if previousWord == "per" || determiners.contains(previousWord)
            || isDigits && next?.text == ":" && afterNext?.kind == .number && tokens[start].text.count == 4
            || isDigits && start >= 2 && tokens[start - 1].text == ":" && tokens[start - 2].kind == .number && tokens[start - 2].text.count == 4
            || isDigits && !isFourDigitYear && next?.text == "/" && afterNext?.kind == .number
            || isDigits && start >= 2 && tokens[start - 1].text == "/" && tokens[start - 2].kind == .number && tokens[start - 2].text.count != 4 {
            quantity.kind = .reference
            return
        }
        // A year or a period: "2026", "till 2026", "2024–2026", "2025/26".
        let nextUnit = next.flatMap { unit(of: $0.text) }
        let countedNoun = comparatorBefore(start, tokens) != nil && next.map { $0.kind == .word && !functionWords.contains($0.text) && !months.contains($0.text) } == true
        // "till 2050 per vecka" counts; "under 2026 jämfört med 2025" is a time.
        let rate = next?.text == "per"
        if isDigits, integer, !tokens[start].grouped, tokens[start].text.count == 4, (1900...2100).contains(quantity.value), nextUnit == nil,
           !rate, !countedNoun || temporalWords.contains(previousWord) {
            let slashYear = next?.text == "/" && afterNext?.kind == .number
            quantity.kind = quantity.upper != nil || slashYear ? .period : .year
            return
        }
        // Ages and time limits: "16–19 år", "65 år och äldre", "inom 12 månader".
        if let next, next.text == "år" || next.text == "års" || next.text == "åring" || next.text == "åringar" {
            quantity.kind = durationWords.contains(previousWord) ? .duration : .age
            return
        }
        if nextUnit == .time, durationWords.contains(previousWord) {
            quantity.kind = .duration
            return
        }
        // Every unit of a period: "7 dagar i veckan", "dygnet runt, 24 timmar om dygnet",
        // "12 månader om året" say "always", not how much ("2–3 timmar varje dag" does).
        if nextUnit == .time, quantity.upper == nil, let unitWord = next?.text, end + 3 < tokens.count,
           ["i", "per", "om", "varje", "av"].contains(tokens[end + 2].text),
           wholePeriods.contains(where: { $0.count == quantity.value && unitWord.hasPrefix($0.unit) && tokens[end + 3].text.hasPrefix($0.period) }) {
            quantity.kind = .reference
            return
        }
        if previousWord == "åldern" || previousWord == "ålder" || (next.map { ageWords.contains($0.text) } ?? false) {
            quantity.kind = .age
            return
        }
        // A level: its unit and comparison. A word after the number is what it counts
        // unless it only carries the sentence on ("40 och 50", "500 per").
        if quantity.unit == .none {
            quantity.unit = nextUnit ?? (next.map { $0.kind == .word && !functionWords.contains($0.text) } == true ? .count : .none)
        }
        if nextUnit != nil { quantity.unitWord = next?.text }
        if let comparator = comparatorBefore(start, tokens) {
            quantity.comparator = comparator
            if isChange(before: start, tokens) { quantity.kind = .change }
        } else if isChange(before: start, tokens) || (start >= 2 && tokens[start - 2].text == "med" && previous?.kind == .word && isDigits == false) {
            quantity.kind = .change
            quantity.comparator = verbDirection(before: start, tokens)
        } else if previousWord == "till" || previousWord == "nå" || previousWord == "uppgå" {
            quantity.comparator = verbDirection(before: start, tokens)
        }
        quantity.kind = quantity.kind == .change ? .change : .level
        if let next, nextUnit != nil || (quantity.unit == .count && next.kind == .word) {
            quantity.written += next.text == "%" ? " %" : " " + next.text
        }
    }
}

/// Numbers as each language writes them: 56 097 and 3,5 in Swedish, 56,097 and 3.5 in
/// English. Messages format numeric placeholders through this, so no check needs to.
public enum NumberText {
    public static func format(_ value: Double, _ language: Language) -> String {
        let negative = value < 0
        let magnitude = abs(value)
        var integer = magnitude.rounded(.towardZero)
        var fraction = ""
        if magnitude != integer {
            // At most two decimals, trailing zeros dropped: 3.5, 84.25.
            var scaled = ((magnitude - integer) * 100).rounded()
            if scaled >= 100 { integer += 1; scaled = 0 }
            if scaled > 0 {
                fraction = String(Int(scaled))
                if scaled < 10 { fraction = "0" + fraction }
                while fraction.hasSuffix("0") { fraction.removeLast() }
            }
        }
        guard integer < 1e15 else { return value.formattedPlain }
        let digits = String(Int(integer))
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0, digits.count >= 4 { grouped += language == .sv ? " " : "," }
            grouped.append(digit)
        }
        let decimal = language == .sv ? "," : "."
        return (negative ? "-" : "") + grouped + (fraction.isEmpty ? "" : decimal + fraction)
    }

    /// A list in running text: "85, 90 och 95" / "85, 90 and 95".
    public static func list(_ items: [String], _ language: Language) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (language == .sv ? " och " : " and ") + items.last!
    }

    /// Placeholders that carry numbers (one, or a list joined by ", ").
    static let numericPlaceholders: Set<String> = ["min", "max", "value", "deviation", "percent", "budget", "forecast", "target",
                                                   "targets", "baseline", "ram", "frame", "difference", "limit", "years", "threshold",
                                                   "score", "count", "product", "factor1", "factor2", "factor3", "factor4"]

    /// The arguments with their numbers written as `language` writes them.
    static func localize(_ arguments: [String: String], _ language: Language) -> [String: String] {
        var result = arguments
        for key in numericPlaceholders {
            guard let text = arguments[key], !text.isEmpty else { continue }
            let parts = text.components(separatedBy: ", ")
            // Only plain decimals that a Double holds exactly as written: a 23-digit value
            // from a document is quoted as the user wrote it.
            guard parts.allSatisfy({ part in
                let digits = part.drop { $0 == "-" }
                return !digits.isEmpty && digits.count <= 15 && digits.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
            }) else { continue }
            let numbers = parts.compactMap { Double($0) }
            // Only numbers written as the tool writes them: "0000", "090" or "2027.0" quoted
            // from a document stay as written, not shown as the number they stand for.
            guard numbers.count == parts.count, numbers.allSatisfy(\.isFinite),
                  zip(numbers, parts).allSatisfy({ $0.formattedPlain == $1 }) else { continue }
            result[key] = list(numbers.map { format($0, language) }, language)
        }
        return result
    }
}
