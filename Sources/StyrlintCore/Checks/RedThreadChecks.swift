/// The röda tråden: references between plans, goals and organs, and the graph they form.
enum RedThreadChecks {
    static let all: [CheckFunction] = [reference, hierarchy, coverage, coordination, periodWithinParent, uniqueIDs]

    enum Target: String, CaseIterable {
        case plan, document
        case higherGoal = "higher-goal", planGoal = "plan-goal", planRisk = "plan-risk", organ
        case reportPlan = "report-plan", reportGoal = "report-goal", reportIndicator = "report-indicator", reportControl = "report-control"
    }

    static let reference = CheckFunction(
        "reference",
        "Each id at `field` must name something that exists. `target`: plan (a verksamhetsplan), document, higher-goal (a goal of the överordnad plan; a målområde for a fullmäktigemål), plan-goal (a goal of the same plan), plan-risk (a risk of the same internkontrollplan), organ (the fullmäktige plan's organisation), report-plan, report-goal, report-indicator, report-control. With `required`, a missing field is a finding too (variant `missing`). Variant `notFound` with `{value}`; for higher-goal, variant `focusArea` when a goal below fullmäktige names one of the parent plan's målområden (`{area}`, `{goals}`: the fullmäktigemål under it).",
        parameters: [
            ParameterSpec("field", .path, required: true, "path of the id or list of ids"),
            ParameterSpec("target", .oneOf(Target.allCases.map(\.rawValue)), required: true, "what the ids name"),
            ParameterSpec("required", .bool, "a missing field is a finding"),
        ],
        fixes: ["notFound": [.unsafe]],
        emits: [
            Emission("notFound", fills: ["field", "scope", "suggestion", "value"]),
            Emission("missing", .option("required"), fills: ["field"]),
            Emission("focusArea", .optionValue("target", ["higher-goal"]), fills: ["area", "field", "goals", "scope", "suggestion", "value"]),
        ]
    ) { element, context in
        guard let path = context.options.path("field"),
              let target = context.options.string("target").flatMap(Target.init(rawValue:)),
              let document = element.document else { return [] }
        let field = path.text
        let nodes = FieldPath.values(path, in: element.node).flatMap { $0.isSequence ? Array($0.items) : [$0] }.filter { !$0.isNull }
        if nodes.isEmpty {
            guard context.options.bool("required") else { return [] }
            let location = element.kind == .verksamhetsplan || element.kind == .rapport || element.kind == .internkontrollplan
                ? document.startLocation : element.location(element.node?.entries.first?.key ?? element.node)
            return [Hit(variant: "missing", arguments: ["field": field], location: location, subject: "\(element.subject)/\(field)")]
        }
        guard let known = knownIDs(target, element: element, repository: context.repository) else { return [] }
        return nodes.compactMap { node in
            guard let value = node.scalar, !known.ids.contains(value) else { return nil }
            var arguments = ["value": value, "field": field, "scope": known.scope]
            arguments["suggestion"] = Suggestion.closest(to: value, among: Array(known.ids).sorted())
            // A goal below fullmäktige that names a målområde skips a level: say which
            // fullmäktigemål sit under it, one of which is meant.
            if target == .higherGoal, document.level != .fullmäktige, let parent = context.repository.plan(id: known.scope),
               let area = parent.root?.list("målområden").first(where: { $0.text("id") == value }) {
                let goals = parent.goals.filter { goal in
                    FieldPath.values("bidrar_till", in: goal).flatMap { $0.isSequence ? Array($0.items) : [$0] }.contains { $0.scalar == value }
                }.compactMap { $0.text("id") }
                arguments["area"] = area.text("namn") ?? value
                arguments["goals@sv"] = goals.isEmpty ? "inga mål ännu" : NumberText.list(goals, .sv)
                arguments["goals@en"] = goals.isEmpty ? "no goals yet" : NumberText.list(goals, .en)
                return Hit(variant: "focusArea", arguments: arguments, location: element.location(node),
                           subject: "\(element.subject)/\(field)=\(value)")
            }
            // One close existing id (KF9 → KF1 when no KF2 is as close) is a fix, but a guess.
            // Never to an id the list names already: [KF1, KF7] must not become [KF1, KF1].
            let listed = Set(nodes.compactMap(\.scalar))
            let fix = Suggestion.unique(to: value, among: Array(known.ids.subtracting(listed))).flatMap { Fix.replacing(node, with: $0, .unsafe) }
            return Hit(variant: "notFound", arguments: arguments, location: element.location(node), subject: "\(element.subject)/\(field)=\(value)", fix: fix)
        }
    }

