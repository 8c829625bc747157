/// SMART goals and their målvärden.
/// What an indicator measures, for comparing a goal text's levels with its målvärde.
struct IndicatorMeasure {
    enum Kind { case percent, money, time, count }

    let target: Double?
    let baseline: Double?
    /// Nil when the enhet is missing or not recognised: then any level may describe it.
    let kind: Kind?
    /// Kronor or minutes per unit, when the enhet names one.
    let scale: Double?

    init(_ indicator: YAMLNode) {
        target = indicator["målvärde"]?.number("värde")
        baseline = indicator["utgångsvärde"]?.number("värde")
        let unit = (indicator.text("enhet") ?? "").lowercased().trimmingCharacters(in: .whitespaces)
        let words = GoalText.tokenize(unit).map(\.text)
        if unit.contains("%") || words.contains(where: { ["procent", "andel", "procentenheter"].contains($0) }) {
            (kind, scale) = (.percent, nil)
        } else if let scale = words.lazy.compactMap(QuantityReader.moneyScale).first {
            (kind, self.scale) = (.money, scale)
        } else if words.contains(where: { QuantityReader.unit(of: $0) == .time }) {
            (kind, scale) = (.time, words.lazy.compactMap(QuantityReader.timeScale).first)
        } else if words.contains(where: { ["antal", "st", "stycken", "personer", "besök", "besökare"].contains($0) }) {
            (kind, scale) = (.count, nil)
        } else {
            (kind, scale) = (nil, nil)
        }
    }

    var changes: [Double] {
        guard let target, let baseline else { return [] }
        return [abs(target - baseline)] + (baseline != 0 ? [abs(target - baseline) / abs(baseline) * 100] : [])
    }

    func accepts(_ level: Quantity) -> Bool {
        guard let kind else { return true }
        switch level.unit {
        case .none: return true
        case .percent: return kind == .percent || level.kind == .change
        case .percentagePoints: return kind == .percent
        case .money: return kind == .money
        case .time: return kind == .time
        case .count: return kind == .count
        }
    }

    /// The level in the indicator's unit, when both name a scale.
    func agrees(with level: Quantity) -> Bool {
        guard let target else { return false }
        return inUnit(level).contains { $0.agrees(with: target) }
    }

    /// A change agrees with målvärde − utgångsvärde, absolute or relative, in either unit.
    func agreesAsChange(_ level: Quantity) -> Bool {
        inUnit(level).contains { stated in changes.contains { stated.agrees(with: $0) || abs($0 - stated.value) < 0.05 } }
    }

    /// The level as written, and converted to the indicator's unit when both name a scale
    /// ("12 mnkr" against tkr is 12 000, "fyra veckor" against dagar 28).
    private func inUnit(_ level: Quantity) -> [Quantity] {
        let levelScale = level.unitWord.flatMap { level.unit == .money ? QuantityReader.moneyScale($0) : QuantityReader.timeScale($0) }
        guard let levelScale, let scale, levelScale != scale else { return [level] }
        var converted = level
        converted.value = level.value * levelScale / scale
        converted.upper = level.upper.map { $0 * levelScale / scale }
        return [level, converted]
    }
}

enum GoalChecks {
    static let all: [CheckFunction] = [targetRealism, compoundGoal, textNumberMatchesTarget, absoluteTarget]

    static func isPercent(_ indicator: YAMLNode) -> Bool {
        ["procent", "%", "andel"].contains(indicator.text("enhet")?.lowercased() ?? "")
    }

