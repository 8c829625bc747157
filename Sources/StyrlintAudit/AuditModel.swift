import Foundation
import StyrlintCore

/// Everything an auditor's view shows, computed once from a check run that kept its
/// repositories: per-organ summaries, the SMART scorecard, the röda tråden, risk
/// matrices, the årshjul status and the evidence (rules, inputs with SHA-256).
public struct AuditModel: Sendable {
    public enum Light: String, Sendable { case grön, gul, röd }

    public typealias Criterion = SmartCriterion

    public struct OrganSummary: Sendable {
        public var id: String
        public var name: String
        public var type: String
        public var counts: [Severity: Int]
        public var light: Light
        /// Criterion → (goals meeting it, goals in all).
        public var smart: [Criterion: (met: Int, total: Int)]
    }

    public struct GoalNode: Sendable {
        public var id: String
        public var text: String
        public var organ: String
        public var level: String
        public var file: String
        public var line: Int
        public var children: [GoalNode]
        /// Its `bidrar_till` ids.
        public var links: [String]
        /// Ids in `bidrar_till` that name nothing.
        public var danglingLinks: [String]
        public var linksNowhere: Bool
        /// Links to nothing that exists and names no mandate (`grund`) either.
        public var isUnattached: Bool
        /// For fullmäktigemål: how many nämnd and bolag goals carry it.
        public var coverage: Int?
    }

    public struct AreaNode: Sendable {
        public var id: String
        public var name: String
        public var coordination: [String]
        public var goals: [GoalNode]
        public var covered: Bool
    }

    public struct Tree: Sendable {
        public var plan: String
        public var vision: String
        public var areas: [AreaNode]
        /// Goals below fullmäktige that link to nothing that exists.
        public var unattached: [GoalNode]
    }

    public struct RiskMatrix: Sendable {
        public var plan: String
        public var organ: String
        public var year: Int?
        public var scale: Int
        /// cells[sannolikhet - 1][konsekvens - 1]
        public var cells: [[(risks: Int, handled: Int)]]
        public var threshold: Int
        /// The risks in each cell, by id, and whether a control or an action handles each.
        public var ids: [[[(id: String, handled: Bool)]]] = []
        /// Risks whose values are off the scale (IK003): in no cell, listed under the matrix.
        public var offScale: [String] = []
    }

    public enum DeliveryStatus: Sendable, Equatable {
        case onTime(Day), late(days: Int), missing(days: Int), notDue
    }

    public struct CalendarRow: Sendable {
        public var organ: String
        public var reportType: String
        public var period: String
        public var deadline: Day
        public var status: DeliveryStatus
    }

    /// One organ's goals against its reports' assessments (§ 5.1).
    public struct FulfilmentTable: Sendable {
        public struct Column: Sendable {
            public var report: String
            public var reportType: String
            public var period: String
        }
        public struct Cell: Sendable {
            public var written: String
            public var verdict: FollowUp.Verdict?
            /// Further assessments of the same goal in the same report (a conflict to show).
            public var others: [String] = []
            /// Rules that found something in this assessment.
            public var rules: [String]
        }
        public struct Row: Sendable {
            public var goal: String
            public var text: String
            /// One per column: nil when that report does not assess the goal.
            public var cells: [Cell?]
        }
        public var organ: String
        public var columns: [Column]
        public var rows: [Row]
    }

    /// One report's economy against the budget (§ Ekonomi/Budget, § 5.2).
    public struct EconomyRow: Sendable {
        public var organ: String
        public var report: String
        public var reportType: String
        public var period: String
        public var facts: FollowUp.Economy
        /// Rules that found something in the report's `ekonomi`.
        public var rules: [String]
    }

