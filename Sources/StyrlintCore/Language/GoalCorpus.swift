import Foundation

/// The labelled corpus of goal texts (`Tests/Fixtures/goals/corpus.yaml`) and the
/// precision and recall of the goal-language rules on it: computed the same way by
/// `swift test`, `styrlint verify-rules --goal-corpus` and the benchmark.
public enum GoalCorpus {
    public static let rules = ["SM001", "SM007", "SM008", "SM009", "MV006", "MV008", "MV010"]

    public struct Entry: Sendable {
        public struct Indicator: Sendable {
            public var name: String
            public var unit: String?
            public var target: Double?
            public var baseline: Double?
            public var direction: String?
            public var bySex: Bool
        }
        public var id: String
        public var level: String
        public var text: String
        public var indicators: [Indicator]
        public var fires: Set<String>
        public var silent: Set<String>
        /// The rules the entry was judged for (`judged:`); all of them when absent. A
        /// review that looked at one rule says nothing of the others.
        public var judged: Set<String> = Set(GoalCorpus.rules)
    }

    public struct Score: Sendable {
        public var truePositive = 0, falsePositive = 0, falseNegative = 0, trueNegative = 0
        public var misses: [String] = []
        public var precision: Double { truePositive + falsePositive == 0 ? 1 : Double(truePositive) / Double(truePositive + falsePositive) }
        public var recall: Double { truePositive + falseNegative == 0 ? 1 : Double(truePositive) / Double(truePositive + falseNegative) }
    }

    public static func load(_ path: String) throws -> [Entry] {
        let bytes = try InputFile.read(path, limit: 16 << 20, displayPath: path, what: .document)
        let parsed = YAMLParser.parse(bytes, limits: ParseLimits(maxDepth: 16, maxExpandedNodes: 1_000_000))
        guard let root = parsed.tree?.root, parsed.problems.isEmpty else {
            throw StyrlintError(sv: "\(path): \(parsed.problems.first?.text(.sv) ?? "tom")",
                                en: "\(path): \(parsed.problems.first?.text(.en) ?? "empty")")
        }
        return root.items.map { node in
            Entry(id: node.text("id") ?? "", level: node.text("nivå") ?? "nämnd", text: node.text("text") ?? "",
                  indicators: node.list("indikatorer").map { indicator in
                      Entry.Indicator(name: indicator.text("namn") ?? "", unit: indicator.text("enhet"),
                                      target: indicator["målvärde"]?.number("värde"), baseline: indicator["utgångsvärde"]?.number("värde"),
                                      direction: indicator["målvärde"]?.text("riktning"),
                                      bySex: indicator.boolean("könsuppdelad") == true)
                  },
                  fires: Set(node["fires"]?.entries.compactMap { $0.0.scalar } ?? []),
                  silent: Set(node["silent"]?.entries.compactMap { $0.0.scalar } ?? []),
                  judged: node["judged"].map { Set($0.items.compactMap(\.scalar)) } ?? Set(rules))
        }
    }

    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    /// A plan holding the entry's goal at the entry's level, valid apart from the goal.
    public static func document(_ entry: Entry) -> String {
        var yaml = "typ: verksamhetsplan\nid: \(entry.id.lowercased())-vp\norgan: bun\nnivå: \(entry.level)\nperiod: {från: 2025, till: 2027}\n"
        switch entry.level {
        case "fullmäktige": yaml += "målområden: [{id: MO1, namn: Lärande}]\n"
        case "verksamhet": yaml += "enhet: Enheten\növerordnad: bun-vp-2025\n"
        default: yaml += "överordnad: kf-vp-2025\n"
        }
        yaml += "mål:\n  - id: \(entry.id)\n    text: \(quoted(entry.text))\n    ansvarig: chef\n    klart: 2027\n"
        if !entry.indicators.isEmpty {
            yaml += "    indikatorer:\n"
            for (index, indicator) in entry.indicators.enumerated() {
                yaml += "      - id: \(entry.id).\(index + 1)\n        namn: \(quoted(indicator.name))\n"
                if let unit = indicator.unit { yaml += "        enhet: \(quoted(unit))\n" }
                if let baseline = indicator.baseline {
                    yaml += "        utgångsvärde: {värde: \(baseline.formattedPlain), år: 2024}\n"
                }
                if let target = indicator.target {
                    yaml += "        målvärde: {värde: \(target.formattedPlain), år: 2027, riktning: \(indicator.direction ?? "minst")}\n"
                }
                if indicator.bySex { yaml += "        könsuppdelad: true\n" }
            }
        }
        return yaml
    }

    public static func score(_ entries: [Entry], rules pack: [Rule]) throws -> [String: Score] {
        let files = entries.map { ("goals/\($0.id).yaml", document($0)) }
        // Each rule's own detection is measured: the output drops SM001 where SM007 says the
        // same and more (`superseded_by`), but SM001 still has to see the problem.
        let detecting = pack.map { rule -> Rule in
            var rule = rule
            rule.supersededBy = []
            return rule
        }
        let findings = try InMemoryCheck.run(files: files, configText: nil, rules: detecting, checkDate: InMemoryCheck.exampleDate)
        var fired: [String: Set<String>] = [:]
        for finding in findings where rules.contains(finding.rule) { fired[finding.file, default: []].insert(finding.rule) }

        var scores: [String: Score] = [:]
        for entry in entries {
            let actual = fired["goals/\(entry.id).yaml"] ?? []
            for rule in rules where entry.judged.contains(rule) {
                switch (entry.fires.contains(rule), actual.contains(rule)) {
                case (true, true): scores[rule, default: Score()].truePositive += 1
                case (false, true):
                    scores[rule, default: Score()].falsePositive += 1
                    scores[rule, default: Score()].misses.append("\(entry.id) fires wrongly: \(entry.text)")
                case (true, false):
                    scores[rule, default: Score()].falseNegative += 1
                    scores[rule, default: Score()].misses.append("\(entry.id) missed: \(entry.text)")
                case (false, false): scores[rule, default: Score()].trueNegative += 1
                }
            }
        }
        return scores
    }

    /// One line per rule, as the benchmark and `verify-rules --goal-corpus` print them.
    public static func table(_ scores: [String: Score]) -> String {
        rules.map { rule in
            let score = scores[rule] ?? Score()
            return "\(rule): precision \(String(format: "%.3f", score.precision)), recall \(String(format: "%.3f", score.recall)) (tp \(score.truePositive), fp \(score.falsePositive), fn \(score.falseNegative), tn \(score.trueNegative))"
        }.joined(separator: "\n") + "\n"
    }
}
