/// The verksamhetsplan as a whole: period, adoption, budget frame.
enum PlanChecks {
    static let all: [CheckFunction] = [adopted, adoptionDeadline, frameMatches, decisionConsistency]

    static let adopted = CheckFunction(
        "adopted",
        "The document must be `status: beslutad` (variant `notAdopted`, `{status}`), and a `beslut` that is present must name `datum` and `organ` (variant `incomplete`, `{missing}`). A missing `beslut` is left to VP009.",
        parameters: [],
        emits: [
            Emission("incomplete", fills: ["missing"]),
            Emission("notAdopted", fills: ["status"]),
        ],
        selectors: [.verksamhetsplan, .internkontrollplan]
    ) { element, context in
        guard let document = element.document, let root = document.root else { return [] }
        let status = root.text("status") ?? "utkast"
        if status != "beslutad" {
            return [Hit(variant: "notAdopted", arguments: ["status": status],
                        location: document.location(root.keyNode("status") ?? root.keyNode("id")), subject: "\(element.subject)/status")]
        }
        guard let decision = root["beslut"], decision.isMapping else { return [] }
        let missing = ["datum", "organ"].filter { !decision.has($0) }
        guard !missing.isEmpty else { return [] }
        return [Hit(variant: "incomplete", arguments: ["missing": missing.joined(separator: ", ")],
                    location: document.location(root.keyNode("beslut")), subject: "\(element.subject)/beslut")]
    }

    /// The årshjul's adoption deadline for a plan, in the year before its first year.
    static func adoptionDeadline(for document: Document, calendar: ReportingCalendar) -> Day? {
        switch document.kind {
        case .verksamhetsplan?:
            guard let level = document.level, let from = document.period?.from else { return nil }
            let deadline: ReportingCalendar.MonthDay
            switch level {
            case .fullmäktige: deadline = calendar.councilPlanDeadline
            case .nämnd, .bolag: deadline = calendar.boardPlanDeadline
            case .verksamhet, .enhet: return nil
            }
            return Day(year: from - 1, month: deadline.month, day: min(deadline.day, Day.daysIn(month: deadline.month, year: from - 1)))
        case .internkontrollplan?:
            guard let year = document.root?.year("år") else { return nil }
            let deadline = calendar.internalControlPlanDeadline
            return Day(year: year - 1, month: deadline.month, day: min(deadline.day, Day.daysIn(month: deadline.month, year: year - 1)))
        default:
            return nil
        }
    }

    static let adoptionDeadline = CheckFunction(
        "adoption-deadline",
        "The plan must be adopted (`beslut.datum`) by the årshjul's deadline in the year before its period: nämnd and bolag plans by `planbeslut.nämnd`, fullmäktige by `planbeslut.fullmäktige`, internkontrollplaner by `internkontrollplan`. With `require_adopted`, a plan that is not adopted, or adopted by another organ than its own, is a finding too (variants `notAdopted`, `otherOrgan`). Variant `late` with `{date}`, `{deadline}`.",
        parameters: [ParameterSpec("require_adopted", .bool, "a plan without beslut is a finding")],
        emits: [
            Emission("late", fills: ["date", "days", "deadline"]),
            Emission("notAdopted", fills: ["deadline"]),
            Emission("otherOrgan", fills: ["decidedBy", "organ"]),
        ],
        selectors: [.verksamhetsplan, .internkontrollplan]
    ) { element, context in
        guard let document = element.document, let root = document.root,
              let deadline = adoptionDeadline(for: document, calendar: context.config.calendar) else { return [] }
        let decision = root["beslut"]
        guard root.text("status") == "beslutad", let date = decision?.date("datum") else {
            // Not adopted yet is a finding only once the deadline has passed.
            guard context.options.bool("require_adopted"), deadline < context.checkDate else { return [] }
            return [Hit(variant: "notAdopted", arguments: ["deadline": deadline.description],
                        location: document.location(root.keyNode("beslut") ?? root.keyNode("status") ?? root.keyNode("id")),
                        subject: "\(element.subject)/notAdopted")]
        }
        if context.options.bool("require_adopted"), let decidedBy = decision?.text("organ"), let organ = document.organ, decidedBy != organ {
            return [Hit(variant: "otherOrgan", arguments: ["decidedBy": decidedBy, "organ": organ],
                        location: document.location(decision?["organ"]), subject: "\(element.subject)/organ")]
        }
        guard date > deadline else { return [] }
        return [Hit(variant: "late", arguments: ["date": date.description, "deadline": deadline.description,
                                                  "days": "\(date.ordinal - deadline.ordinal)"],
                    location: document.location(decision?["datum"]), subject: "\(element.subject)/late")]
    }

    static let frameMatches = CheckFunction(
        "frame-matches",
        "A nämnd or bolag plan's `budget.ram` must equal the frame its fullmäktige plan gives the organ in `ramar`. Variants `differs` (`{ram}`, `{frame}`, `{difference}`) and `missing` (`{frame}`).",
        parameters: [],
        emits: [
            Emission("differs", fills: ["council", "difference", "frame", "ram"]),
            Emission("missing", fills: ["council", "frame", "frameYAML"]),
        ],
        selectors: [.verksamhetsplan]
    ) { element, context in
        guard let document = element.document, let organ = document.organ,
              let council = context.repository.councilPlan(above: document), council !== document,
              let frameNode = council.root?["ramar"]?[organ], case .success(let frame) = ScalarValue.number(frameNode) else { return [] }
        guard let ram = document.root?["budget"]?.number("ram") else {
            return [Hit(variant: "missing", arguments: ["frame": frame.formattedPlain, "frameYAML": frame.formattedPlain, "council": council.subjectID],
                        location: document.location(document.root?.keyNode("budget") ?? document.root?.keyNode("id")), subject: "\(element.subject)/ram")]
        }
        guard ram != frame else { return [] }
        return [Hit(variant: "differs", arguments: ["ram": ram.formattedPlain, "frame": frame.formattedPlain,
                                                     "difference": (ram - frame).formattedPlain, "council": council.subjectID],
                    location: document.location(document.root?["budget"]?["ram"]), subject: "\(element.subject)/ram")]
    }

    static let decisionConsistency = CheckFunction(
        "decision-consistency",
        "A `status: beslutad` document must carry `beslut` (variant `noDecision`), and the decision date must not be later than the submission of a report that follows the plan up (variant `afterReport`, `{date}`, `{report}`, `{submitted}`).",
        parameters: [],
        emits: [
            Emission("afterReport", fills: ["date", "report", "submitted"]),
            Emission("noDecision", fills: []),
        ],
        selectors: [.verksamhetsplan, .internkontrollplan]
    ) { element, context in
        guard let document = element.document, let root = document.root, root.text("status") == "beslutad" else { return [] }
        guard let decision = root["beslut"], decision.isMapping else {
            return [Hit(variant: "noDecision", location: document.location(root.keyNode("status")), subject: "\(element.subject)/beslut")]
        }
        guard let date = decision.date("datum"), let id = document.id else { return [] }
        let earliest = (context.repository.reportsByPlan[id] ?? [])
            .compactMap { report in report.root?.date("inlämnad").map { (report, $0) } }
            .filter { $0.1 < date }
            .min { ($0.1, $0.0.path) < ($1.1, $1.0.path) }
        guard let (report, submitted) = earliest else { return [] }
        return [Hit(variant: "afterReport", arguments: ["date": date.description, "report": report.subjectID, "submitted": submitted.description],
                    location: document.location(decision["datum"]), subject: "\(element.subject)/afterReport")]
    }
}