    public struct InputFile: Sendable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public var municipality: String
    /// What was examined: the digest of every input, and the commit when there is one.
    public var inputSet: String
    /// Every repository's provenance, for the commit and whether the inputs are committed.
    public var provenance: [Provenance] = []
    public var checkDate: Day
    public var version = Version.full
    public var organs: [OrganSummary]
    /// The rules of each weight in the traffic light, as the configuration weighs them.
    public var signalRules: [SignalWeight: [String]] = [:]
    public var trees: [Tree]
    public var riskMatrices: [RiskMatrix]
    public var calendar: [CalendarRow]
    public var fulfilment: [FulfilmentTable] = []
    /// Every report with an `ekonomi`, by organ and period.
    public var economy: [EconomyRow] = []
    public var findings: [Finding]
    public var suppressed: [Finding]
    public var rules: [Rule]
    public var inputs: [InputFile]
    /// The documents examined, as `check` counts them (the configuration is an input, not a document).
    public var documentCount: Int
    /// Per repository: the config in use and what it waives (rules off, severities, ignores).
    public var configurations: [(repository: String, config: String, waivers: Config.Waivers)]

    /// The goal a finding judges, from its structured element reference.
    static func goalID(of finding: Finding) -> String? { finding.element?.judgedGoal }

    public init(result: CheckResult) {
        checkDate = result.checkDate
        findings = result.active
        suppressed = result.suppressed
        rules = result.rules
        // Documents under the names findings use.
        var documents: [(path: String, document: Document, repository: Repository)] = []
        for (summary, repository) in zip(result.repositories, result.loaded) {
            for document in repository.documents { documents.append((summary.displayPath(document.path), document, repository)) }
        }
        municipality = documents.lazy.compactMap { $0.document.string("kommun") }.first ?? ""
        let provenance = result.repositories.compactMap(\.provenance)
        inputSet = provenance.count == 1 ? provenance[0].inputSet : Provenance.combined(provenance)
        self.provenance = provenance
        configurations = zip(result.repositories, result.loaded).map { summary, repository in
            (summary.root.isEmpty ? "." : summary.root, summary.config ?? "–", repository.config.waivers)
        }
        var configInputs: [InputFile] = []
        for repository in result.loaded {
            guard let digest = repository.config.digest else { continue }
            configInputs.append(InputFile(path: repository.config.file ?? Config.fileName, bytes: digest.bytes, sha256: digest.sha256))
        }
        // The bytes the checks parsed, never a second read that could see another file.
        inputs = documents.compactMap { entry in
            entry.document.digest.map { InputFile(path: entry.path, bytes: $0.bytes, sha256: $0.sha256) }
        }.sorted { $0.path < $1.path } + configInputs
        documentCount = result.documentsChecked

        let organOfPath = Dictionary(documents.map { ($0.path, $0.document.organ ?? "") }, uniquingKeysWith: { first, _ in first })
        var names: [String: (String, String)] = [:]
        for entry in documents where entry.document.level == .fullmäktige {
            for organ in entry.document.root?.list("organisation") ?? .empty {
                if let id = organ.text("id"), names[id] == nil { names[id] = (organ.text("namn") ?? id, organ.text("typ") ?? "") }
            }
        }
        let organIDs = Set(documents.compactMap { $0.document.organ }).union(names.keys).sorted()
        let findingsByGoal = Dictionary(grouping: result.active.compactMap { finding in Self.goalID(of: finding).map { ($0, finding.rule) } }, by: \.0)
            .mapValues { Set($0.map(\.1)) }
        // Which rules judge which criterion is the rules' own declaration (`smart:`).
        var rulesByCriterion: [Criterion: Set<String>] = [:]
        for rule in result.rules { if let criterion = rule.smart { rulesByCriterion[criterion, default: []].insert(rule.id) } }
        // Acceptance is the plan's, not a goal's: a plan an accepterat rule finds unadopted.
        let unadoptedPlans = Set(result.active.filter { rulesByCriterion[.accepterat]?.contains($0.rule) == true }.map(\.file))
        var countsByOrgan: [String: [Severity: Int]] = [:]
        for finding in result.active { countsByOrgan[organOfPath[finding.file] ?? "", default: [:]][finding.severity, default: 0] += 1 }
        let goalDocumentsByOrgan = Dictionary(grouping: documents.filter { [.nämnd, .bolag, .verksamhet, .enhet].contains($0.document.level) },
                                              by: { $0.document.organ ?? "" })
        // The light judges governance, not typing: each rule weighs as its file's `signal:`
        // says (the DOK rules and pattern checks are `form`), unless the repository's
        // styrlint.yml weighs it otherwise. Findings are weighed by their own repository's config.
        let repositoryOfPath = Dictionary(documents.map { ($0.path, $0.repository) }, uniquingKeysWith: { first, _ in first })
        let rulesByID = Dictionary(result.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func weight(_ finding: Finding) -> SignalWeight {
            guard let rule = rulesByID[finding.rule] else { return .styrning }
            return (repositoryOfPath[finding.file] ?? result.loaded.first)?.config.signal.weight(of: rule) ?? rule.signal
        }
        var weights: [SignalWeight: Set<String>] = [:]
        let settings = result.loaded.isEmpty ? [SignalSettings()] : result.loaded.map(\.config.signal)
        for rule in result.rules {
            for signal in settings { weights[signal.weight(of: rule), default: []].insert(rule.id) }
        }
        signalRules = weights.mapValues { $0.sorted() }
        var governanceErrors: [String: Int] = [:]
        var colouringWarnings: [String: Int] = [:]
        for finding in result.active {
            let organ = organOfPath[finding.file] ?? ""
            switch (weight(finding), finding.severity) {
            case (.styrning, .fel): governanceErrors[organ, default: 0] += 1
            case (.styrning, .varning), (.form, .fel), (.form, .varning): colouringWarnings[organ, default: 0] += 1
            default: break
            }
        }
        organs = organIDs.map { organ in
            let counts = countsByOrgan[organ] ?? [:]
            let light: Light = (governanceErrors[organ] ?? 0) > 0 ? .röd : (colouringWarnings[organ] ?? 0) > 0 ? .gul : .grön
            var smart: [Criterion: (met: Int, total: Int)] = [:]
            let goals = (goalDocumentsByOrgan[organ] ?? [])
                .flatMap { entry in entry.document.goals.compactMap { goal in goal.text("id").map { ($0, entry.path) } } }
            for criterion in Criterion.allCases {
                let met = goals.filter { id, path in
                    if criterion == .accepterat { return !unadoptedPlans.contains(path) }
                    return findingsByGoal[id]?.isDisjoint(with: rulesByCriterion[criterion] ?? []) ?? true
                }.count
                smart[criterion] = (met, goals.count)
            }
            return OrganSummary(id: organ, name: names[organ]?.0 ?? organ, type: names[organ]?.1 ?? "", counts: counts, light: light, smart: smart)
        }
        trees = Self.trees(documents)
        riskMatrices = documents.filter { $0.document.kind == .internkontrollplan }.map { entry in
            Self.matrix(entry.document, config: entry.repository.config)
        }
        calendar = documents.filter { $0.document.kind == .verksamhetsplan }.flatMap { entry in
            Self.calendarRows(entry.document, entry.repository, checkDate: result.checkDate)
        }.sorted { ($0.organ, $0.deadline, $0.reportType) < ($1.organ, $1.deadline, $1.reportType) }
        let reports = documents.filter { $0.document.kind == .rapport }
        fulfilment = Self.fulfilment(reports, findings: result.active)
        economy = Self.economy(reports, findings: result.active)
    }

    /// The rules of the findings in `path` that start within `node` (from `start`, when given).
    static func rules(_ findings: [String: [Finding]], _ path: String, within node: YAMLNode, from start: SourcePosition? = nil) -> [String] {
        let first = start ?? node.range.start, last = node.range.end
        return Array(Set((findings[path] ?? []).filter { finding in
            let position = SourcePosition(line: finding.line, column: finding.column)
            return first <= position && position <= last
        }.map(\.rule))).sorted()
    }

    /// A report's place in its year: by period (a whole year after its months), then by type.
    static func order(_ type: String, _ period: String) -> String {
        (period.count == 4 ? period + "-13" : period) + "|\(FollowUp.assessingTypes.firstIndex(of: type).map { $0 + 1 } ?? 0)"
    }

    static func fulfilment(_ reports: [(path: String, document: Document, repository: Repository)], findings: [Finding]) -> [FulfilmentTable] {
        let findingsByFile = Dictionary(grouping: findings, by: \.file)
        let assessing = reports.filter { entry in
            FollowUp.assessingTypes.contains(entry.document.string("rapporttyp") ?? "") && entry.document.root?["måluppfyllelse"] != nil
        }
        return Dictionary(grouping: assessing, by: { $0.document.organ ?? "" }).map { organ, entries in
            let sorted = entries.sorted { order($0.document.string("rapporttyp") ?? "", $0.document.string("period") ?? "")
                < order($1.document.string("rapporttyp") ?? "", $1.document.string("period") ?? "") }
            let columns = sorted.map { FulfilmentTable.Column(report: $0.document.subjectID, reportType: $0.document.string("rapporttyp") ?? "",
                                                              period: $0.document.string("period") ?? "") }
            // Rows in the order of the plans followed up; a goal assessed but not in its plan last.
            var goals: [(id: String, text: String)] = []
            var seen = Set<String>()
            for entry in sorted {
                guard let plan = entry.document.string("plan").flatMap(entry.repository.plan(id:)) else { continue }
                for goal in plan.goals {
                    guard let id = goal.text("id"), seen.insert(id).inserted else { continue }
                    goals.append((id, goal.text("text") ?? ""))
                }
            }
            var cells: [String: [FulfilmentTable.Cell?]] = [:]
            for (column, entry) in sorted.enumerated() {
                for assessment in FollowUp.assessments(of: entry.document) {
                    if seen.insert(assessment.goal).inserted { goals.append((assessment.goal, "")) }
                    var row = cells[assessment.goal] ?? Array(repeating: nil, count: sorted.count)
                    if row[column] != nil {
                        row[column]!.others.append(assessment.written)
                        row[column]!.rules = Array(Set(row[column]!.rules + rules(findingsByFile, entry.path, within: assessment.node))).sorted()
                    } else {
                        row[column] = FulfilmentTable.Cell(written: assessment.written, verdict: assessment.verdict,
                                                           rules: rules(findingsByFile, entry.path, within: assessment.node))
                    }
                    cells[assessment.goal] = row
                }
            }
            let rows = goals.map { FulfilmentTable.Row(goal: $0.id, text: $0.text, cells: cells[$0.id] ?? Array(repeating: nil, count: sorted.count)) }
            return FulfilmentTable(organ: organ, columns: columns, rows: rows)
        }.sorted { $0.organ < $1.organ }
    }

    static func economy(_ reports: [(path: String, document: Document, repository: Repository)], findings: [Finding]) -> [EconomyRow] {
        let findingsByFile = Dictionary(grouping: findings, by: \.file)
        return reports.compactMap { entry -> EconomyRow? in
            guard let facts = FollowUp.economy(of: entry.document, tolerance: entry.repository.config.deviation) else { return nil }
            let key = entry.document.root?.keyNode("ekonomi")
            return EconomyRow(organ: entry.document.organ ?? "", report: entry.document.subjectID,
                              reportType: entry.document.string("rapporttyp") ?? "", period: entry.document.string("period") ?? "",
                              facts: facts, rules: rules(findingsByFile, entry.path, within: facts.node, from: key?.range.start))
        }.sorted { ($0.organ, order($0.reportType, $0.period)) < ($1.organ, order($1.reportType, $1.period)) }
    }

    /// The röda tråden per fullmäktige plan, read from the repository's one röda tråden
    /// model: children are the goals whose links resolve to a goal, as RT005 counts carriers
    /// and RT003 tells broken links.
    static func trees(_ documents: [(path: String, document: Document, repository: Repository)]) -> [Tree] {
        let shownPath = Dictionary(documents.map { (ObjectIdentifier($0.document), $0.path) }, uniquingKeysWith: { first, _ in first })
        var trees: [Tree] = []
        for council in documents where council.document.kind == .verksamhetsplan && council.document.level == .fullmäktige {
            guard let councilID = council.document.id, let root = council.document.root else { continue }
            let repository = council.repository, thread = repository.redThread, index = thread.index
            func node(_ goal: RedThread.Goal) -> GoalNode {
                GoalNode(id: goal.id ?? "?", text: goal.node.text("text") ?? "", organ: goal.document.organ ?? "",
                         level: goal.document.level?.rawValue ?? "", file: shownPath[ObjectIdentifier(goal.document)] ?? goal.document.path,
                         line: goal.node.start.line, children: [], links: goal.written, danglingLinks: goal.broken.map(\.value),
                         linksNowhere: goal.written.isEmpty && !goal.hasMandate, isUnattached: !goal.hasMandate && goal.valid.isEmpty,
                         coverage: nil)
            }
            func goals(of plan: Document) -> [RedThread.Goal] { plan.goals.compactMap { thread.goal(plan, $0) } }
            func withChildren(_ goal: RedThread.Goal) -> GoalNode {
                var result = node(goal)
                result.children = thread.carriers(of: goal.definition).map(node)
                return result
            }
            var unattached: [GoalNode] = []
            for board in repository.childPlans[councilID] ?? [] {
                unattached += goals(of: board).map(withChildren).filter(\.isUnattached)
                for unit in board.id.flatMap({ repository.childPlans[$0] }) ?? [] {
                    unattached += goals(of: unit).map(node).filter(\.isUnattached)
                }
            }
            let areas = root.list("målområden").map { area -> AreaNode in
                let id = area.text("id") ?? "?"
                let definition = area.text("id").flatMap { index.definition(.focusArea, scope: councilID, id: $0) }
                let members = definition.map { thread.carriers(of: $0).filter { $0.document === council.document } } ?? []
                let goalNodes = members.map { goal -> GoalNode in
                    var result = node(goal)
                    result.children = thread.carriers(of: goal.definition).map(withChildren)
                    result.coverage = result.children.count
                    return result
                }
                return AreaNode(id: id, name: area.text("namn") ?? id, coordination: area.strings("samordning"), goals: goalNodes,
                                covered: goalNodes.contains { ($0.coverage ?? 0) > 0 })
            }
            trees.append(Tree(plan: councilID, vision: root.text("vision") ?? "", areas: areas, unattached: unattached))
        }
        return trees
    }

    /// The plan's risks from the same model IK003 and IK004 judge them by: the same scale,
    /// threshold and handling.
    static func matrix(_ plan: Document, config: Config) -> RiskMatrix {
        let model = RiskModel(plan, config: config)
        var cells = Array(repeating: Array(repeating: (risks: 0, handled: 0), count: model.scale), count: model.scale)
        var ids = Array(repeating: Array(repeating: [(id: String, handled: Bool)](), count: model.scale), count: model.scale)
        for risk in model.risks where risk.onScale {
            cells[risk.likelihood! - 1][risk.consequence! - 1].risks += 1
            if risk.handled { cells[risk.likelihood! - 1][risk.consequence! - 1].handled += 1 }
            ids[risk.likelihood! - 1][risk.consequence! - 1].append((risk.id ?? "?", risk.handled))
        }
        var matrix = RiskMatrix(plan: plan.subjectID, organ: plan.organ ?? "", year: plan.root?.year("år"), scale: model.scale, cells: cells,
                                threshold: model.threshold)
        matrix.ids = ids
        matrix.offScale = model.risks.filter { !$0.onScale }.map { risk in
            "\(risk.id ?? "?") (\(risk.likelihood.map(String.init) ?? "–") × \(risk.consequence.map(String.init) ?? "–"))"
        }
        return matrix
    }

    /// The årshjul rows from the obligations RP002 judges: adopted nämnd and bolag plans
    /// whose organ reports on the årshjul, up to the check date's year.
    static func calendarRows(_ plan: Document, _ repository: Repository, checkDate: Day) -> [CalendarRow] {
        ReportingObligations.obligations(for: plan, in: repository, checkDate: checkDate)
            .filter { (Int($0.period.prefix(4)) ?? 0) <= checkDate.year }
            .map { obligation in
                let status: DeliveryStatus
                switch obligation.status {
                case .received(let day): status = .onTime(day)
                case .late(let days): status = .late(days: days)
                case .missing(let days): status = .missing(days: days)
                case .notDue: status = .notDue
                }
                return CalendarRow(organ: obligation.organ, reportType: obligation.reportType, period: obligation.period,
                                   deadline: obligation.deadline, status: status)
            }
    }
}
