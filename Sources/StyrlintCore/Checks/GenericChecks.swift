/// Functions that know nothing of the domain: a rule author combines them with
/// `given`, `where` and options to write a new rule without recompiling.
enum GenericChecks {
    static let all: [CheckFunction] = [schema, required, requiredAny, count, wordList, mask, numberRange, oneOf, covers, product, yearSpan, dateWindow]

    static let schema = CheckFunction(
        "schema",
        "Reports what the loader found in a file: `check` is one of syntax, duplicate-key, document-type, required, type, unknown-key. Used with `given: dokument`.",
        parameters: [ParameterSpec("check", .oneOf(LoadProblem.Check.allCases.map(\.rawValue)), required: true, "which loader check to report")],
        fixes: ["decimalComma": [.safe], "quotedNumber": [.safe], "numberFixable": [.safe], "yaml11Boolean": [.safe],
                // The same word in another letter case is safe; a close spelling is a guess.
                "enumSuggestion": [.safe, .unsafe], "unit": [.unsafe], "suggestion": [.unsafe]],
        emits: nil,
        selectors: [.dokument]
    ) { element, context in
        guard let document = element.document, let check = context.options.string("check") else { return [] }
        return document.loadProblems.filter { $0.check.rawValue == check }.map {
            Hit(variant: $0.variant, arguments: $0.arguments, location: Location(file: document.path, range: $0.range), subject: $0.subject, fix: $0.fix)
        }
    }

    static let required = CheckFunction(
        "required",
        "Each path in `fields` must be present and not empty (`a.b` nests, `a[].b` means any item). One finding per missing field, argument `{field}`.",
        parameters: [ParameterSpec("fields", .paths, required: true, "paths that must be present")],
        emits: [Emission(nil, fills: ["field"])]
    ) { element, context in
        return context.options.paths("fields").filter { !FieldPath.isPresent($0, in: element.node) }.map(\.text).map { field in
            Hit(arguments: ["field": field], location: element.location(FieldPath.keyNode(field, in: element.node) ?? element.node.map { node in
                node.entries.first?.key ?? node
            }), subject: "\(element.subject)/\(field)")
        }
    }

    static let requiredAny = CheckFunction(
        "required-any",
        "At least one path in `fields` must be present. Argument `{fields}`.",
        parameters: [ParameterSpec("fields", .paths, required: true, "paths of which one must be present")],
        emits: [Emission(nil, fills: ["fields"])]
    ) { element, context in
        let fields = context.options.strings("fields")
        guard !context.options.paths("fields").contains(where: { FieldPath.isPresent($0, in: element.node) }) else { return [] }
        return [Hit(arguments: ["fields": fields.joined(separator: ", ")],
                    location: element.location(element.node?.entries.first?.key ?? element.node), subject: element.subject)]
    }

    static let count = CheckFunction(
        "count",
        "The list at `field` must have at least `min` and at most `max` items. Variants `tooFew`/`tooMany`; arguments `{count}`, `{min}`, `{max}`.",
        parameters: [
            ParameterSpec("field", .path, required: true, "path of the list"),
            ParameterSpec("min", .number, "fewest items"),
            ParameterSpec("max", .number, "most items"),
        ],
        emits: [
            Emission("tooFew", .option("min"), fills: ["count", "field", "min"]),
            Emission("tooMany", .option("max"), fills: ["count", "field", "max"]),
        ]
    ) { element, context in
        guard let path = context.options.path("field") else { return [] }
        let field = path.text
        let items = FieldPath.values(path, in: element.node).reduce(0) { $0 + ($1.isSequence ? $1.items.count : 1) }
        var arguments = ["count": "\(items)", "field": field]
        if let min = context.options.number("min"), Double(items) < min {
            arguments["min"] = min.formattedPlain
            return [Hit(variant: "tooFew", arguments: arguments, location: element.location(key: field.replacingOccurrences(of: "[]", with: "")), subject: element.subject)]
        }
        if let max = context.options.number("max"), Double(items) > max {
            arguments["max"] = max.formattedPlain
            return [Hit(variant: "tooMany", arguments: arguments, location: element.location(key: field), subject: element.subject)]
        }
        return []
    }