    static let targetRealism = CheckFunction(
        "target-realism",
        "On an indicator: a percentage target outside 0–100 (`percentRange`), a target year outside the plan period (`yearOutside`), a target the baseline already meets (`alreadyMet`), or a riktning that points away from the baseline-to-target change (`contradicts`). Arguments `{target}`, `{baseline}`, `{year}`, `{period}`, `{direction}`.",
        parameters: [],
        emits: [
            Emission("percentRange", fills: ["direction", "target"]),
            Emission("yearOutside", fills: ["direction", "period", "target", "year"]),
            Emission("alreadyMet", fills: ["baseline", "direction", "target"]),
            Emission("contradicts", fills: ["baseline", "direction", "target"]),
        ],
        selectors: [.indikator]
    ) { element, context in
        guard let indicator = element.node, let target = indicator["målvärde"], let document = element.document else { return [] }
        var hits: [Hit] = []
        let value = target.number("värde")
        var arguments = ["target": value?.formattedPlain ?? "", "direction": target.text("riktning") ?? ""]
        if let value, isPercent(indicator), value < 0 || value > 100 {
            hits.append(Hit(variant: "percentRange", arguments: arguments, location: element.location(target["värde"]), subject: "\(element.subject)/percent"))
        }
        if let year = target.year("år"), let period = document.period, !period.contains(year) {
            arguments["year"] = "\(year)"
            arguments["period"] = period.description
            hits.append(Hit(variant: "yearOutside", arguments: arguments, location: element.location(target["år"]), subject: "\(element.subject)/year"))
        }
        if let value, let baseline = indicator["utgångsvärde"]?.number("värde"), let direction = target.text("riktning") {
            arguments["baseline"] = baseline.formattedPlain
            let variant: String?
            switch direction {
            case "minst": variant = baseline == value ? "alreadyMet" : (value < baseline ? "contradicts" : nil)
            case "högst": variant = baseline == value ? "alreadyMet" : (value > baseline ? "contradicts" : nil)
            case "exakt": variant = baseline == value ? "alreadyMet" : nil
            default: variant = nil
            }
            if let variant {
                hits.append(Hit(variant: variant, arguments: arguments, location: element.location(target), subject: "\(element.subject)/\(variant)"))
            }
        }
        return hits
    }

    static let compoundGoal = CheckFunction(
        "compound-goal",
        "Fires when the text at `field` (default `text`) holds two or more of `verbs` (base forms matched in every inflection, as in `word-list`) as predicates, outside relative clauses, with one of `joiners` between them: several goals in one. Argument `{verbs}`. Variant `noLevel` when neither the text states a level nor an indicator has a målvärde; with `measures`, variant `measures` (`{measures}`) for one result verb over two measures joined in its clause.",
        parameters: [
            ParameterSpec("field", .path, "path of the text"),
            ParameterSpec("verbs", .words, required: true, "result verbs"),
            ParameterSpec("joiners", .words, required: true, "words that join goals: och, samt, ','"),
            ParameterSpec("measures", .bool, "also fire, variant `measures`, when one result verb governs two measures (andelen … och andelen … ska öka)"),
        ],
        emits: [
            Emission(nil, fills: ["verbs"]),
            Emission("noLevel", fills: ["verbs"]),
            Emission("measures", .option("measures"), fills: ["measures"]),
        ],
        selectors: [.mål]
    ) { element, context in
        let field = context.options.string("field") ?? "text"
        guard let text = element.node?.text(field) else { return [] }
        let analysed = GoalText.of(text)
        let joiners = Set(context.options.strings("joiners").map { $0.lowercased() })
        let tokens = analysed.tokens
        let found = (context.options.patterns["verbs"]?.find(in: analysed, mainClauseOnly: true) ?? [])
            .filter { !inRelativeClause($0.range.lowerBound, tokens) }
        // One result verb for two measures: "Andelen behöriga lärare och andelen elever med
        // godkända betyg ska öka", "… ska höjas, liksom andelen behöriga".
        if context.options.bool("measures"), let verb = found.first,
           let measures = coordinatedMeasures(tokens, joiners: joiners, verb: verb.range.lowerBound) {
            return [Hit(variant: "measures", arguments: ["measures": measures],
                        location: element.location(key: field), subject: element.subject)]
        }
        guard found.count >= 2 else { return [] }
        for (first, second) in zip(found, found.dropFirst()) {
            let between = tokens[first.range.upperBound..<second.range.lowerBound]
            guard between.contains(where: { joiners.contains($0.text) }),
                  // "så att driftskostnaderna sänks", "genom att arbetsmiljön förbättras": the
                  // second verb is the purpose or the means of the first result.
                  !between.contains(where: { subordinators.contains($0.text) }),
                  !reachesLevel(second, analysed) else { continue }
            // Without a level in the text or a målvärde, the parts are also vague: one
            // finding says both (SM001 defers to it through `superseded_by`).
            let measured = !analysed.levels.isEmpty
                || element.node?.list("indikatorer").contains(where: { $0["målvärde"]?.number("värde") != nil }) == true
            return [Hit(variant: measured ? nil : "noLevel",
                        arguments: ["verbs": "\"\(first.words)\" och \"\(second.words)\"", "verbs@en": "\"\(first.words)\" and \"\(second.words)\""],
                        location: element.location(key: field), subject: element.subject)]
        }
        return []
    }

