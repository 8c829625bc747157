import CSV
import Foundation
import StyrlintCore

/// A reproducible random sample for an auditor's stickprov: the same seed and the same
/// repository give the same sample on any machine (elements are ordered by file and id
/// before a seeded SplitMix64 shuffle; no system random source is used).
public struct SpotCheck: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case mål, kontrollmoment, rapport }

    public struct Item: Sendable {
        public var kind: Kind
        public var id: String
        public var file: String
        public var line: Int
        public var fields: [(String, String)]
        public var findings: [Finding]
    }

    public var items: [Item]
    public var population: Int
    public var seed: UInt64
    /// What the sample was drawn from: the input digest and the commit, when known.
    public var inputSet: String = ""
    public var commits: [String] = []

    public init(result: CheckResult, kind: Kind?, count: Int, seed: UInt64) {
        var population: [Item] = []
        for (summary, repository) in zip(result.repositories, result.loaded) {
            for document in repository.documents where repository.isReported(document.path) {
                let path = summary.displayPath(document.path)
                let related = result.findings.filter { $0.file == path }
                // A finding belongs to the element whose lines hold it.
                func findings(within node: YAMLNode) -> [Finding] {
                    let lines = node.range.start.line...max(node.range.start.line, node.range.end.line)
                    return related.filter { lines.contains($0.line) }
                }
                switch document.kind {
                case .verksamhetsplan? where kind == nil || kind == .mål:
                    for goal in document.goals {
                        guard let id = goal.text("id") else { continue }
                        population.append(Item(kind: .mål, id: id, file: path, line: goal.start.line, fields: [
                            ("organ", document.organ ?? ""), ("text", goal.text("text") ?? ""), ("ansvarig", goal.text("ansvarig") ?? ""),
                            ("indikatorer", goal.list("indikatorer").compactMap { $0.text("namn") }.joined(separator: "; ")),
                        ], findings: findings(within: goal)))
                    }
                case .internkontrollplan? where kind == nil || kind == .kontrollmoment:
                    for control in document.root?.list("kontrollmoment") ?? [] {
                        guard let id = control.text("id") else { continue }
                        population.append(Item(kind: .kontrollmoment, id: id, file: path, line: control.start.line, fields: [
                            ("organ", document.organ ?? ""), ("kontroll", control.text("kontroll") ?? ""), ("metod", control.text("metod") ?? ""),
                            ("frekvens", control.text("frekvens") ?? ""), ("ansvarig", control.text("ansvarig") ?? ""),
                        ], findings: findings(within: control)))
                    }
                case .rapport? where kind == nil || kind == .rapport:
                    population.append(Item(kind: .rapport, id: document.subjectID, file: path, line: document.root?.start.line ?? 1, fields: [
                        ("organ", document.organ ?? ""), ("rapporttyp", document.string("rapporttyp") ?? ""),
                        ("period", document.string("period") ?? ""), ("inlämnad", document.string("inlämnad") ?? ""),
                    ], findings: related))
                default:
                    break
                }
            }
        }
        population.sort { ($0.file, $0.line, $0.id) < ($1.file, $1.line, $1.id) }
        var random = SeededRandom(seed: seed)
        var shuffled = population
        random.shuffle(&shuffled)
        self.items = Array(shuffled.prefix(max(0, count)))
        self.population = population.count
        self.seed = seed
        let provenance = result.repositories.compactMap(\.provenance)
        inputSet = provenance.count == 1 ? provenance[0].inputSet : Provenance.combined(provenance)
        commits = Array(Set(provenance.compactMap(\.commit))).sorted()
    }

    func t(_ language: Language, _ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    public func markdown(language: Language, checkDate: Day) -> String {
        var text = t(language, "# Stickprov\n\n", "# Spot check sample\n\n")
        text += t(language, "Urval: \(items.count) av \(population) element, frö \(seed), kontrolldatum \(checkDate). Samma frö och samma arkiv ger samma urval.\n\n",
                  "Sample: \(items.count) of \(population) elements, seed \(seed), check date \(checkDate). The same seed and repository give the same sample.\n\n")
        text += t(language, "Underlag: indata sha256 \(inputSet)", "Examined: input set sha256 \(inputSet)")
            + (commits.isEmpty ? "" : t(language, ", commit \(commits.joined(separator: ", "))", ", commit \(commits.joined(separator: ", "))")) + ".\n\n"
        for (number, item) in items.enumerated() {
            text += "## \(number + 1). \(item.kind.rawValue) \(MarkdownReporter.cell(item.id))\n\n"
            text += "- [ ] " + t(language, "Granskad", "Reviewed") + " — \(MarkdownReporter.cell(item.file)):\(item.line)\n"
            for (key, value) in item.fields where !value.isEmpty {
                text += "- **\(MarkdownReporter.cell(key))**: \(MarkdownReporter.cell(value))\n"
            }
            if item.findings.isEmpty {
                text += "- " + t(language, "Inga fynd.", "No findings.") + "\n"
            } else {
                for finding in item.findings {
                    let waiver = finding.suppression.map { t(language, " (undantaget: \($0.reason))", " (suppressed: \($0.reason))") } ?? ""
                    text += "- \(finding.severity.label(language))[\(finding.rule)] \(MarkdownReporter.cell(finding.message))\(MarkdownReporter.cell(waiver))\n"
                }
            }
            text += "\n"
        }
        return text
    }

    public func csv(language: Language) throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: [t(language, "nr", "no"), t(language, "typ", "kind"), "id", t(language, "fil", "file"), t(language, "rad", "line"),
                               t(language, "uppgifter", "fields"), t(language, "fynd", "findings"), t(language, "granskad", "reviewed")])
        for (number, item) in items.enumerated() {
            // Every cell through the spreadsheet policy: a goal text starting with = or - must stay text.
            try writer.write(row: [
                "\(number + 1)", item.kind.rawValue, item.id, item.file, "\(item.line)",
                item.fields.filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1)" }.joined(separator: " | "),
                item.findings.map { "\($0.rule): \($0.message)" + ($0.suppression.map { " (\(t(language, "undantaget", "suppressed")): \($0.reason))" } ?? "") }.joined(separator: " | "),
                "",
            ].map(Escape.spreadsheetCell))
        }
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
