/// Follow-up reports against the årshjul, the budget and the plan's goals (§ 5.1–5.5).
enum ReportChecks {
    static let all: [CheckFunction] = [lateReport, missingReports, budgetDeviation, assessesAllGoals, assessmentComplete,
                                       unexpectedPeriod, assessmentConsistent, calendarLaw]

    /// Year and month of a report's `period` (`YYYY-MM` or `YYYY`).
    static func period(of report: YAMLNode) -> (year: Int, month: Int?)? {
        guard let node = report["period"] else { return nil }
        if let year = ScalarValue.integer(node) { return (1900...2200).contains(year) ? (year, nil) : nil }
        guard let month = node.scalar.flatMap(Month.init(iso:)), (1900...2200).contains(month.year) else { return nil }
        return (month.year, month.month)
    }

    static func deadline(of report: YAMLNode, _ calendar: ReportingCalendar) -> Day? {
        guard let type = report.text("rapporttyp"), let period = period(of: report) else { return nil }
        return calendar.deadline(reportType: type, periodYear: period.year, month: period.month)
    }

    static let lateReport = CheckFunction(
        "late-report",
        "A report submitted (`inlämnad`) after its årshjul deadline. Arguments `{days}`, `{deadline}`, `{submitted}`, `{type}`, `{period}`.",
        parameters: [],
        emits: [Emission(nil, fills: ["days", "deadline", "period", "submitted", "type"])],
        selectors: [.rapport]
    ) { element, context in
        guard let report = element.node, let submitted = report.date("inlämnad"),
              let deadline = deadline(of: report, context.config.calendar), submitted > deadline else { return [] }
        return [Hit(arguments: ["days": "\(submitted.ordinal - deadline.ordinal)", "deadline": deadline.description,
                                "submitted": submitted.description, "type": report.text("rapporttyp") ?? "",
                                "period": report.text("period") ?? ""],
                    location: element.location(report["inlämnad"]), subject: "\(element.subject)/late")]
    }

    /// Organs that report on the årshjul: nämnder, the styrelse and bolag.
    static let missingReports = CheckFunction(
        "missing-reports",
        "For each year of an adopted nämnd or bolag plan, every report the årshjul demands (månadsrapporter, delår, årsbokslut) whose deadline is before the check date must exist for the organ. One finding per plan: the main message for one missing report (`{type}`, `{period}`, `{deadline}`, `{days}`), variant `several` listing them all (`{count}`, `{reports}`, `{first}`, `{last}`); `{organ}` in both.",
        parameters: [],
        emits: [
            Emission(nil, fills: ["days", "deadline", "organ", "period", "type"]),
            Emission("several", fills: ["count", "first", "last", "organ", "reports"]),
        ],
        selectors: [.verksamhetsplan]
    ) { element, context in
        // The obligations the auditor's årshjul shows, judged the same way.
        guard let document = element.document, let organ = document.organ else { return [] }
        let missing = ReportingObligations.obligations(for: document, in: context.repository, checkDate: context.checkDate)
            .filter { if case .missing = $0.status { return true } else { return false } }
        guard let first = missing.min(by: { $0.deadline < $1.deadline }), let last = missing.max(by: { $0.deadline < $1.deadline }) else { return [] }
        let subject = "\(element.subject)/missing-reports"
        if missing.count == 1 {
            return [Hit(arguments: ["type": first.reportType, "period": first.period, "organ": organ, "deadline": first.deadline.description,
                                    "days": "\(context.checkDate.ordinal - first.deadline.ordinal)"],
                        location: document.startLocation, subject: subject)]
        }
        let sorted = missing.sorted { ($0.deadline, $0.reportType) < ($1.deadline, $1.reportType) }
        let list = sorted.map { "\($0.reportType) \($0.period)" }
        return [Hit(variant: "several", arguments: ["organ": organ, "count": "\(missing.count)",
                                                    "reports": NumberText.list(list, .sv), "reports@en": NumberText.list(list, .en),
                                                    "first": first.deadline.description, "last": last.deadline.description],
                    location: document.startLocation, subject: subject)]
    }

