/// Intern kontroll: the yearly risk analysis, the risk matrix and follow-up (KL 6 kap. 6 §).
enum InternalControlChecks {
    static let all: [CheckFunction] = [riskScale, riskCoverage, internalControlPlanExists, reportDue]

    /// The plan's own scale (`riskanalys.skala`), else the configured one.
    static let riskScale = CheckFunction(
        "risk-scale",
        "A risk must give `sannolikhet` and `konsekvens` as whole numbers from 1 to the scale (`riskanalys.skala`, else config `risk.skala`). Variants `missing` (`{field}`) and `outOfRange` (`{field}`, `{value}`, `{scale}`).",
        parameters: [],
        emits: [
            Emission("missing", fills: ["field"]),
            Emission("outOfRange", fills: ["field", "scale", "value"]),
        ],
        selectors: [.risk]
    ) { element, context in
        guard let risk = element.node else { return [] }
        let scale = element.document.map { RiskModel.scale(of: $0, config: context.config) } ?? context.config.risk.scale
        var hits: [Hit] = []
        for field in ["sannolikhet", "konsekvens"] {
            guard let node = risk[field], !node.isNull else {
                hits.append(Hit(variant: "missing", arguments: ["field": field], location: element.location(risk.keyNode("id") ?? risk),
                                subject: "\(element.subject)/\(field)"))
                continue
            }
            guard let value = ScalarValue.integer(node) else { continue }  // DOK005 reports it
            if value < 1 || value > scale {
                hits.append(Hit(variant: "outOfRange", arguments: ["field": field, "value": "\(value)", "scale": "\(scale)"],
                                location: element.location(node), subject: "\(element.subject)/\(field)"))
            }
        }
        return hits
    }

    /// A stated risk value is a copy of sannolikhet × konsekvens, typed or computed in a
    /// workbook; when the two disagree, the matrix and the threshold read different risks.
    static let riskCoverage = CheckFunction(
        "risk-coverage",
        "A risk whose value (sannolikhet × konsekvens) reaches the threshold (option `threshold`, else config `risk.tröskel`) must be named by a kontrollmoment or an åtgärd of the plan. Arguments `{value}`, `{threshold}`, `{likelihood}`, `{consequence}`.",
        parameters: [ParameterSpec("threshold", .number, "risk value that demands a control or action")],
        emits: [Emission(nil, fills: ["consequence", "likelihood", "threshold", "value"])],
        selectors: [.risk]
    ) { element, context in
        guard let risk = element.node, let document = element.document, let root = document.root, risk.text("id") != nil else { return [] }
        // The risk as the risk matrix places it: the same scale, value and handling.
        let assessed = RiskModel.assess(risk, scale: RiskModel.scale(of: document, config: context.config)) { id in
            root.list("kontrollmoment").contains { $0.strings("risker").contains(id) }
                || root.list("åtgärder").contains { $0.strings("risker").contains(id) }
        }
        // Values outside the scale are IK003's; they never reach a multiplication here.
        guard let value = assessed.value, let likelihood = assessed.likelihood, let consequence = assessed.consequence else { return [] }
        let threshold = Int(clamping: context.options.number("threshold") ?? Double(context.config.risk.threshold))
        guard value >= threshold, !assessed.handled else { return [] }
        return [Hit(arguments: ["value": "\(value)", "threshold": "\(threshold)", "likelihood": "\(likelihood)", "consequence": "\(consequence)"],
                    location: element.location(risk["id"]), subject: element.subject)]
    }

    /// Organs that answer for intern kontroll: nämnder and the styrelse (KL 6 kap. 6 §).
    static func keepsInternalControl(_ plan: Document, _ repository: Repository) -> Bool {
        guard plan.level == .nämnd, let organ = plan.organ else { return false }
        let types = repository.organTypes(for: plan)
        guard let type = types[organ] else { return true }
        return type == "nämnd" || type == "styrelse"
    }

    static let internalControlPlanExists = CheckFunction(
        "internal-control-plan-exists",
        "A nämnd or styrelse with an adopted verksamhetsplan covering year Y must have an internkontrollplan for Y, for every Y up to the check date's year. Arguments `{organ}`, `{year}`.",
        parameters: [],
        emits: [Emission(nil, fills: ["organ", "year"])],
        selectors: [.verksamhetsplan]
    ) { element, context in
        // A draft plan demands nothing yet; the internkontrollplan follows the adopted one.
        guard let document = element.document, let organ = document.organ, let period = document.period,
              document.string("status") == "beslutad", keepsInternalControl(document, context.repository) else { return [] }
        let planned = Set((context.repository.internalControlPlansByOrgan[organ] ?? []).compactMap { $0.root?.year("år") })
        return period.years.filter { $0 <= context.checkDate.year && !planned.contains($0) }.map { year in
            Hit(arguments: ["organ": organ, "year": "\(year)"], location: document.startLocation, subject: "\(element.subject)/ik:\(year)")
        }
    }

    static let reportDue = CheckFunction(
        "report-due",
        "An internkontrollplan for year Y must be followed up by an internkontrollrapport (`plan` naming it) by the årshjul's deadline, once the check date has passed it. Arguments `{year}`, `{deadline}`, `{days}`.",
        parameters: [],
        emits: [Emission(nil, fills: ["days", "deadline", "year"])],
        selectors: [.internkontrollplan]
    ) { element, context in
        guard let document = element.document, let id = document.id, let year = document.root?.year("år"),
              let deadline = context.config.calendar.deadline(reportType: "internkontrollrapport", periodYear: year, month: nil),
              context.checkDate > deadline else { return [] }
        let reported = (context.repository.reportsByPlan[id] ?? []).contains { $0.string("rapporttyp") == "internkontrollrapport" }
        guard !reported else { return [] }
        return [Hit(arguments: ["year": "\(year)", "deadline": deadline.description, "days": "\(context.checkDate.ordinal - deadline.ordinal)"],
                    location: document.startLocation, subject: "\(element.subject)/ikr")]
    }
}
