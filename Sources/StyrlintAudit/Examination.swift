import Foundation
import StyrlintCore

/// The auditor's examination file (`granskning.yml`): what the audit asks and concludes,
/// kept beside the plans so that the judgement survives a re-run of the checks. Each
/// observation is keyed by a finding's fingerprint or by the element it is about, never by
/// a line number. `styrlint report --granskning` builds a granskningsrapport around it.
public struct Examination: Sendable {
    public struct Question: Sendable {
        public var id: String
        public var question: String
        /// Rule ids, families (`RT`) or names whose findings answer the question.
        public var rules: [String]
        /// Where each entry of `regler` stands, for messages.
        public var rulePositions: [SourcePosition] = []
        public var assessment: String?
    }

    public struct Observation: Sendable {
        public enum Key: Sendable, Equatable {
            case fingerprint(String)
            /// A rule (or none: any rule) on an element of a document.
            case element(rule: String?, document: String, id: String?)
        }

        public var key: Key
        public var assessment: String?
        public var recommendation: String?
        public var line: Int

        func matches(_ finding: Finding) -> Bool {
            switch key {
            case .fingerprint(let print):
                return finding.fingerprint == print || finding.fingerprint.hasPrefix(print) && print.count >= 8
            case .element(let rule, let document, let id):
                if let rule, finding.rule != rule { return false }
                guard let element = finding.element else { return false }
                return element.document == document && (id == nil || element.id == id || element.judgedGoal == id)
            }
        }
    }

    public var title: String
    public var municipality: String?
    public var auditor: String
    public var date: String
    public var purpose: String
    public var scope: String?
    public var method: String?
    public var summary: String?
    public var questions: [Question]
    public var observations: [Observation]
    public var recommendations: [String]
    public var response: String?
    public var file: String

    public static let keys = ["titel", "kommun", "ansvarig_revisor", "datum", "syfte", "avgränsning", "metod", "sammanfattning",
                       "revisionsfrågor", "iakttagelser", "rekommendationer", "nämndens_svar"]
    static let questionKeys = ["id", "fråga", "regler", "bedömning"]
    static let observationKeys = ["fynd", "dokument", "element", "regel", "bedömning", "rekommendation"]

    /// Reads and checks the file: an unknown key, a missing field or a wrong shape is an
    /// error naming file, line and column, in both languages.
    public static func load(_ path: String, displayPath: String) throws -> Examination {
        let bytes = try InputFile.read(path, limit: 1 << 20, displayPath: displayPath, what: .configuration)
        return try parse(bytes, displayPath: displayPath)
    }