    static let budgetDeviation = CheckFunction(
        "budget-deviation",
        "On `ekonomi`: when the full-year forecast deviates from the budget beyond the configured tolerance (`budgetavvikelse`), each of `fields` must be present (variant `missing`, `{missing}`), and with `action_fields` each item of `åtgärder` must have them (variant `incompleteAction`). Arguments `{deviation}` (tkr), `{percent}`.",
        parameters: [
            ParameterSpec("fields", .paths, required: true, "fields a deviation demands"),
            ParameterSpec("action_fields", .strings, "fields each åtgärd must have"),
        ],
        emits: [
            Emission("incompleteAction", .option("action_fields"), fills: ["budget", "deviation", "forecast", "missing", "number", "percent"]),
            Emission("missing", fills: ["budget", "deviation", "forecast", "missing", "percent"]),
        ],
        selectors: [.ekonomi]
    ) { element, context in
        guard let economy = element.node else { return [] }
        // The same facts the report's economy table shows.
        let facts = FollowUp.Economy(economy, tolerance: context.config.deviation)
        guard facts.beyondTolerance, let budget = facts.budget, let forecast = facts.forecast,
              let deviation = facts.deviation else { return [] }
        let percent = facts.percent ?? 0
        var arguments = ["deviation": deviation.formattedPlain, "percent": percent.formattedPlain,
                         "budget": budget.formattedPlain, "forecast": forecast.formattedPlain]
        var hits: [Hit] = []
        let missing = context.options.paths("fields").filter { !FieldPath.isPresent($0, in: economy) }.map(\.text)
        if !missing.isEmpty {
            arguments["missing"] = NumberText.list(missing, .sv)
            arguments["missing@en"] = NumberText.list(missing, .en)
            hits.append(Hit(variant: "missing", arguments: arguments, location: element.location(economy["prognos"]),
                            subject: "\(element.subject)/missing"))
        }
        let actionFields = context.options.strings("action_fields")
        for (index, action) in economy.list("åtgärder").enumerated() {
            let lacking = actionFields.filter { !action.has($0) }
            guard !lacking.isEmpty else { continue }
            var actionArguments = arguments
            actionArguments["missing"] = NumberText.list(lacking, .sv)
            actionArguments["missing@en"] = NumberText.list(lacking, .en)
            actionArguments["number"] = "\(index + 1)"
            hits.append(Hit(variant: "incompleteAction", arguments: actionArguments, location: element.location(action),
                            subject: "\(element.subject)/åtgärd#\(index + 1)"))
        }
        return hits
    }

    static func plan(of report: Document, _ repository: Repository) -> Document? {
        report.string("plan").flatMap(repository.plan(id:))
    }

    static let assessesAllGoals = CheckFunction(
        "assesses-all-goals",
        "A report must assess (`måluppfyllelse`) every goal of the plan it follows up. One finding per goal left out, argument `{goal}`.",
        parameters: [],
        emits: [Emission(nil, fills: ["goal", "plan"])],
        selectors: [.rapport]
    ) { element, context in
        guard let document = element.document, let root = document.root,
              let plan = plan(of: document, context.repository) else { return [] }
        let assessed = Set(root.list("måluppfyllelse").compactMap { $0.text("mål") })
        return plan.goals.compactMap { $0.text("id") }.filter { !assessed.contains($0) }.map { goal in
            Hit(arguments: ["goal": goal, "plan": plan.subjectID],
                location: document.location(root.keyNode("måluppfyllelse") ?? root.keyNode("id")), subject: "\(element.subject)/\(goal)")
        }
    }

    /// The goal node an assessment is about, in the plan its report follows up.
    static func assessedGoal(_ element: Element, _ repository: Repository) -> YAMLNode? {
        guard let document = element.document, let goalID = element.node?.text("mål"),
              let plan = plan(of: document, repository) else { return nil }
        return plan.goals.first { $0.text("id") == goalID }
    }

    static let assessmentComplete = CheckFunction(
        "assessment-complete",
        "A goal assessment needs an `analys` (variant `noAnalysis`) and, unless `ej_bedömd`, an `utfall` for each indicator of the goal that has an id (variant `noOutcome`, `{indicator}`).",
        parameters: [],
        emits: [
            Emission("noAnalysis", fills: []),
            Emission("noOutcome", fills: ["indicator"]),
        ],
        selectors: [.måluppfyllelse]
    ) { element, context in
        guard let assessment = element.node else { return [] }
        var hits: [Hit] = []
        if !assessment.has("analys") {
            hits.append(Hit(variant: "noAnalysis", location: element.location(assessment.keyNode("mål") ?? assessment),
                            subject: "\(element.subject)/analys"))
        }
        guard assessment.text("bedömning") != "ej_bedömd", let goal = assessedGoal(element, context.repository) else { return hits }
        let measured = Set(assessment.list("utfall").compactMap { $0.text("indikator") })
        for indicator in goal.list("indikatorer") {
            guard let id = indicator.text("id"), !measured.contains(id) else { continue }
            hits.append(Hit(variant: "noOutcome", arguments: ["indicator": id],
                            location: element.location(assessment.keyNode("utfall") ?? assessment.keyNode("mål") ?? assessment),
                            subject: "\(element.subject)/\(id)"))
        }
        return hits
    }