    /// The ids a reference may name, and a description of where they were looked for;
    /// nil when that place itself is missing (another rule reports it).
    static func knownIDs(_ target: Target, element: Element, repository: Repository) -> (ids: Set<String>, scope: String)? {
        guard let document = element.document, let root = document.root else { return nil }
        // The document's own ids, from the sets the repository built once, unless another
        // document holds the same id (then the sets are that one's).
        func own(_ index: [String: Set<String>], _ key: String) -> Set<String> {
            if let id = document.id, repository.document(id: id) === document, let ids = index[id] { return ids }
            return Set(root.list(key).compactMap { $0.text("id") })
        }
        switch target {
        case .plan:
            return (repository.planIDs, "verksamhetsplaner")
        case .document:
            return (repository.documentIDs, "dokument")
        case .higherGoal:
            if document.level == .fullmäktige {
                return (own(repository.areaIDs, "målområden"), document.subjectID)
            }
            guard let parentID = document.string("överordnad"), repository.plan(id: parentID) != nil else { return nil }
            return (repository.goalIDs[parentID] ?? [], parentID)
        case .planGoal:
            return (own(repository.goalIDs, "mål"), document.subjectID)
        case .planRisk:
            return (own(repository.riskIDs, "risker"), document.subjectID)
        case .organ:
            let types = repository.organTypes(for: document)
            return types.isEmpty ? nil : (Set(types.keys), "organisation")
        case .reportPlan:
            let internalControl = document.string("rapporttyp") == "internkontrollrapport"
            return (internalControl ? repository.internalControlPlanIDs : repository.planIDs,
                    internalControl ? DocumentKind.internkontrollplan.rawValue : DocumentKind.verksamhetsplan.rawValue)
        case .reportGoal, .reportIndicator, .reportControl:
            guard let planID = document.string("plan"), repository.document(id: planID) != nil else { return nil }
            switch target {
            case .reportGoal:
                return (repository.goalIDs[planID] ?? [], planID)
            case .reportControl:
                return (repository.controlIDs[planID] ?? [], planID)
            default:
                guard let goalID = element.owner?.text("mål"), repository.goalIDs[planID]?.contains(goalID) == true else { return nil }
                return (repository.indicatorIDs[goalID] ?? [], goalID)
            }
        }
    }

    static let hierarchy = CheckFunction(
        "hierarchy",
        "The `överordnad` chain must end at a fullmäktige plan without a cycle, each step going to a higher level (fullmäktige above nämnd and bolag, above verksamhet, above enhet). Variants `cycle` (`{chain}`) and `level` (`{parent}`, `{parentLevel}`, `{level}`).",
        parameters: [],
        emits: [
            Emission("cycle", fills: ["chain"]),
            Emission("level", fills: ["level", "parent", "parentLevel"]),
        ],
        selectors: [.verksamhetsplan]
    ) { element, context in
        guard let document = element.document, let level = document.level,
              let parentID = document.string("överordnad") else { return [] }
        let location = document.location(document.root?["överordnad"])
        if let parent = context.repository.plan(id: parentID), let parentLevel = parent.level, parentLevel.rank >= level.rank {
            return [Hit(variant: "level", arguments: ["parent": parentID, "parentLevel": parentLevel.rawValue, "level": level.rawValue],
                        location: location, subject: "\(element.subject)/level")]
        }
        // A cycle further up is reported at its members, not at every plan leading into it.
        guard let cycle = context.repository.cycle(through: document) else { return [] }
        let chain = cycle.map(\.subjectID) + [document.subjectID]
        return [Hit(variant: "cycle", arguments: ["chain": chain.joined(separator: " → ")],
                    location: location, subject: "\(element.subject)/cycle")]
    }

