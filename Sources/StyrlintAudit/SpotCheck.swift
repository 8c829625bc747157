import CSV
import Foundation
import Plot
import StyrlintCore

/// A reproducible random sample for an auditor's stickprov: the same seed and the same
/// repository give the same sample on any machine (elements are ordered by file and id
/// before a seeded SplitMix64 shuffle; no system random source is used). Drawn from the
/// whole population, or stratified by organ and element kind, with the evidence an
/// auditor checks each element against and the columns of a working paper.
public struct SpotCheck: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case mål, kontrollmoment, rapport }

    /// How many are drawn: from the whole population; a fixed number from each stratum
    /// (organ × kind); or a total shared between the strata in proportion to their size.
    public enum Allocation: Sendable, Equatable {
        case simple(Int)
        case perStratum(Int)
        case proportional(Int)
    }

    public struct Item: Sendable {
        public var kind: Kind
        public var id: String
        public var organ: String
        public var file: String
        public var line: Int
        /// The cell, for an element of a plan kept as a workbook.
        public var cell: String?
        public var fields: [(String, String)]
        /// What the element is checked against: an indicator's target and reported
        /// outcomes, a goal's assessments, a control's results in the internkontrollrapport.
        public var evidence: [(String, String)]
        public var findings: [Finding]

        public var place: String { cell.map { "\(file) \($0)" } ?? "\(file):\(line)" }
    }

    public var items: [Item]
    public var population: Int
    public var seed: UInt64
    public var allocation: Allocation
    /// Each stratum's size and how many were drawn from it (stratified samples only).
    public var strata: [(name: String, population: Int, drawn: Int)] = []
    /// What the sample was drawn from: the input digest and the commit, when known.
    public var inputSet: String = ""
    public var provenance: [Provenance] = []

    public init(result: CheckResult, kind: Kind?, count: Int, seed: UInt64) {
        self.init(result: result, kind: kind, allocation: .simple(count), seed: seed)
    }

    public init(result: CheckResult, kind: Kind?, allocation: Allocation, seed: UInt64, language: StyrlintCore.Language = .sv) {
        var population: [Item] = []
        for (summary, repository) in zip(result.repositories, result.loaded) {
            let evidence = Evidence(repository, language: language)
            for document in repository.documents where repository.isReported(document.path) {
                let path = summary.displayPath(document.path)
                let related = result.findings.filter { $0.file == path }
                // A finding belongs to the element whose lines hold it; in a workbook, whose
                // findings point at cells, to the element it names.
                func findings(within node: YAMLNode, id: String) -> [Finding] {
                    if document.cells != nil { return related.filter { $0.element?.id == id || $0.element?.goal == id } }
                    let lines = node.range.start.line...max(node.range.start.line, node.range.end.line)
                    return related.filter { lines.contains($0.line) }
                }
                func place(_ node: YAMLNode) -> (line: Int, cell: String?) {
                    guard let cells = document.cells else { return (node.start.line, nil) }
                    let cell = cells.cell(line: node.start.line)
                    return (cell.row, cell.text(.sv))
                }
                let organ = document.organ ?? ""
                switch document.kind {
                case .verksamhetsplan? where kind == nil || kind == .mål:
                    for goal in document.goals {
                        guard let id = goal.text("id") else { continue }
                        let at = place(goal)
                        population.append(Item(kind: .mål, id: id, organ: organ, file: path, line: at.line, cell: at.cell, fields: [
                            ("organ", organ), ("text", goal.text("text") ?? ""), ("ansvarig", goal.text("ansvarig") ?? ""),
                            ("indikatorer", goal.list("indikatorer").compactMap { $0.text("namn") }.joined(separator: "; ")),
                        ], evidence: evidence.goal(goal, id: id), findings: findings(within: goal, id: id)))
                    }
                case .internkontrollplan? where kind == nil || kind == .kontrollmoment:
                    for control in document.root?.list("kontrollmoment") ?? .empty {
                        guard let id = control.text("id") else { continue }
                        let at = place(control)
                        population.append(Item(kind: .kontrollmoment, id: id, organ: organ, file: path, line: at.line, cell: at.cell, fields: [
                            ("organ", organ), ("kontroll", control.text("kontroll") ?? ""), ("metod", control.text("metod") ?? ""),
                            ("frekvens", control.text("frekvens") ?? ""), ("ansvarig", control.text("ansvarig") ?? ""),
                        ], evidence: evidence.control(id: id), findings: findings(within: control, id: id)))
                    }
                case .rapport? where kind == nil || kind == .rapport:
                    let economy = document.root?["ekonomi"]
                    population.append(Item(kind: .rapport, id: document.subjectID, organ: organ, file: path, line: document.root?.start.line ?? 1, cell: nil, fields: [
                        ("organ", organ), ("rapporttyp", document.string("rapporttyp") ?? ""),
                        ("period", document.string("period") ?? ""), ("inlämnad", document.string("inlämnad") ?? ""),
                    ], evidence: ["budget", "prognos", "utfall"].compactMap { key in economy?.text(key).map { ("ekonomi.\(key)", Evidence.number($0, language) + " tkr") } },
                       findings: related))
                default:
                    break
                }
            }
        }
        population.sort { ($0.file, $0.line, $0.id) < ($1.file, $1.line, $1.id) }
        self.population = population.count
        self.seed = seed
        self.allocation = allocation
        switch allocation {
        case .simple(let count):
            var random = SeededRandom(seed: seed)
            var shuffled = population
            random.shuffle(&shuffled)
            items = Array(shuffled.prefix(max(0, count)))
        case .perStratum(let count), .proportional(let count):
            // Strata in a fixed order, each shuffled by its own generator derived from the
            // seed and its position: adding an organ does not reshuffle the others' draws.
            let groups = Dictionary(grouping: population) { "\($0.organ.isEmpty ? "–" : $0.organ) · \($0.kind.rawValue)" }
            let names = groups.keys.sorted()
            let quotas: [Int]
            if case .perStratum = allocation {
                quotas = names.map { min(count, groups[$0]!.count) }
            } else {
                quotas = Self.proportional(total: count, sizes: names.map { groups[$0]!.count })
            }
            var drawn: [Item] = []
            for (index, name) in names.enumerated() {
                var random = SeededRandom(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
                var members = groups[name]!
                random.shuffle(&members)
                drawn += members.prefix(quotas[index])
                strata.append((name, members.count, quotas[index]))
            }
            items = drawn
        }
        let provenance = result.repositories.compactMap(\.provenance)
        inputSet = provenance.count == 1 ? provenance[0].inputSet : Provenance.combined(provenance)
        self.provenance = provenance
    }

    /// A total shared in proportion to the strata's sizes by the largest remainder (Hamilton),
    /// ties to the earlier stratum; no stratum gets more than it has.
    public static func proportional(total: Int, sizes: [Int]) -> [Int] {
        let population = sizes.reduce(0, +)
        guard population > 0, total > 0 else { return sizes.map { _ in 0 } }
        let wanted = min(total, population)
        var quotas = sizes.map { $0 * wanted / population }
        let remainders = sizes.enumerated().map { (index: $0.offset, rest: $0.element * wanted % population) }
            .sorted { $0.rest != $1.rest ? $0.rest > $1.rest : $0.index < $1.index }
        var left = wanted - quotas.reduce(0, +)
        for entry in remainders where left > 0 && quotas[entry.index] < sizes[entry.index] {
            quotas[entry.index] += 1
            left -= 1
        }
        return quotas
    }

    func t(_ language: StyrlintCore.Language, _ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    /// `escape` applies to what comes from the documents (organ ids); the rest is our own text.
    func header(_ language: StyrlintCore.Language, checkDate: Day, escape: (String) -> String = { $0 }) -> [String] {
        var lines = [t(language, "Urval: \(items.count) av \(population) element, frö \(seed), kontrolldatum \(checkDate). Samma frö och samma arkiv ger samma urval.",
                       "Sample: \(items.count) of \(population) elements, seed \(seed), check date \(checkDate). The same seed and repository give the same sample.")]
        switch allocation {
        case .simple: break
        case .perStratum(let count):
            lines.append(t(language, "Stratifierat per organ och elementtyp, högst \(count) per stratum.", "Stratified by organ and element kind, at most \(count) per stratum."))
        case .proportional(let count):
            lines.append(t(language, "Stratifierat per organ och elementtyp, \(count) fördelade efter stratumens storlek.",
                           "Stratified by organ and element kind, \(count) shared in proportion to the strata's sizes."))
        }
        if !strata.isEmpty {
            lines.append(t(language, "Strata: ", "Strata: ") + strata.map { "\(escape($0.name)) \($0.drawn)/\($0.population)" }.joined(separator: ", "))
        }
        lines.append(t(language, "Underlag: indata sha256 \(inputSet)", "Examined: input set sha256 \(inputSet)")
                     + (Provenance.commitText(provenance, language: language).map { ", " + escape($0) } ?? "") + ".")
        return lines
    }

    static let workingColumns: [(sv: String, en: String)] = [("iakttagelse", "observation"), ("bedömning", "assessment"), ("granskad av", "reviewed by"), ("datum", "date")]

    public func markdown(language: StyrlintCore.Language, checkDate: Day) -> String {
        var text = t(language, "# Stickprov\n\n", "# Spot check sample\n\n")
        text += header(language, checkDate: checkDate, escape: MarkdownReporter.cell).joined(separator: "\n\n") + "\n\n"
        for (number, item) in items.enumerated() {
            text += "## \(number + 1). \(item.kind.rawValue) \(MarkdownReporter.cell(item.id))\n\n"
            text += "- [ ] " + t(language, "Granskad", "Reviewed") + " — \(MarkdownReporter.cell(item.place))\n"
            for (key, value) in item.fields where !value.isEmpty {
                text += "- **\(MarkdownReporter.cell(key))**: \(MarkdownReporter.cell(value))\n"
            }
            if !item.evidence.isEmpty {
                text += "- **" + t(language, "Underlag", "Evidence") + "**:\n"
                for (key, value) in item.evidence { text += "  - \(MarkdownReporter.cell(key)): \(MarkdownReporter.cell(value))\n" }
            }
            if item.findings.isEmpty {
                text += "- " + t(language, "Inga fynd.", "No findings.") + "\n"
            } else {
                for finding in item.findings {
                    let waiver = finding.suppression.map { t(language, " (undantaget: \($0.reason))", " (suppressed: \($0.reason))") } ?? ""
                    text += "- \(finding.severity.label(language))[\(finding.rule)] \(MarkdownReporter.cell(finding.message))\(MarkdownReporter.cell(waiver))\n"
                }
            }
            for column in Self.workingColumns {
                let label = t(language, column.sv, column.en)
                text += "- \(label.prefix(1).uppercased() + label.dropFirst()): \n"
            }
            text += "\n"
        }
        return text
    }

    public func csv(language: StyrlintCore.Language) throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: [t(language, "nr", "no"), t(language, "typ", "kind"), "id", "organ", t(language, "fil", "file"), t(language, "rad", "line"),
                               t(language, "cell", "cell"), t(language, "uppgifter", "fields"), t(language, "underlag", "evidence"),
                               t(language, "fynd", "findings")] + Self.workingColumns.map { t(language, $0.sv, $0.en) })
        for (number, item) in items.enumerated() {
            // Every cell through the spreadsheet policy: a goal text starting with = or - must stay text.
            try writer.write(row: ([
                "\(number + 1)", item.kind.rawValue, item.id, item.organ, item.file, "\(item.line)", item.cell ?? "",
                item.fields.filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1)" }.joined(separator: " | "),
                item.evidence.map { "\($0.0): \($0.1)" }.joined(separator: " | "),
                item.findings.map { "\($0.rule): \($0.message)" + ($0.suppression.map { " (\(t(language, "undantaget", "suppressed")): \($0.reason))" } ?? "") }.joined(separator: " | "),
            ] + Self.workingColumns.map { _ in "" }).map(Escape.spreadsheetCell))
        }
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A printable checklist: one block per element with its evidence and findings, and
    /// empty fields for the auditor's observation, assessment, name and date.
    public func html(language: StyrlintCore.Language, checkDate: Day) -> String {
        let css = """
        body { font: 14px/1.4 system-ui, sans-serif; color: #1d2329; margin: 0 auto; max-width: 1100px; padding: 20px; }
        h1 { font-size: 22px; } h2 { font-size: 16px; margin: 18px 0 4px; }
        .meta { color: #56606b; margin: 2px 0; } .plats { font-family: ui-monospace, monospace; font-size: 12px; }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; } th, td { border: 1px solid #c6ccd3; padding: 4px 6px; text-align: left; vertical-align: top; }
        th { background: #f4f6f8; width: 11em; font-weight: 600; } td.fylls { height: 2.6em; }
        .post { break-inside: avoid; } .kryss { display: inline-block; width: 12px; height: 12px; border: 1px solid #1d2329; margin-right: 6px; }
        @page { size: A4; margin: 15mm; } @media print { body { max-width: none; padding: 0; font-size: 10pt; } }
        """
        let page = HTML(
            .lang(language == .sv ? .swedish : .english),
            .head(.meta(.charset(.utf8)), .element(named: "title", text: t(language, "Stickprov", "Spot check sample")), .style(css)),
            .body(
                .h1(.text(t(language, "Stickprov", "Spot check sample"))),
                .forEach(header(language, checkDate: checkDate)) { .p(.class("meta"), .text($0)) },
                .forEach(Array(items.enumerated())) { number, item in
                    .div(.class("post"),
                        .h2(.span(.class("kryss")), .text("\(number + 1). \(item.kind.rawValue) \(item.id)")),
                        .p(.class("plats"), .text(item.place)),
                        .table(
                            .forEach(item.fields.filter { !$0.1.isEmpty }) { field in .tr(.th(.text(field.0)), .td(.text(field.1))) },
                            .forEach(item.evidence) { entry in .tr(.th(.text(t(language, "underlag: ", "evidence: ") + entry.0)), .td(.text(entry.1))) },
                            .tr(.th(.text(t(language, "fynd", "findings"))),
                                .td(.if(item.findings.isEmpty, .text(t(language, "Inga fynd.", "No findings."))),
                                    .forEach(item.findings) { finding in .div(.text("\(finding.severity.label(language))[\(finding.rule)] \(finding.message)")) })),
                            .forEach(Self.workingColumns) { column in .tr(.th(.text(t(language, column.sv, column.en))), .td(.class("fylls"))) }
                        ))
                }
            ))
        return page.render(indentedBy: .spaces(1)) + "\n"
    }
}