    static let wordList = CheckFunction(
        "word-list",
        "Fires when the text at any of `fields` (default `text`) contains one of `words`: Swedish base forms that match every inflection by stem (`öka` matches ökar, ökade, ökat; a noun such as utvecklingsplan does not match `utveckla`), phrases as sequences, a trailing `*` as a prefix, a leading `*` as an ending (`*lagen`: socialtjänstlagen), `:verb` for a word accepted only as a verb; a genitive in -s matches its word (elevers: elev). Never a regular expression; linear in the text. `unless_level` skips texts that state a level (a number with a unit or comparison, in digits or words; never a year, date, school year, age, label or time limit); `unless_indicator_target` skips goals whose indicators have a målvärde; `main_clause_only` ignores words in a relative clause; `unless_number` skips texts with any digit; `unless_true` skips elements where that path is true; `unless_words` skips texts that also hold one of its words; `unless_share_subject` skips an active verb whose subject is a share of a group (minst 60 procent av deltagarna ska påbörja …). Argument `{matches}`.",
        parameters: [
            ParameterSpec("fields", .paths, "paths of the texts to search (default: text)"),
            ParameterSpec("words", .words, "words or phrases to look for, in base form"),
            ParameterSpec("unless_number", .bool, "do not fire when the text contains a digit"),
            ParameterSpec("unless_level", .bool, "do not fire when the text states a level"),
            ParameterSpec("unless_indicator_target", .bool, "do not fire when an indicator of the element has a målvärde"),
            ParameterSpec("main_clause_only", .bool, "ignore words inside a relative clause"),
            ParameterSpec("not_after", .strings, "ignore a word right after one of these, or after one and a number (per: 'kostnad per elev', 'per 100 elever')"),
            ParameterSpec("not_before", .strings, "ignore a word right before one of these (än: 'äldre än 30 dagar')"),
            ParameterSpec("compounds", .bool, "also match a compound whose last part is a listed word (förskollärare: lärare)"),
            ParameterSpec("ratio_word", .string, "ignore a word in a ratio of two listed words (per: 'elever per lärare', but not 'besökare per kväll')"),
            ParameterSpec("unless_true", .path, "do not fire when this path is true"),
            ParameterSpec("unless_words", .words, "do not fire when the text also holds one of these words (flicka: an indicator about girls is already by sex)"),
            ParameterSpec("unless_share_subject", .bool, "ignore an active verb after a share of a group as the subject ('minst 60 procent av deltagarna ska påbörja …' measures a result)"),
        ],
        emits: [Emission(nil, fills: ["matches"])]
    ) { element, context in
        let options = context.options
        if let path = options.string("unless_true"), element.node?.boolean(path) == true { return [] }
        if options.bool("unless_indicator_target"),
           element.node?.list("indikatorer").contains(where: { $0["målvärde"]?.number("värde") != nil }) == true { return [] }
        let fields = options["fields"] == nil ? [Self.textPath] : options.paths("fields")
        let notAfter = Set(options.strings("not_after").map { $0.lowercased() })
        let notBefore = Set(options.strings("not_before").map { $0.lowercased() })
        var matches: [String] = []
        var firstField: String?
        for field in fields {
            for text in FieldPath.strings(field, in: element.node) {
                let analysed = GoalText.of(text)
                if options.bool("unless_number"), analysed.tokens.contains(where: { $0.kind == .number }) { continue }
                if let unless = options.patterns["unless_words"], !unless.find(in: analysed).isEmpty { continue }
                if options.bool("unless_level"), !analysed.levels.isEmpty { continue }
                let all = options.patterns["words"]?.find(in: analysed, mainClauseOnly: options.bool("main_clause_only"),
                                                          compounds: options.bool("compounds")) ?? []
                let starts = Set(all.map(\.range.lowerBound))
                let ratio = options.string("ratio_word")?.lowercased()
                let found = all
                    .filter { match in !Self.follows(notAfter, match.range.lowerBound, analysed.tokens) }
                    .filter { match in
                        let end = match.range.upperBound
                        return ratio == nil || end + 1 >= analysed.tokens.count || analysed.tokens[end].text != ratio || !starts.contains(end + 1)
                    }
                    .filter { match in notBefore.isEmpty || match.range.upperBound >= analysed.tokens.count || !notBefore.contains(analysed.tokens[match.range.upperBound].text) }
                    // Only an active verb: the share does it ("60 procent av deltagarna ska
                    // påbörja"); a passive says it is done to them ("98 procent av
                    // kontrollerna ska genomföras"), an activity still.
                    .filter { match in !options.bool("unless_share_subject") || analysed.tokens[match.range.lowerBound].text.hasSuffix("s")
                        || !Self.shareOfGroup(before: match.range.lowerBound, analysed.tokens) }
                    .map(\.words).filter { !matches.contains($0) }
                if !found.isEmpty, firstField == nil { firstField = field.text }
                matches += found
            }
        }
        guard !matches.isEmpty else { return [] }
        return [Hit(arguments: ["matches": matches.map { "\"\($0)\"" }.joined(separator: ", ")],
                    location: element.location(FieldPath.keyNode(firstField ?? "text", in: element.node) ?? element.node),
                    subject: element.subject)]
    }

