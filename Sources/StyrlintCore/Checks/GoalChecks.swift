/// SMART goals and their målvärden.
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
        "Fires when the text at `field` (default `text`) holds two or more of `verbs` (base forms matched in every inflection, as in `word-list`) as predicates, outside relative clauses, with one of `joiners` between them: several goals in one. Argument `{verbs}`. Variant `noLevel` when neither the text states a level nor an indicator has a målvärde.",
        parameters: [
            ParameterSpec("field", .path, "path of the text"),
            ParameterSpec("verbs", .words, required: true, "result verbs"),
            ParameterSpec("joiners", .words, required: true, "words that join goals: och, samt, ','"),
        ],
        emits: [
            Emission(nil, fills: ["verbs"]),
            Emission("noLevel", fills: ["verbs"]),
        ],
        selectors: [.mål]
    ) { element, context in
        let field = context.options.string("field") ?? "text"
        guard let text = element.node?.text(field) else { return [] }
        let analysed = GoalText.of(text)
        let joiners = Set(context.options.strings("joiners").map { $0.lowercased() })
        let found = context.options.patterns["verbs"]?.find(in: analysed, mainClauseOnly: true) ?? []
        guard found.count >= 2 else { return [] }
        for (first, second) in zip(found, found.dropFirst())
        where analysed.tokens[first.range.upperBound..<second.range.lowerBound].contains(where: { joiners.contains($0.text) }) {
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

    static let textNumberMatchesTarget = CheckFunction(
        "text-number-matches-target",
        "On a goal: when its text states levels (numbers with a unit or comparison, in digits or words, such as minst 2 050, högst fem procent, hälften; never a year, date, school year, age, label or time limit) and its indicators have målvärden, at least one level must equal a målvärde. A change (öka med 3 procentenheter) is compared with målvärde − utgångsvärde, absolute or relative, and only where an indicator has both. Arguments `{numbers}`, `{targets}`.",
        parameters: [],
        emits: [Emission(nil, fills: ["numbers", "targets"])],
        selectors: [.mål]
    ) { element, context in
        guard let goal = element.node, let text = goal.text("text") else { return [] }
        let indicators = goal.list("indikatorer")
        let targets = indicators.compactMap { $0["målvärde"]?.number("värde") }
        // A change ("öka med 3 procentenheter") is compared with målvärde − utgångsvärde,
        // absolute or relative, and only where an indicator has both.
        let changes = indicators.flatMap { indicator -> [Double] in
            guard let target = indicator["målvärde"]?.number("värde"), let baseline = indicator["utgångsvärde"]?.number("värde") else { return [] }
            return [abs(target - baseline)] + (baseline != 0 ? [abs(target - baseline) / abs(baseline) * 100] : [])
        }
        let stated = GoalText.of(text).levels.filter { $0.kind == .level || !changes.isEmpty }
        func agrees(_ level: Quantity) -> Bool {
            level.kind == .change ? changes.contains { level.agrees(with: $0) || abs($0 - level.value) < 0.05 } : targets.contains(where: level.agrees)
        }
        guard !stated.isEmpty, !targets.isEmpty, !stated.contains(where: agrees) else { return [] }
        return [Hit(arguments: ["numbers": stated.map(\.written).joined(separator: ", "),
                                "targets": targets.map(\.formattedPlain).joined(separator: ", ")],
                    location: element.location(key: "text"), subject: element.subject)]
    }

    static let absoluteTarget = CheckFunction(
        "absolute-target",
        "On a goal: a target of 100 % (riktning minst or exakt), a target of 0 with riktning högst or exakt (zero tolerance), or a text that promises `words` (alla, samtliga, varje, ingen, ...) as its level: not when the text states a numeric level beside them (\"minst 80 procent av samtliga\": samtliga names the group). Variants `hundred`, `zero`, `word`; arguments `{indicator}`, `{matches}`.",
        parameters: [ParameterSpec("words", .words, "absolute words in the goal text")],
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
        let found = context.options.patterns["words"]?.find(in: analysed) ?? []
        guard !found.isEmpty else { return [] }
        return [Hit(variant: "word", arguments: ["matches": found.map { "\"\($0.words)\"" }.joined(separator: ", ")],
                    location: element.location(key: "text"), subject: element.subject)]
    }
}