/// What a sampled element is checked against, from the repository's reports.
struct Evidence {
    /// Indicator id → reported outcomes (`2025: 86 (son-ab-2025)`); goal id → assessments.
    var outcomes: [String: [String]] = [:]
    var assessments: [String: [String]] = [:]
    /// Control id → results in internkontrollrapporter.
    var results: [String: [String]] = [:]

    let language: StyrlintCore.Language

    /// A number as the message language writes it (56 097, 3,5); anything else as written.
    static func number(_ text: String, _ language: StyrlintCore.Language) -> String {
        Double(text).map { NumberText.format($0, language) } ?? text
    }

    init(_ repository: Repository, language: StyrlintCore.Language) {
        self.language = language
        for report in repository.reports {
            let source = report.subjectID
            for assessment in report.root?.list("måluppfyllelse") ?? .empty {
                guard let goal = assessment.text("mål") else { continue }
                assessments[goal, default: []].append("\(assessment.text("bedömning") ?? "?") (\(source))")
                for outcome in assessment.list("utfall") {
                    guard let indicator = outcome.text("indikator") else { continue }
                    outcomes[indicator, default: []].append("\(outcome.text("år").map { "\($0): " } ?? "")\(outcome.text("värde").map { Self.number($0, language) } ?? "?") (\(source))")
                }
            }
            for control in report.root?.list("kontroller") ?? .empty {
                guard let id = control.text("kontrollmoment") else { continue }
                let parts = [control.text("genomförd"), control.text("resultat"),
                             control.text("avvikelse") == "true" ? (language == .sv ? "avvikelse" : "deviation") : nil,
                             control.text("åtgärd").map { (language == .sv ? "åtgärd: " : "action: ") + $0 }].compactMap { $0 }
                results[id, default: []].append(parts.joined(separator: "; ") + " (\(source))")
            }
        }
    }

    func goal(_ goal: YAMLNode, id: String) -> [(String, String)] {
        var entries: [(String, String)] = []
        for indicator in goal.list("indikatorer") {
            let name = indicator.text("id") ?? indicator.text("namn") ?? "?"
            if let target = indicator["målvärde"] {
                let value = [target.text("riktning"), target.text("värde").map { Self.number($0, language) }, indicator.text("enhet")].compactMap { $0 }.joined(separator: " ")
                entries.append(("\(name) målvärde", value + (target.text("år").map { language == .sv ? ", år \($0)" : ", year \($0)" } ?? "")))
            }
            if let reported = outcomes[indicator.text("id") ?? ""] { entries.append(("\(name) utfall", reported.joined(separator: "; "))) }
        }
        if let judged = assessments[id] { entries.append(("måluppfyllelse", judged.joined(separator: "; "))) }
        return entries
    }

    func control(id: String) -> [(String, String)] {
        results[id].map { [("resultat", $0.joined(separator: "; "))] } ?? []
    }
}