    static let unexpectedPeriod = CheckFunction(
        "unexpected-report-period",
        "A månadsrapport for a month the årshjul does not ask for. Argument `{period}`, `{months}`.",
        parameters: [],
        emits: [Emission(nil, fills: ["months", "period"])],
        selectors: [.rapport]
    ) { element, context in
        guard let report = element.node, report.text("rapporttyp") == "månadsrapport",
              let period = period(of: report), let month = period.month,
              !context.config.calendar.monthlyMonths.contains(month) else { return [] }
        return [Hit(arguments: ["period": report.text("period") ?? "",
                                "months": context.config.calendar.monthlyMonths.isEmpty ? "–" : context.config.calendar.monthlyMonths.map(String.init).joined(separator: ", ")],
                    location: element.location(report["period"]), subject: "\(element.subject)/period")]
    }

    static func meets(_ value: Double, target: Double, direction: String) -> Bool {
        switch direction {
        case "högst": return value <= target
        case "exakt": return value == target
        default: return value >= target
        }
    }

    static let assessmentConsistent = CheckFunction(
        "assessment-consistent",
        "`bedömning: uppfylld` while a reported utfall misses its målvärde (variant `notMet`), or `ej_uppfylld` while every reported utfall meets it (variant `met`). Arguments `{indicator}`, `{value}`, `{target}`, `{direction}`.",
        parameters: [],
        emits: [
            Emission("met", fills: ["direction", "indicator", "target", "value"]),
            Emission("notMet", fills: ["direction", "indicator", "target", "value"]),
        ],
        selectors: [.måluppfyllelse]
    ) { element, context in
        guard let assessment = element.node, let verdict = assessment.text("bedömning"),
              verdict == "uppfylld" || verdict == "ej_uppfylld", let goal = assessedGoal(element, context.repository) else { return [] }
        var comparisons: [(id: String, value: Double, target: Double, direction: String, met: Bool, node: YAMLNode)] = []
        for outcome in assessment.list("utfall") {
            guard let id = outcome.text("indikator"), let value = outcome.number("värde"),
                  let indicator = goal.list("indikatorer").first(where: { $0.text("id") == id }),
                  let target = indicator["målvärde"]?.number("värde") else { continue }
            let direction = indicator["målvärde"]?.text("riktning") ?? "minst"
            comparisons.append((id, value, target, direction, meets(value, target: target, direction: direction), outcome))
        }
        if verdict == "uppfylld", let missed = comparisons.first(where: { !$0.met }) {
            return [Hit(variant: "notMet", arguments: ["indicator": missed.id, "value": missed.value.formattedPlain,
                                                        "target": missed.target.formattedPlain, "direction": missed.direction],
                        location: element.location(assessment["bedömning"]), subject: "\(element.subject)/notMet")]
        }
        if verdict == "ej_uppfylld", !comparisons.isEmpty, comparisons.allSatisfy(\.met) {
            let first = comparisons[0]
            return [Hit(variant: "met", arguments: ["indicator": first.id, "value": first.value.formattedPlain,
                                                     "target": first.target.formattedPlain, "direction": first.direction],
                        location: element.location(assessment["bedömning"]), subject: "\(element.subject)/met")]
        }
        return []
    }

    static let calendarLaw = CheckFunction(
        "calendar-law",
        "The årshjul itself (given `arkiv`): at least one delårsrapport or delårsbokslut must cover between half and two thirds of the year (months 6–8), and no delår may be due later than two months after its period ends (LKBR 13 kap., RKR R17). Variants `noInterim` and `tooLate` (`{type}`, `{days}`).",
        parameters: [],
        emits: [
            Emission("noInterim", fills: []),
            Emission("tooLate", fills: ["days", "type"]),
        ],
        selectors: [.arkiv]
    ) { _, context in
        let calendar = context.config.calendar
        let location = Location(file: context.config.explicitFile ?? Config.fileName, range: context.config.calendarRange ?? .fileStart)
        var hits: [Hit] = []
        if !calendar.interims.contains(where: { (6...8).contains($0.month) }) {
            hits.append(Hit(variant: "noInterim", location: location, subject: "årshjul/delår"))
        }
        for interim in calendar.interims {
            // Two months after the period's end, whatever the months' lengths.
            let end = Day.lastDay(ofMonth: interim.month, year: 2001)
            let limitMonth = interim.month + 2
            let limit = limitMonth > 12 ? Day.lastDay(ofMonth: limitMonth - 12, year: 2002) : Day.lastDay(ofMonth: limitMonth, year: 2001)
            if end.adding(days: interim.days) > limit {
                hits.append(Hit(variant: "tooLate", arguments: ["type": interim.reportType, "days": "\(interim.days)"],
                                location: location, subject: "årshjul/\(interim.reportType)"))
            }
        }
        return hits
    }
}