    /// Nämnd and bolag plans directly under a fullmäktige plan.
    static func boardPlans(under council: Document, _ repository: Repository) -> [Document] {
        guard let id = council.id else { return [] }
        return (repository.childPlans[id] ?? []).filter { $0.level == .nämnd || $0.level == .bolag }
    }

    static let coverage = CheckFunction(
        "coverage",
        "On a fullmäktige plan: every målområde and fullmäktigemål must be carried by at least one goal of a nämnd or bolag plan under it. Checked only once such plans exist. Variants `area` and `goal`, argument `{target}`.",
        parameters: [],
        emits: [
            Emission("goal", fills: ["target"]),
            Emission("area", fills: ["target"]),
        ],
        selectors: [.verksamhetsplan]
    ) { element, context in
        guard let document = element.document, document.level == .fullmäktige, let root = document.root, let councilID = document.id,
              !boardPlans(under: document, context.repository).isEmpty else { return [] }
        // Carried means: a nämnd or bolag goal's link resolves to it, as the shared röda
        // tråden resolves links for the report's tree and the graph.
        let thread = context.repository.redThread, index = thread.index
        var hits: [Hit] = []
        var coveredAreas = Set<String>()
        for goal in document.goals {
            guard let id = goal.text("id") else { continue }
            let carried = index.definition(.goal, scope: councilID, id: id).map { definition in
                thread.carriers(of: definition).contains { $0.level == .nämnd || $0.level == .bolag }
            } ?? false
            if carried {
                coveredAreas.formUnion(thread.goal(document, goal)?.valid.map(\.id) ?? [])
            } else {
                hits.append(Hit(variant: "goal", arguments: ["target": id], location: document.location(goal["id"] ?? goal),
                                subject: "\(document.subjectID)/mål:\(id)"))
            }
        }
        for area in root.list("målområden") {
            guard let id = area.text("id"), !coveredAreas.contains(id) else { continue }
            hits.append(Hit(variant: "area", arguments: ["target": id], location: document.location(area["id"] ?? area),
                            subject: "\(document.subjectID)/målområde:\(id)"))
        }
        return hits
    }

    static let coordination = CheckFunction(
        "coordination",
        "On a fullmäktige plan: each organ in a målområde's `samordning` must have a plan under it with a goal that carries a fullmäktigemål of that målområde. Checked only once nämnd or bolag plans exist. Arguments `{organ}`, `{area}`.",
        parameters: [],
        emits: [Emission(nil, fills: ["area", "organ"])],
        selectors: [.verksamhetsplan]
    ) { element, context in
        guard let document = element.document, document.level == .fullmäktige, let root = document.root else { return [] }
        let boards = boardPlans(under: document, context.repository)
        guard !boards.isEmpty, let councilID = document.id else { return [] }
        // The same links RT005 and the report's tree read: a fullmäktigemål serves a
        // målområde, a nämnd goal carries a fullmäktigemål.
        let thread = context.repository.redThread
        var hits: [Hit] = []
        for area in root.list("målområden") {
            guard let areaID = area.text("id") else { continue }
            let councilGoals = Set(thread.carriers(of: thread.index.definition(.focusArea, scope: councilID, id: areaID))
                .filter { $0.document === document }.compactMap { $0.definition.map(RedThread.key) })
            for organNode in area.list("samordning") {
                guard let organ = organNode.scalar else { continue }
                let contributes = boards.contains { plan in
                    plan.organ == organ && plan.goals.contains { goal in
                        thread.goal(plan, goal)?.valid.contains { councilGoals.contains(RedThread.key($0)) } ?? false
                    }
                }
                if !contributes {
                    hits.append(Hit(arguments: ["organ": organ, "area": areaID], location: document.location(organNode),
                                    subject: "\(document.subjectID)/målområde:\(areaID)/\(organ)"))
                }
            }
        }
        return hits
    }