    public static func parse(_ bytes: [UInt8], displayPath: String) throws -> Examination {
        let parsed = YAMLParser.parse(bytes, limits: ParseLimits(maxDepth: 16, maxExpandedNodes: 20_000))
        func fail(_ node: YAMLNode?, sv: String, en: String) -> StyrlintError {
            let place = node.map { "\(displayPath):\($0.start.line):\($0.start.column)" } ?? displayPath
            return StyrlintError(sv: "\(place): \(sv)", en: "\(place): \(en)")
        }
        if let problem = parsed.problems.first {
            throw StyrlintError(sv: "\(displayPath):\(problem.position.line):\(problem.position.column): ogiltig YAML (\(problem.text(.sv)))",
                                en: "\(displayPath):\(problem.position.line):\(problem.position.column): invalid YAML (\(problem.text(.en)))")
        }
        guard let root = parsed.tree?.root, root.isMapping else {
            throw fail(parsed.tree?.root, sv: "granskningsfilen ska vara en mappning med titel, ansvarig_revisor, datum, syfte och revisionsfrågor",
                       en: "the examination file must be a mapping with titel, ansvarig_revisor, datum, syfte and revisionsfrågor")
        }
        func unknown(_ key: YAMLNode, _ known: [String]) -> StyrlintError {
            let name = key.scalar ?? ""
            let suggestion = Suggestion.closest(to: name, among: known)
            return fail(key, sv: "okänd nyckel '\(name)'.\(suggestion.map { " Menade du '\($0)'?" } ?? "") Kända: \(known.joined(separator: ", "))",
                        en: "unknown key '\(name)'.\(suggestion.map { " Did you mean '\($0)'?" } ?? "") Known: \(known.joined(separator: ", "))")
        }
        func text(_ node: YAMLNode, _ what: String) throws -> String {
            guard let value = node.scalar, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw fail(node, sv: "\(what) ska vara en text", en: "\(what) must be text")
            }
            return value
        }
        func list(_ node: YAMLNode, _ what: String) throws -> YAMLNode.Items {
            guard node.isSequence else { throw fail(node, sv: "\(what) ska vara en lista", en: "\(what) must be a list") }
            return node.items
        }
        for (key, _) in root.entries where !keys.contains(key.scalar ?? "") { throw unknown(key, keys) }
        func required(_ key: String) throws -> String {
            guard let node = root[key] else {
                throw fail(root, sv: "\(key) saknas; en granskningsrapport anger \(key)", en: "\(key) is missing; a granskningsrapport states \(key)")
            }
            return try text(node, key)
        }
        let date = try required("datum")
        guard Day(iso: date) != nil else { throw fail(root["datum"], sv: "datum ska skrivas ÅÅÅÅ-MM-DD", en: "datum must be written YYYY-MM-DD") }
        var questions: [Question] = []
        for item in try list(root["revisionsfrågor"] ?? root, "revisionsfrågor") {
            guard item.isMapping else { throw fail(item, sv: "en revisionsfråga ska ha id och fråga", en: "a revisionsfråga needs id and fråga") }
            for (key, _) in item.entries where !questionKeys.contains(key.scalar ?? "") { throw unknown(key, questionKeys) }
            guard let id = item["id"], let question = item["fråga"] else {
                throw fail(item, sv: "en revisionsfråga ska ha id och fråga", en: "a revisionsfråga needs id and fråga")
            }
            let ruleNodes = try item["regler"].map { try list($0, "regler") } ?? .empty
            let rules = try ruleNodes.map { try text($0, "regler").uppercased() }
            questions.append(Question(id: try text(id, "id"), question: try text(question, "fråga"), rules: rules, rulePositions: ruleNodes.map(\.start),
                                      assessment: try item["bedömning"].map { try text($0, "bedömning") }))
        }
        if questions.isEmpty {
            throw fail(root["revisionsfrågor"] ?? root, sv: "revisionsfrågor saknas; ange minst en fråga som granskningen besvarar",
                       en: "revisionsfrågor is missing; give at least one question the examination answers")
        }
        var observations: [Observation] = []
        for item in try root["iakttagelser"].map({ try list($0, "iakttagelser") }) ?? .empty {
            guard item.isMapping else { throw fail(item, sv: "en iakttagelse ska vara en mappning", en: "an observation must be a mapping") }
            for (key, _) in item.entries where !observationKeys.contains(key.scalar ?? "") { throw unknown(key, observationKeys) }
            let key: Observation.Key
            if let print = item["fynd"] {
                key = .fingerprint(try text(print, "fynd"))
            } else if let document = item["dokument"] {
                key = .element(rule: try item["regel"].map { try text($0, "regel").uppercased() }, document: try text(document, "dokument"),
                               id: try item["element"].map { try text($0, "element") })
            } else {
                throw fail(item, sv: "en iakttagelse gäller ett fynd (fynd: fingeravtrycket ur JSON-rapporten) eller ett element (dokument, element och gärna regel)",
                           en: "an observation is about a finding (fynd: the fingerprint from the JSON report) or an element (dokument, element and preferably regel)")
            }
            let assessment = try item["bedömning"].map { try text($0, "bedömning") }
            let recommendation = try item["rekommendation"].map { try text($0, "rekommendation") }
            if assessment == nil && recommendation == nil {
                throw fail(item, sv: "iakttagelsen saknar både bedömning och rekommendation", en: "the observation has neither bedömning nor rekommendation")
            }
            observations.append(Observation(key: key, assessment: assessment, recommendation: recommendation, line: item.start.line))
        }
        return Examination(
            title: try required("titel"), municipality: try root["kommun"].map { try text($0, "kommun") },
            auditor: try required("ansvarig_revisor"), date: date, purpose: try required("syfte"),
            scope: try root["avgränsning"].map { try text($0, "avgränsning") }, method: try root["metod"].map { try text($0, "metod") },
            summary: try root["sammanfattning"].map { try text($0, "sammanfattning") }, questions: questions, observations: observations,
            recommendations: try root["rekommendationer"].map { try list($0, "rekommendationer").map { try text($0, "rekommendationer") } } ?? [],
            response: try root["nämndens_svar"].map { try text($0, "nämndens_svar") }, file: displayPath)
    }

    /// Every `regler` entry names a rule that ran, a family of them or a rule's name: a
    /// mistyped entry would leave its question without findings and look like a clean bill.
    public func validate(rules: [Rule]) throws {
        for question in questions {
            for (entry, position) in zip(question.rules, question.rulePositions)
            where !rules.contains(where: { RuleSelection.matches(entry, id: $0.id, name: $0.name) }) {
                let families = Set(rules.map { String($0.id.prefix { $0.isLetter }) })
                let suggestion = Suggestion.closest(to: entry, among: rules.map(\.id) + families.sorted())
                let place = "\(file):\(position.line):\(position.column)"
                throw StyrlintError(sv: "\(place): regler: '\(entry)' är varken en regel, en familj eller ett regelnamn bland dem som körs.\(suggestion.map { " Menade du '\($0)'?" } ?? "")",
                                    en: "\(place): regler: '\(entry)' is neither a rule, a family nor a rule name among those run.\(suggestion.map { " Did you mean '\($0)'?" } ?? "")")
            }
        }
    }

    /// Whether a finding answers a question: its rule id, family or name is listed, read as
    /// `--select` reads it.
    public func answers(_ question: Question, _ finding: Finding) -> Bool {
        question.rules.contains { RuleSelection.matches($0, id: finding.rule, name: finding.name) }
    }

    /// The auditor's judgements of a finding.
    public func observations(for finding: Finding) -> [Observation] {
        observations.filter { $0.matches(finding) }
    }
}