    /// Nouns that open a measure: "andelen elever …", "antalet besökare …".
    static let measureHeads: Set<String> = ["andelen", "antalet", "andel", "antal"]

    /// Two measures joined in the verb's clause (outside relative clauses), each quoted by
    /// its head and the next word: "\"andelen behöriga\" och \"andelen elever\"".
    static func coordinatedMeasures(_ tokens: [GoalText.Token], joiners: Set<String>, verb: Int) -> String? {
        let heads = tokens.indices.filter { measureHeads.contains(tokens[$0].text) && !tokens[$0].subordinate }
        for (first, second) in zip(heads, heads.dropFirst()) {
            let between = tokens[(first + 1)..<second]
            // The second measure joined to the first, with no verb's clause or comparison
            // between ("andelen … i förhållande till antalet …" compares one with the other).
            guard let joiner = between.last(where: { joiners.contains($0.text) || $0.text == "liksom" }), joiner.kind != .number,
                  !between.contains(where: { subordinators.contains($0.text) || ["av", "till", "per", "mot", "än", "bland"].contains($0.text) && $0.text != joiner.text }),
                  second - first <= 12,
                  // Both measures around the same verb: before it, or the second after it with "liksom"/"samt".
                  second < verb || (first < verb && ["liksom", "samt", "och"].contains(joiner.text)) else { continue }
            func quoted(_ index: Int) -> String {
                let next = index + 1 < tokens.count && tokens[index + 1].kind == .word ? " " + tokens[index + 1].text : ""
                return "\"\(tokens[index].text)\(next)\""
            }
            return "\(quoted(first)), \(quoted(second))"
        }
        return nil
    }

    /// Words that open a clause saying why or how, not a second goal.
    static let subordinators: Set<String> = ["att", "därmed", "vilket", "eftersom", "därigenom", "varigenom", "så"]

    /// "öka och nå minst 90 procent": reaching a level states the first result's level.
    static func reachesLevel(_ match: WordPatterns.Match, _ text: GoalText) -> Bool {
        let verb = text.tokens[match.range.lowerBound].text
        guard ["nå", "når", "uppnå", "uppnår", "uppgå", "uppgår"].contains(verb) else { return false }
        let window = text.tokens[match.range.upperBound..<min(text.tokens.count, match.range.upperBound + 4)]
        return window.contains { $0.kind == .number } || window.contains { QuantityReader.wordValue($0.text) != nil || $0.text == "hälften" }
    }

    static let modals: Set<String> = ["ska", "skall", "kommer", "bör", "måste"]

    /// A verb in a relative clause however far after "som" it stands ("elever som efter
    /// avslutad insats når målen och höjer sina betyg ska vara …"): "som" comes before it
    /// with no modal verb or comma between, and the main clause's modal is still to come.
    /// Without that modal the relative clause ends at its first verb ("andelen som får
    /// plats höjs"), as the word patterns read it.
    static func inRelativeClause(_ index: Int, _ tokens: [GoalText.Token]) -> Bool {
        guard tokens[(index + 1)...].contains(where: { modals.contains($0.text) }) else { return false }
        var position = index - 1
        while position >= 0 {
            let text = tokens[position].text
            if text == "som" { return true }
            if modals.contains(text) || [",", ".", ";"].contains(text) { return false }
            position -= 1
        }
        return false
    }

