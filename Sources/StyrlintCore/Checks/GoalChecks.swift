/// SMART goals and their målvärden.
enum GoalChecks {
    static let all: [CheckFunction] = [targetRealism, compoundGoal, textNumberMatchesTarget, absoluteTarget]

    static func isPercent(_ indicator: YAMLNode) -> Bool {
        ["procent", "%", "andel"].contains(indicator.text("enhet")?.lowercased() ?? "")
    }

    static let targetRealism = CheckFunction(
        "target-realism",
        "On an indicator: a percentage target outside 0–100 (`percentRange`), a target year outside the plan period (`yearOutside`), a target the baseline already meets (`alreadyMet`), or a riktning that points away from the baseline-to-target change (`contradicts`). Arguments `{target}`, `{baseline}`, `{year}`, `{period}`, `{direction}`.",
        parameters: []
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
        "Fires when the text at `field` (default `text`) holds two or more of `verbs` with one of `joiners` between them: several goals in one. Words ending in `*` match as prefixes. Argument `{verbs}`.",
        parameters: [
            ParameterSpec("field", .string, "path of the text"),
            ParameterSpec("verbs", .strings, required: true, "result verbs"),
            ParameterSpec("joiners", .strings, required: true, "words that join goals: och, samt, ','"),
        ]
    ) { element, context in
        let field = context.options.string("field") ?? "text"
        guard let text = element.node?.text(field) else { return [] }
        let tokens = Words.tokens(text)
        let verbs = (context.options.patterns["verbs"] ?? []).compactMap(\.first)
        let joiners = Set(context.options.strings("joiners").map { $0.lowercased() })
        let positions = tokens.indices.filter { index in verbs.contains { $0.matches(tokens[index]) } }
        guard positions.count >= 2 else { return [] }
        for (first, second) in zip(positions, positions.dropFirst()) where tokens[(first + 1)..<second].contains(where: joiners.contains) {
            return [Hit(arguments: ["verbs": "\"\(tokens[first])\", \"\(tokens[second])\""],
                        location: element.location(key: field), subject: element.subject)]
        }
        return []
    }

    static let textNumberMatchesTarget = CheckFunction(
        "text-number-matches-target",
        "On a goal: when its text states numbers (years 1900–2200 aside) and its indicators have målvärden, at least one stated number must equal a målvärde. Arguments `{numbers}`, `{targets}`.",
        parameters: []
    ) { element, context in
        guard let goal = element.node, let text = goal.text("text") else { return [] }
        let stated = Words.numbers(text).filter { !($0 == $0.rounded() && (1900...2200).contains($0)) }
        let targets = goal.list("indikatorer").compactMap { $0["målvärde"]?.number("värde") }
        guard !stated.isEmpty, !targets.isEmpty, !stated.contains(where: targets.contains) else { return [] }
        return [Hit(arguments: ["numbers": stated.map(\.formattedPlain).joined(separator: ", "),
                                "targets": targets.map(\.formattedPlain).joined(separator: ", ")],
                    location: element.location(key: "text"), subject: element.subject)]
    }

    static let absoluteTarget = CheckFunction(
        "absolute-target",
        "On a goal: a target of 100 % (riktning minst or exakt), a target of 0 with riktning högst or exakt (zero tolerance), or a text that promises `words` (alla, samtliga, ingen, ...). Variants `hundred`, `zero`, `word`; arguments `{indicator}`, `{matches}`.",
        parameters: [ParameterSpec("words", .strings, "absolute words in the goal text")]
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
        let found = Words.find(context.options.patterns["words"] ?? [], in: Words.tokens(goal.text("text") ?? ""))
        guard !found.isEmpty else { return [] }
        return [Hit(variant: "word", arguments: ["matches": found.map { "\"\($0)\"" }.joined(separator: ", ")],
                    location: element.location(key: "text"), subject: element.subject)]
    }
}