extension Examination {
    public static let schemaID = "https://styrlint.se/schema/v1/granskning.schema.json"

    /// A JSON Schema (draft 2020-12) of the examination file, for editors
    /// (`styrlint schema --granskning`, kept as schema/granskning.schema.json); a test
    /// holds it to the reader's keys.
    public static func jsonSchema() -> String {
        func text(_ description: String) -> [String: Any] { ["type": "string", "minLength": 1, "description": description] }
        let question: [String: Any] = [
            "type": "object", "additionalProperties": false, "required": ["id", "fråga"],
            "properties": [
                "id": text("short id of the question (F1)"),
                "fråga": text("the audit question"),
                "regler": ["type": "array", "items": ["type": "string"], "description": "rule ids, families (RT) or names whose findings answer it"],
                "bedömning": text("the auditor's assessment of the question"),
            ],
        ]
        let observation: [String: Any] = [
            "type": "object", "additionalProperties": false,
            "properties": [
                "fynd": text("a finding's fingerprint from the JSON report (at least its first 8 characters)"),
                "dokument": text("the document id the observation is about"),
                "element": text("the element id in it (goal, indicator, risk …)"),
                "regel": text("the rule, when only its finding is meant"),
                "bedömning": text("the auditor's assessment"),
                "rekommendation": text("the auditor's recommendation"),
            ],
            "oneOf": [["required": ["fynd"]], ["required": ["dokument"]]],
            "anyOf": [["required": ["bedömning"]], ["required": ["rekommendation"]]],
        ]
        let root: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": schemaID,
            "title": "granskning.yml",
            "description": "The auditor's examination file for styrlint report --granskning (docs/audit.md).",
            "type": "object", "additionalProperties": false,
            "required": ["titel", "ansvarig_revisor", "datum", "syfte", "revisionsfrågor"],
            "properties": [
                "titel": text("the examination's title"),
                "kommun": text("the municipality"),
                "ansvarig_revisor": text("the responsible auditor"),
                "datum": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "date of the report"],
                "syfte": text("purpose"),
                "avgränsning": text("scope"),
                "metod": text("method"),
                "sammanfattning": text("the auditor's overall assessment"),
                "revisionsfrågor": ["type": "array", "minItems": 1, "items": question],
                "iakttagelser": ["type": "array", "items": observation],
                "rekommendationer": ["type": "array", "items": text("a recommendation")],
                "nämndens_svar": text("the board's response"),
            ],
        ]
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
