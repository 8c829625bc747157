/// Domain facts that both the checks and the auditor's views read, computed in one place
/// so the views cannot drift from the findings: a plan's risks against its effective scale
/// and threshold, and an organ's reports against the årshjul.

/// An internkontrollplan's risks as the IK rules judge them.
public struct RiskModel: Sendable {
    public struct Risk: Sendable {
        public let id: String?
        public let likelihood: Int?
        public let consequence: Int?
        /// Sannolikhet × konsekvens, when both are on the scale.
        public let value: Int?
        /// Both values are whole numbers from 1 to the scale.
        public let onScale: Bool
        /// Named by a kontrollmoment or an åtgärd of the plan.
        public let handled: Bool
        public let node: YAMLNode
    }

    /// `riskanalys.skala` when it is valid (2–10; DOK005 reports others), else config `risk.skala`.
    public let scale: Int
    /// Config `risk.tröskel`: a risk at or above it needs a control or an action (IK004).
    public let threshold: Int
    public let risks: [Risk]

    public init(_ plan: Document, config: Config) {
        let root = plan.root
        scale = Self.scale(of: plan, config: config)
        threshold = config.risk.threshold
        let handled = Set((root?.list("kontrollmoment") ?? .empty).flatMap { $0.strings("risker") }
            + (root?.list("åtgärder") ?? .empty).flatMap { $0.strings("risker") })
        let scale = self.scale
        risks = (root?.list("risker") ?? .empty).filter(\.isMapping).map { Self.assess($0, scale: scale, handled: { handled.contains($0) }) }
    }

    /// `riskanalys.skala` when it is valid (2–10; DOK005 reports others), else config `risk.skala`.
    public static func scale(of plan: Document, config: Config) -> Int {
        guard let own = plan.root?["riskanalys"]?.integer("skala"), (2...10).contains(own) else { return config.risk.scale }
        return own
    }

    /// One risk on a scale: what the matrix places and IK004 judges.
    public static func assess(_ node: YAMLNode, scale: Int, handled: (String) -> Bool) -> Risk {
        let likelihood = node.integer("sannolikhet"), consequence = node.integer("konsekvens")
        let onScale = likelihood.map { (1...scale).contains($0) } == true && consequence.map { (1...scale).contains($0) } == true
        let id = node.text("id")
        return Risk(id: id, likelihood: likelihood, consequence: consequence, value: onScale ? likelihood! * consequence! : nil,
                    onScale: onScale, handled: id.map(handled) ?? false, node: node)
    }

    /// The risks IK004 reports: on the scale, at or above `threshold`, not handled.
    public func uncovered(threshold: Int? = nil) -> [Risk] {
        risks.filter { ($0.value ?? 0) >= (threshold ?? self.threshold) && $0.value != nil && !$0.handled }
    }
}

/// An organ's reports against the årshjul, as RP002 judges them.
public enum ReportingObligations {
    public enum Status: Sendable, Equatable {
        case received(on: Day)
        case late(days: Int)
        /// Not received, deadline passed `days` ago.
        case missing(days: Int)
        case notDue
    }

    public struct Obligation: Sendable {
        public let organ: String
        public let reportType: String
        public let period: String
        public let deadline: Day
        public let report: Document?
        public let status: Status
    }

    /// Whether a plan puts its organ on the årshjul: an adopted nämnd or bolag plan whose
    /// organ is a nämnd, styrelse or bolag in the organisation (a draft has no årshjul yet).
    public static func applies(to plan: Document, in repository: Repository) -> Bool {
        guard plan.kind == .verksamhetsplan, plan.level == .nämnd || plan.level == .bolag, let organ = plan.organ,
              plan.string("status") == "beslutad" else { return false }
        let type = repository.organTypes(for: plan)[organ]
        return type == nil || ["nämnd", "styrelse", "bolag"].contains(type!)
    }

    /// Every report the årshjul demands of the plan's organ in the plan's years, with what
    /// was received by `checkDate`.
    public static func obligations(for plan: Document, in repository: Repository, checkDate: Day) -> [Obligation] {
        guard applies(to: plan, in: repository), let organ = plan.organ, let period = plan.period else { return [] }
        var delivered: [String: Document] = [:]
        for report in repository.reportsByOrgan[organ] ?? [] {
            guard let type = report.string("rapporttyp"), let period = report.string("period") else { continue }
            if delivered["\(type)|\(period)"] == nil { delivered["\(type)|\(period)"] = report }
        }
        return period.years.flatMap { year in
            repository.config.calendar.expectedReports(year: year).map { expected in
                let report = delivered["\(expected.reportType)|\(expected.period)"]
                let status: Status
                if let report {
                    if let submitted = report.root?.date("inlämnad"), submitted > expected.deadline {
                        status = .late(days: submitted.ordinal - expected.deadline.ordinal)
                    } else {
                        status = .received(on: report.root?.date("inlämnad") ?? expected.deadline)
                    }
                } else {
                    status = expected.deadline < checkDate ? .missing(days: checkDate.ordinal - expected.deadline.ordinal) : .notDue
                }
                return Obligation(organ: organ, reportType: expected.reportType, period: expected.period, deadline: expected.deadline,
                                  report: report, status: status)
            }
        }
    }
}

/// What the follow-up reports say (§ 5.1–5.2): each goal's assessment, and the economy
/// against the budget with its deviation, as the RP rules read them.
public enum FollowUp {
    /// The report types that assess goals (`måluppfyllelse`), in the order of a year.
    public static let assessingTypes = ["delårsrapport", "delårsbokslut", "årsbokslut"]

    public enum Verdict: String, Sendable, CaseIterable {
        case uppfylld, delvis, ejUppfylld = "ej_uppfylld", ejBedömd = "ej_bedömd"
    }

    public struct Assessment: Sendable {
        public let goal: String
        /// The judgement as written; `verdict` when it is one of the four.
        public let written: String
        public let verdict: Verdict?
        public let node: YAMLNode
    }

    public struct Economy: Sendable {
        public let budget: Double?
        public let outcome: Double?
        public let forecast: Double?
        /// prognos − budget (tkr), when both are numbers.
        public let deviation: Double?
        /// The deviation in percent of the budget, one decimal.
        public let percent: Double?
        /// Beyond the configured tolerance (`budgetavvikelse`): what RP004 and RP005 act on.
        public let beyondTolerance: Bool
        public let node: YAMLNode

        public init(_ node: YAMLNode, tolerance: DeviationSettings) {
            self.node = node
            budget = node.number("budget")
            outcome = node.number("utfall")
            forecast = node.number("prognos")
            if let budget, let forecast {
                deviation = forecast - budget
                // A deviation from a budget of 0 has no share of it.
                percent = budget == 0 ? nil : ((forecast - budget) / abs(budget) * 1000).rounded() / 10
                beyondTolerance = tolerance.isDeviation(budget: budget, forecast: forecast)
            } else {
                deviation = nil
                percent = nil
                beyondTolerance = false
            }
        }
    }

    public static func assessments(of report: Document) -> [Assessment] {
        (report.root?.list("måluppfyllelse") ?? .empty).compactMap { item in
            guard let goal = item.text("mål") else { return nil }
            let written = item.text("bedömning") ?? ""
            return Assessment(goal: goal, written: written, verdict: Verdict(rawValue: written.lowercased()), node: item)
        }
    }

    public static func economy(of report: Document, tolerance: DeviationSettings) -> Economy? {
        guard let node = report.root?["ekonomi"], node.isMapping else { return nil }
        return Economy(node, tolerance: tolerance)
    }
}