    /// Words that end a share of a group before its "av": "85 procent av", "hälften av".
    static let shareWords: Set<String> = ["procent", "%", "hälften", "halva", "varannan", "tredjedel", "tredjedelar", "fjärdedel",
                                          "fjärdedelar", "femtedel", "tiondel", "majoriteten", "andelen"]

    /// A share of a group before `index` ("minst 60 procent av deltagarna", "nio av tio
    /// elever"): what follows says what that share does, a result to measure.
    static func shareOfGroup(before index: Int, _ tokens: [GoalText.Token]) -> Bool {
        var position = 1
        while position < min(index, tokens.count - 1) {
            if tokens[position].text == "av" {
                let before = tokens[position - 1], after = tokens[position + 1]
                if shareWords.contains(before.text) { return true }
                if QuantityReader.count(before) != nil, QuantityReader.count(after) != nil { return true }
            }
            position += 1
        }
        return false
    }

    static let textPath = CompiledPath("text")

    /// True when the word at `index` stands right after one of `words`, or after one of
    /// them and a number ("per 100 elever").
    static func follows(_ words: Set<String>, _ index: Int, _ tokens: [GoalText.Token]) -> Bool {
        guard !words.isEmpty, index > 0 else { return false }
        for entry in words {
            let phrase = entry.split(separator: " ").map(String.init)
            for start in [index - phrase.count, index - phrase.count - 1] where start >= 0 {
                // Directly before, or before a number that stands between ("per 100 elever").
                let skipsNumber = start == index - phrase.count - 1
                if skipsNumber && tokens[index - 1].kind != .number { continue }
                if phrase.indices.allSatisfy({ tokens[start + $0].text == phrase[$0] }) { return true }
            }
        }
        return false
    }

    static let mask = CheckFunction(
        "mask",
        "The scalar at `field`, when present, must fit `mask` character by character: `A` an upper-case letter, `a` a lower-case letter, `9` a digit, anything else itself. Linear time, no backtracking. Arguments `{value}`, `{mask}`.",
        parameters: [
            ParameterSpec("field", .path, required: true, "path of the value"),
            ParameterSpec("mask", .string, required: true, "the shape, e.g. A99999"),
        ],
        emits: [Emission(nil, fills: ["mask", "value"])]
    ) { element, context in
        guard let path = context.options.path("field"),
              let mask = context.options.string("mask") else { return [] }
        return FieldPath.values(path, in: element.node).compactMap { node in
            guard let value = node.scalar, !fits(value, mask) else { return nil }
            return Hit(arguments: ["value": value, "mask": mask], location: element.location(node), subject: "\(element.subject)/\(value)")
        }
    }

    static func fits(_ value: String, _ mask: String) -> Bool {
        let characters = Array(value), shape = Array(mask)
        guard characters.count == shape.count else { return false }
        return zip(characters, shape).allSatisfy { character, expected in
            switch expected {
            case "A": return character.isASCII && character.isUppercase
            case "a": return character.isASCII && character.isLowercase
            case "9": return character.isASCII && character.isNumber
            default: return character == expected
            }
        }
    }