    static let periodWithinParent = CheckFunction(
        "period-within-parent",
        "A plan's period must lie inside the period of its överordnad plan. Arguments `{period}`, `{parent}`, `{parentPeriod}`.",
        parameters: [],
        emits: [Emission(nil, fills: ["parent", "parentPeriod", "period"])],
        selectors: [.verksamhetsplan]
    ) { element, context in
        guard let document = element.document, let period = document.period,
              let parentID = document.string("överordnad"), let parent = context.repository.plan(id: parentID),
              let parentPeriod = parent.period else { return [] }
        guard period.from < parentPeriod.from || period.to > parentPeriod.to else { return [] }
        return [Hit(arguments: ["period": period.description, "parent": parentID, "parentPeriod": parentPeriod.description],
                    location: document.location(document.root?["period"]), subject: "\(element.subject)/period")]
    }

    static let uniqueIDs = CheckFunction(
        "unique-ids",
        "Ids must be unique in their scope: document ids and goal ids in the repository; målområden, organisation, handlingsplan items, risks, kontrollmoment and åtgärder within their document; indicators within their goal. Arguments `{value}`, `{scope}`, `{first}` (file:line of the first use).",
        parameters: [],
        emits: [Emission(nil, fills: ["first", "scope", "value"])],
        selectors: [.arkiv]
    ) { _, context in
        var hits: [Hit] = []
        // Where each id was first seen and how often: names and places are spelled out only
        // for a repeat, which is rare; every id of the repository passes through here.
        struct ScopedID: Hashable {
            let scope: String
            let value: String
        }
        var seen: [ScopedID: (document: Document, line: Int, count: Int)] = [:]
        func check(_ node: YAMLNode?, in document: Document, scopeKey: String, scope: () -> (sv: String, en: String)) {
            guard let node, let value = node.scalar, !value.isEmpty else { return }
            let key = ScopedID(scope: scopeKey, value: value)
            if let first = seen[key] {
                seen[key]!.count += 1
                let names = scope()
                // Identified by scope, value and which repeat it is: moving a file keeps it.
                hits.append(Hit(arguments: ["value": value, "scope": names.sv, "scope@en": names.en,
                                            "first": "\(first.document.path):\(first.line)"],
                                location: document.location(node), subject: "\(scopeKey)/\(value)#\(first.count + 1)"))
            } else {
                seen[key] = (document, node.start.line, 1)
            }
        }
        for document in context.repository.documents {
            guard let root = document.root else { continue }
            check(root["id"], in: document, scopeKey: "document") { ("dokument", "documents") }
            let local = "doc:\(document.subjectID)"
            for goal in root.list("mål") {
                check(goal["id"], in: document, scopeKey: "goal") { ("mål", "goals") }
                let indicators = goal.list("indikatorer")
                guard !indicators.isEmpty else { continue }
                let goalID = goal.text("id")
                let goalScope = "\(local)/\(goalID ?? "")"
                for indicator in indicators {
                    check(indicator["id"], in: document, scopeKey: goalScope) {
                        ("indikatorer i \(goalID ?? "målet")", "indicators of \(goalID ?? "the goal")")
                    }
                }
            }
            for (key, scope) in [("målområden", "målområden"), ("organisation", "organisation"), ("handlingsplan", "handlingsplan"),
                                 ("risker", "risker"), ("kontrollmoment", "kontrollmoment"), ("åtgärder", "åtgärder")] {
                let items = root.list(key)
                guard !items.isEmpty else { continue }
                let scopeKey = "\(local)/\(key)"
                for item in items {
                    check(item["id"], in: document, scopeKey: scopeKey) { ("\(scope) i \(document.subjectID)", "\(scope) in \(document.subjectID)") }
                }
            }
        }
        return hits
    }
}