    static let textNumberMatchesTarget = CheckFunction(
        "text-number-matches-target",
        "On a goal: when its text states levels (numbers with a unit or comparison, in digits or words, such as minst 2 050, högst fem procent, hälften; never a year, date, school year, age, label or time limit) and its indicators have målvärden, at least one level must equal a målvärde. A change (öka med 3 procentenheter) is compared with målvärde − utgångsvärde, absolute or relative, and only where an indicator has both. Arguments `{numbers}`, `{targets}`.",
        parameters: [],
        emits: [Emission(nil, fills: ["numbers", "targets"])],
        selectors: [.mål]
    ) { element, context in
        guard let goal = element.node, let text = goal.text("text") else { return [] }
        let indicators = goal.list("indikatorer").map(IndicatorMeasure.init)
        let targets = indicators.compactMap(\.target)
        guard !targets.isEmpty else { return [] }
        // Each level is compared with the indicators it can describe: a percentage with a
        // percentage, an amount of money or a time converted to the indicator's unit, a
        // count with a count. A level no indicator can describe says nothing about them.
        var stated: [Quantity] = []
        var compared: [Double] = []
        var agreed = false
        for level in GoalText.of(text).levels {
            let candidates = indicators.filter { $0.target != nil && $0.accepts(level) }
            if level.kind == .change {
                // Compared with målvärde − utgångsvärde, absolute or relative, only where an
                // indicator has both.
                guard candidates.contains(where: { !$0.changes.isEmpty }) else { continue }
                stated.append(level)
                compared += candidates.compactMap(\.target)
                if candidates.contains(where: { $0.agreesAsChange(level) }) { agreed = true }
            } else {
                guard !candidates.isEmpty else { continue }
                stated.append(level)
                compared += candidates.compactMap(\.target)
                if candidates.contains(where: { $0.agrees(with: level) }) { agreed = true }
            }
        }
        guard !stated.isEmpty, !agreed else { return [] }
        var shown: [Double] = []
        for target in compared where !shown.contains(target) { shown.append(target) }
        return [Hit(arguments: ["numbers": stated.map(\.written).joined(separator: ", "),
                                "targets": shown.map(\.formattedPlain).joined(separator: ", ")],
                    location: element.location(key: "text"), subject: element.subject)]
    }

    static let absoluteTarget = CheckFunction(
        "absolute-target",
        "On a goal: a target of 100 % (riktning minst or exakt), a target of 0 with riktning högst or exakt (zero tolerance), or a text that promises `words` (alla, samtliga, varje, ingen, ...) as its level: not when the text states a numeric level beside them (\"minst 80 procent av samtliga\": samtliga names the group), nor right after `not_after` or before `not_before` (a scope or a frequency). Variants `hundred`, `zero`, `word`; arguments `{indicator}`, `{matches}`.",
        parameters: [
            ParameterSpec("words", .words, "absolute words in the goal text"),
            ParameterSpec("not_after", .strings, "ignore a word right after one of these (i: 'i varje barngrupp' is a scope)"),
            ParameterSpec("not_before", .strings, "ignore a word right before one of these (år: 'varje år' is a frequency)"),
        ],
        emits: [
            Emission("hundred", fills: ["indicator"]),
            Emission("word", fills: ["matches"]),
            Emission("zero", fills: ["indicator"]),
        ],
        selectors: [.mål]
    ) { element, context in
        guard let goal = element.node else { return [] }
        for indicator in goal.list("indikatorer") {
            guard let target = indicator["målvärde"], let value = target.number("värde") else { continue }
            let direction = target.text("riktning") ?? "minst"
            let name = indicator.text("id") ?? indicator.text("namn") ?? ""
            if value == 100, isPercent(indicator), direction != "högst" {
                return [Hit(variant: "hundred", arguments: ["indicator": name], location: element.location(target), subject: element.subject)]
            }
            if value == 0, direction == "högst" || direction == "exakt" {
                return [Hit(variant: "zero", arguments: ["indicator": name], location: element.location(target), subject: element.subject)]
            }
        }
        let analysed = GoalText.of(goal.text("text") ?? "")
        // A numeric level other than 100 % or zero is the level; the absolute word then names the group.
        let numeric = analysed.levels.contains { level in !(level.value == 0 || (level.value == 100 && level.unit == .percent)) }
        guard !numeric else { return [] }
        let notAfter = Set(context.options.strings("not_after").map { $0.lowercased() })
        let notBefore = Set(context.options.strings("not_before").map { $0.lowercased() })
        let tokens = analysed.tokens
        let found = (context.options.patterns["words"]?.find(in: analysed) ?? []).filter { match in
            !GenericChecks.follows(notAfter, match.range.lowerBound, tokens)
                && (match.range.upperBound >= tokens.count || !notBefore.contains(tokens[match.range.upperBound].text))
        }
        guard !found.isEmpty else { return [] }
        return [Hit(variant: "word", arguments: ["matches": found.map { "\"\($0.words)\"" }.joined(separator: ", ")],
                    location: element.location(key: "text"), subject: element.subject)]
    }
}