    static let numberRange = CheckFunction(
        "number-range",
        "Each number at `field` must lie within `min`...`max`. Arguments `{value}`, `{min}`, `{max}`.",
        parameters: [
            ParameterSpec("field", .path, required: true, "path of the number"),
            ParameterSpec("min", .number, "smallest accepted value"),
            ParameterSpec("max", .number, "largest accepted value"),
        ],
        emits: [Emission(nil, fills: ["max", "min", "value"])]
    ) { element, context in
        guard let path = context.options.path("field") else { return [] }
        let field = path.text
        let min = context.options.number("min") ?? -Double.infinity, max = context.options.number("max") ?? Double.infinity
        return FieldPath.values(path, in: element.node).compactMap { node in
            guard case .success(let value) = ScalarValue.number(node), value < min || value > max else { return nil }
            return Hit(arguments: ["value": value.formattedPlain, "min": min.formattedPlain, "max": max.formattedPlain],
                       location: element.location(node), subject: "\(element.subject)/\(field)")
        }
    }

    static let oneOf = CheckFunction(
        "one-of",
        "The scalar at `field`, when present, must be one of `values` (a local vocabulary). Arguments `{value}`, `{values}`.",
        parameters: [
            ParameterSpec("field", .path, required: true, "path of the value"),
            ParameterSpec("values", .strings, required: true, "accepted values"),
        ],
        emits: [Emission(nil, fills: ["value", "values"])]
    ) { element, context in
        guard let path = context.options.path("field") else { return [] }
        let field = path.text
        let values = context.options.strings("values")
        return FieldPath.values(path, in: element.node).compactMap { node in
            guard let value = node.scalar, !values.contains(value) else { return nil }
            return Hit(arguments: ["value": value, "values": values.joined(separator: ", ")], location: element.location(node),
                       subject: "\(element.subject)/\(field)")
        }
    }

    static let product = CheckFunction(
        "product",
        "The number at `field`, when given, must equal the product of the numbers at `factors` (two to four paths; checked when all are numbers). With `whole_numbers`, only whole numbers are compared, exactly (others are the schema's to report). Arguments `{value}`, `{product}` (∞ past the largest whole number) and `{factor1}`…`{factor4}`, each factor's value in order.",
        parameters: [
            ParameterSpec("field", .path, required: true, "path of the number that must be the product"),
            ParameterSpec("factors", .paths, required: true, "paths of the factors, two to four"),
            ParameterSpec("whole_numbers", .bool, "compare whole numbers only, exactly"),
        ],
        emits: [Emission(nil, fills: ["factor1", "factor2", "factor3", "factor4", "product", "value"])]
    ) { element, context in
        guard let fieldPath = context.options.path("field"), let node = element.node else { return [] }
        let field = fieldPath.text
        let paths = context.options.paths("factors")
        let whole = context.options.bool("whole_numbers")
        guard (2...4).contains(paths.count) else { return [] }
        func number(_ valueNode: YAMLNode) -> Double? {
            if whole { return ScalarValue.integer(valueNode).map(Double.init) }
            guard case .success(let value) = ScalarValue.number(valueNode) else { return nil }
            return value
        }
        var factors: [Double] = []
        for path in paths {
            guard let factorNode = FieldPath.values(path, in: node).first, let factor = number(factorNode) else { return [] }
            factors.append(factor)
        }
        // Whole numbers exactly, with overflow as ∞; decimals within rounding.
        var exact: Int? = 1
        for factor in factors {
            guard let current = exact, let integer = Int(exactly: factor) else { exact = nil; break }
            let (result, overflow) = current.multipliedReportingOverflow(by: integer)
            exact = overflow ? nil : result
        }
        let integral = factors.allSatisfy { Int(exactly: $0) != nil }
        let product = factors.reduce(1, *)
        return FieldPath.values(fieldPath, in: node).compactMap { valueNode in
            guard let value = number(valueNode) else { return nil }
            let equal: Bool
            if integral, let integer = Int(exactly: value) {
                equal = exact == integer
            } else {
                equal = product.isFinite && abs(value - product) <= 1e-9 * max(1, abs(product))
            }
            guard !equal else { return nil }
            var arguments = ["value": value.formattedPlain]
            arguments["product"] = integral ? (exact.map { String($0) } ?? "∞") : (product.isFinite ? product.formattedPlain : "∞")
            for (index, factor) in factors.enumerated() { arguments["factor\(index + 1)"] = factor.formattedPlain }
            return Hit(arguments: arguments, location: element.location(valueNode), subject: "\(element.subject)/\(field)")
        }
    }

    static let yearSpan = CheckFunction(
        "year-span",
        "The years from `from` to `to` (both counted) of the mapping at `field` must number between `min` and `max`. Arguments `{years}`, `{min}`, `{max}`, `{period}` (`från–till`).",
        parameters: [
            ParameterSpec("field", .path, required: true, "path of the period, e.g. period"),
            ParameterSpec("from", .keyPath(in: "field"), required: true, "its first year, e.g. från"),
            ParameterSpec("to", .keyPath(in: "field"), required: true, "its last year, e.g. till"),
            ParameterSpec("min", .number, "fewest years"),
            ParameterSpec("max", .number, "most years"),
        ],
        emits: [Emission(nil, fills: ["max", "min", "period", "years"])]
    ) { element, context in
        guard let fieldPath = context.options.path("field"), let fromKey = context.options.path("from"),
              let toKey = context.options.path("to") else { return [] }
        let field = fieldPath.text
        let min = context.options.number("min") ?? 1, max = context.options.number("max") ?? 100
        func year(_ path: CompiledPath, in period: YAMLNode) -> Int? {
            guard let node = FieldPath.values(path, in: period).first, let value = ScalarValue.integer(node), (1900...2200).contains(value) else { return nil }
            return value
        }
        return FieldPath.values(fieldPath, in: element.node).compactMap { period in
            // A first year after the last is the schema's to report (DOK005), not a length.
            guard let from = year(fromKey, in: period), let to = year(toKey, in: period), to >= from else { return nil }
            let years = Double(to - from + 1)
            guard years < min || years > max else { return nil }
            return Hit(arguments: ["years": years.formattedPlain, "min": min.formattedPlain, "max": max.formattedPlain, "period": "\(from)–\(to)"],
                       location: element.location(period), subject: "\(element.subject)/\(field)")
        }
    }

    static let dateWindow = CheckFunction(
        "date-window",
        "The date at `field` must fall in the years from `from` to `to` relative to the year at `year_field` (e.g. -1..0: the year before or the same year). Arguments `{date}`, `{year}`, `{first}`, `{last}`.",
        parameters: [
            ParameterSpec("field", .path, required: true, "path of the date"),
            ParameterSpec("year_field", .path, required: true, "path of the reference year"),
            ParameterSpec("from", .number, required: true, "earliest year, relative"),
            ParameterSpec("to", .number, required: true, "latest year, relative"),
        ],
        emits: [Emission(nil, fills: ["date", "first", "last", "year"])]
    ) { element, context in
        guard let fieldPath = context.options.path("field"), let yearField = context.options.path("year_field"),
              let dateNode = FieldPath.values(fieldPath, in: element.node).first, let date = dateNode.scalar.flatMap(Day.init(iso:)),
              let yearNode = FieldPath.values(yearField, in: element.node).first, let year = ScalarValue.integer(yearNode) else { return [] }
        let first = year.addingClamped(Int(clamping: context.options.number("from") ?? 0))
        let last = year.addingClamped(Int(clamping: context.options.number("to") ?? 0))
        guard date.year < first || date.year > last else { return [] }
        return [Hit(arguments: ["date": date.description, "year": "\(year)", "first": "\(first)", "last": "\(last)"],
                    location: element.location(dateNode), subject: "\(element.subject)/\(fieldPath.text)")]
    }

    static let covers = CheckFunction(
        "covers",
        "Across the items of the list `list`, the field `field` must take each of `values` at least once. One finding per value missing, argument `{value}`.",
        parameters: [
            ParameterSpec("list", .path, required: true, "path of the list, e.g. mål"),
            ParameterSpec("field", .itemPath(of: "list"), required: true, "field of each item, e.g. perspektiv"),
            ParameterSpec("values", .strings, required: true, "values that must all occur"),
        ],
        emits: [Emission(nil, fills: ["value"])]
    ) { element, context in
        guard let list = context.options.string("list"), let field = context.options.string("field") else { return [] }
        let present = Set(FieldPath.strings("\(list)[].\(field)", in: element.node))
        return context.options.strings("values").filter { !present.contains($0) }.map { value in
            Hit(arguments: ["value": value], location: element.location(key: list), subject: "\(element.subject)/\(value)")
        }
    }
}
