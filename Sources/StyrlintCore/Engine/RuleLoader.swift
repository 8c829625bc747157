import Foundation

/// Reads rule files. Every mistake is an error naming file, line and column: a rule
/// that cannot be read is never silently dropped.
public enum RuleLoader {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var position: SourcePosition
        public var swedish: String
        public var english: String
        /// In the language of the run's messages.
        public var message: String { Language.messages == .en ? english : swedish }
        public var description: String { "\(file):\(position.line):\(position.column): \(message)" }

        public init(file: String, position: SourcePosition, sv: String, en: String) {
            self.file = file
            self.position = position
            swedish = sv
            english = en
        }
    }

    /// " (menade du 'x'?)" / " (did you mean 'x'?)", or nothing.
    static func hint(_ suggestion: String?) -> (sv: String, en: String) {
        guard let suggestion else { return ("", "") }
        return (" (menade du '\(suggestion)'?)", " (did you mean '\(suggestion)'?)")
    }

    static let ruleKeys = ["id", "name", "severity", "title", "description", "rationale", "source", "given", "where", "when", "when_present", "superseded_by", "smart", "signal",
                           "then", "message", "messages", "examples"]

    static let limits = ParseLimits(maxDepth: 64, maxExpandedNodes: 100_000)

    public static func parse(text: String, origin: String) throws -> Rule {
        try read(YAMLParser.parse(Array(text.utf8), limits: limits), origin: origin)
    }

    /// A rule from its parsed file. `checked: false` skips the checks of options, paths
    /// and messages against the functions' contracts: only for the built-in pack a check
    /// reads, which is the pack the tests read with every check (the same trees).
    static func read(_ parsed: ParseResult, origin: String, checked: Bool = true) throws -> Rule {
        if let problem = parsed.problems.first {
            throw Failure(file: origin, position: problem.position, sv: "ogiltig YAML i regelfilen: \(problem.text(.sv))", en: "invalid YAML in the rule file: \(problem.text(.en))")
        }
        guard let root = parsed.tree?.root, root.isMapping else {
            throw Failure(file: origin, position: .start, sv: "en regelfil är en mappning med id, name, severity, …", en: "a rule file is a mapping with id, name, severity, …")
        }
        func fail(_ node: YAMLNode?, sv: String, en: String) -> Failure {
            Failure(file: origin, position: node?.start ?? root.start, sv: sv, en: en)
        }
        for (key, _) in root.entries where !ruleKeys.contains(key.scalar ?? "") {
            let hint = Self.hint(Suggestion.closest(to: key.scalar ?? "", among: ruleKeys))
            throw fail(key, sv: "okänd nyckel '\(key.scalar ?? "")'\(hint.sv); kända: \(ruleKeys.joined(separator: ", "))",
                       en: "unknown key '\(key.scalar ?? "")'\(hint.en); known: \(ruleKeys.joined(separator: ", "))")
        }
        func requiredText(_ key: String) throws -> String {
            guard let value = root.text(key) else { throw fail(root, sv: "'\(key)' saknas", en: "missing '\(key)'") }
            return value
        }
        func localized(_ node: YAMLNode?, _ what: String) throws -> LocalizedText {
            guard let node, node.isMapping, let sv = node.text("sv"), let en = node.text("en") else {
                throw fail(node, sv: "'\(what)' behöver text både under 'sv' och 'en'", en: "'\(what)' needs both 'sv' and 'en' text")
            }
            return LocalizedText(sv: sv, en: en)
        }
        let id = try requiredText("id")
        guard id.first?.isUppercase == true, id.allSatisfy({ $0.isUppercase || $0.isNumber }), id.contains(where: \.isNumber) else {
            throw fail(root["id"], sv: "regel-id:t '\(id)' ska vara versaler följda av siffror, till exempel SM001 eller EGEN001",
                       en: "rule id '\(id)' must be capital letters then digits, e.g. SM001 or EGEN001")
        }
        let name = try requiredText("name")
        guard let severity = Severity(rawValue: try requiredText("severity")) else {
            throw fail(root["severity"], sv: "severity ska vara fel, varning eller info", en: "severity must be fel, varning or info")
        }
        let givenText = try requiredText("given")
        guard let given = ElementKind(rawValue: givenText) else {
            let hint = Self.hint(Suggestion.closest(to: givenText, among: ElementKind.allCases.map(\.rawValue)))
            let known = ElementKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(root["given"], sv: "okänd väljare '\(givenText)'\(hint.sv); kända: \(known)", en: "unknown selector '\(givenText)'\(hint.en); known: \(known)")
        }
        var filter: [String: [String]] = [:]
        if let whereNode = root["where"] {
            guard whereNode.isMapping else { throw fail(whereNode, sv: "'where' ska vara en mappning från en dokumentnyckel till godtagna värden, till exempel {nivå: [nämnd, bolag]}",
                                                    en: "'where' maps a document key to accepted values, e.g. {nivå: [nämnd, bolag]}") }
            let documentKeys = Set(DocumentKind.allCases.flatMap { Schema.schema(for: $0).fields.map(\.name) })
            for (key, value) in whereNode.entries {
                let name = key.scalar ?? ""
                guard documentKeys.contains(name) else {
                    let hint = Self.hint(Suggestion.closest(to: name, among: documentKeys.sorted()))
                    throw fail(key, sv: "'where': '\(name)' är ingen nyckel i något dokument\(hint.sv)", en: "'where': '\(name)' is not a document key\(hint.en)")
                }
                filter[name] = value.isSequence ? value.items.compactMap(\.scalar) : [value.scalar ?? ""]
            }
        }
        guard let thenNode = root["then"] else { throw fail(root, sv: "'then' saknas", en: "missing 'then'") }
        let checkNodes = thenNode.isSequence ? Array(thenNode.items) : [thenNode]
        var checks: [RuleCheck] = []
        for checkNode in checkNodes {
            guard checkNode.isMapping, let function = checkNode.text("function") else {
                throw fail(checkNode, sv: "'then' behöver 'function' (och kan ha 'options')", en: "'then' needs 'function' (and optional 'options')")
            }
            guard let definition = CheckFunctions.byName[function] else {
                let hint = Self.hint(Suggestion.closest(to: function, among: Array(CheckFunctions.byName.keys)))
                throw fail(checkNode["function"], sv: "okänd funktion '\(function)'\(hint.sv); `styrlint functions` listar dem",
                           en: "unknown function '\(function)'\(hint.en); `styrlint functions` lists them")
            }
            if let selectors = definition.selectors, !selectors.contains(given) {
                let list = selectors.map(\.rawValue).joined(separator: ", ")
                throw fail(root["given"], sv: "funktionen '\(function)' granskar \(list), inte \(given.rawValue); välj en av dem som given",
                           en: "the function '\(function)' checks \(list), not \(given.rawValue); choose one of them as given")
            }
            for (key, _) in checkNode.entries where !["function", "options"].contains(key.scalar ?? "") {
                throw fail(key, sv: "okänd nyckel '\(key.scalar ?? "")' i 'then'; kända: function, options", en: "unknown key '\(key.scalar ?? "")' in 'then'; known: function, options")
            }
            var options: [String: OptionValue] = [:]
            if let optionsNode = checkNode["options"] {
                guard optionsNode.isMapping else { throw fail(optionsNode, sv: "'options' ska vara en mappning", en: "'options' must be a mapping") }
                for (key, value) in optionsNode.entries { options[key.scalar ?? ""] = OptionValue(value) }
            }
            if checked, let problem = definition.validate(options) {
                throw fail(checkNode["options"] ?? checkNode, sv: "funktionen '\(function)': \(problem.sv)", en: "function '\(function)': \(problem.en)")
            }
            // A misspelt key in a path would make a rule fire everywhere or never: refuse it.
            // Which options are paths is the function's declaration, not their names.
            if checked, let schema = given.schema {
                for parameter in definition.parameters {
                    guard let value = options[parameter.name] else { continue }
                    var prefix = ""
                    if case .itemPath(let list) = parameter.kind, let listPath = options[list]?.string { prefix = "\(listPath)[]." }
                    if case .keyPath(let mapping) = parameter.kind, let mappingPath = options[mapping]?.string { prefix = "\(mappingPath)." }
                    for path in parameter.paths(in: value) {
                        if let (segment, suggestion) = Schema.check(path: prefix + path, in: schema) {
                            let hint = Self.hint(suggestion)
                            throw fail(checkNode["options"] ?? checkNode, sv: "parametern '\(parameter.name)': '\(segment)' är ingen nyckel i \(given.rawValue)\(hint.sv)",
                                       en: "option '\(parameter.name)': '\(segment)' is not a key of \(given.rawValue)\(hint.en)")
                        }
                    }
                }
            }
            checks.append(RuleCheck(function: function, options: options))
        }
        var variants: [String: LocalizedText] = [:]
        if let messagesNode = root["messages"] {
            guard messagesNode.isMapping else { throw fail(messagesNode, sv: "'messages' ska vara en mappning från variantens namn till {sv, en}", en: "'messages' maps a variant name to {sv, en}") }
            for (key, value) in messagesNode.entries { variants[key.scalar ?? ""] = try localized(value, "messages.\(key.scalar ?? "")") }
        }
        // The contract: a message for every variant the functions can emit with these
        // options, and none for a variant they never emit.
        let emitted = checked ? Set(checks.flatMap { CheckFunctions.byName[$0.function]?.emits?.compactMap(\.variant) ?? [] }) : []
        // With several checks, a variant's placeholders are those any of them fills.
        var filled: [String?: Set<String>] = [:]
        for check in checks where checked {
            for emission in CheckFunctions.byName[check.function]?.emits ?? [] { filled[emission.variant, default: []].formUnion(emission.placeholders) }
        }
        let main = try localized(root["message"], "message")
        for (check, checkNode) in zip(checks, checkNodes) where checked {
            guard let function = CheckFunctions.byName[check.function],
                  let problem = function.messageProblem(variants: variants, main: main, options: check.options, otherVariants: emitted,
                                                        otherPlaceholders: filled) else { continue }
            let node = problem.en.hasPrefix("messages.") ? root["messages"]?.entries.first { problem.en.hasPrefix("messages.\($0.key.scalar ?? ""):") }?.key
                : problem.en.hasPrefix("message:") ? root["message"] : checkNode
            throw fail(node ?? checkNode, sv: problem.sv, en: problem.en)
        }
        let examplesNode = root["examples"]
        let triggering = try examples(examplesNode?["triggering"], origin: origin, fail: { fail($0, sv: $1, en: $2) })
        let nonTriggering = try examples(examplesNode?["non_triggering"], origin: origin, fail: { fail($0, sv: $1, en: $2) })
        var rule = Rule(
            id: id, name: name, severity: severity,
            title: try localized(root["title"], "title"),
            description: try localized(root["description"], "description"),
            rationale: try localized(root["rationale"], "rationale"),
            source: root.text("source") ?? "",
            given: given, filter: filter, checks: checks,
            message: try localized(root["message"], "message"),
            variants: variants, triggering: triggering, nonTriggering: nonTriggering, origin: origin)
        rule.idPosition = root["id"]?.start ?? .start
        rule.elementFilter = try elementFilter(root, given: given, fail: fail)
        if let node = root["smart"] {
            let known = SmartCriterion.allCases.map(\.rawValue)
            guard let criterion = node.scalar.flatMap(SmartCriterion.init(rawValue:)) else {
                throw fail(node, sv: "'smart' är ett av: \(known.joined(separator: ", "))", en: "'smart' is one of: \(known.joined(separator: ", "))")
            }
            rule.smart = criterion
        }
        if let node = root["signal"] {
            let known = SignalWeight.allCases.map(\.rawValue)
            guard let weight = node.scalar.flatMap(SignalWeight.init(rawValue:)) else {
                throw fail(node, sv: "'signal' är ett av: \(known.joined(separator: ", "))", en: "'signal' is one of: \(known.joined(separator: ", "))")
            }
            rule.signal = weight
        }
        if let node = root["superseded_by"] {
            let ids = node.isSequence ? node.items.compactMap(\.scalar) : [node.scalar].compactMap { $0 }
            guard !ids.isEmpty, ids.count == (node.isSequence ? node.items.count : 1), !ids.contains(id) else {
                throw fail(node, sv: "'superseded_by' är en lista med andra reglers id, till exempel [SM007]", en: "'superseded_by' lists the ids of other rules, e.g. [SM007]")
            }
            rule.supersededBy = ids
            rule.supersededByPosition = node.start
        }
        return rule
    }

    /// `when` and `when_present`: paths into the selected element, checked against the format.
    private static func elementFilter(_ root: YAMLNode, given: ElementKind, fail: (YAMLNode?, String, String) -> Failure) throws -> ElementFilter {
        var filter = ElementFilter()
        func checkPath(_ path: String, _ node: YAMLNode, _ key: String) throws {
            guard let schema = given.schema else {
                throw fail(node, "'\(key)' gäller element med fält; \(given.rawValue) har inga", "'\(key)' is for elements with fields; \(given.rawValue) has none")
            }
            if let (segment, suggestion) = Schema.check(path: path, in: schema) {
                let hint = Self.hint(suggestion)
                throw fail(node, "'\(key)': '\(segment)' är ingen nyckel i \(given.rawValue)\(hint.sv)", "'\(key)': '\(segment)' is not a key of \(given.rawValue)\(hint.en)")
            }
        }
        if let node = root["when"] {
            guard node.isMapping, !node.entries.isEmpty else {
                throw fail(node, "'when' är en mappning från en sökväg i elementet till godtagna värden, till exempel {hantering: accepteras}",
                           "'when' maps a path in the element to accepted values, e.g. {hantering: accepteras}")
            }
            for (key, value) in node.entries {
                let path = key.scalar ?? ""
                try checkPath(path, key, "when")
                let accepted = value.isSequence ? value.items.compactMap(\.scalar) : [value.scalar].compactMap { $0 }
                guard !accepted.isEmpty else { throw fail(value, "'when': ange minst ett värde", "'when': give at least one value") }
                filter.values.append((path, accepted))
            }
        }
        if let node = root["when_present"] {
            let paths = node.isSequence ? node.items.compactMap(\.scalar) : [node.scalar].compactMap { $0 }
            guard !paths.isEmpty else { throw fail(node, "'when_present' är en sökväg eller en lista med sökvägar", "'when_present' is a path or a list of paths") }
            for path in paths { try checkPath(path, node, "when_present") }
            filter.present = paths
        }
        return filter
    }

    private static func examples(_ node: YAMLNode?, origin: String, fail: (YAMLNode?, String, String) -> Failure) throws -> [RuleExample] {
        guard let node else { return [] }
        guard node.isSequence else { throw fail(node, "exemplen ska vara en lista", "examples are a list") }
        return try node.items.map { item in
            if let text = item.scalar {
                return RuleExample(files: [("plan.yaml", text)], checkDate: nil, config: nil, count: nil, note: nil, line: item.start.line)
            }
            guard item.isMapping, let filesNode = item["files"], filesNode.isMapping else {
                throw fail(item, "ett exempel är en YAML-text eller {files: {sökväg: text}, per?, config?, count?, note?}",
                           "an example is a YAML text, or {files: {path: text}, per?, config?, count?, note?}")
            }
            for (key, _) in item.entries where !["files", "per", "config", "count", "note", "with_rules", "expect"].contains(key.scalar ?? "") {
                throw fail(key, "okänd nyckel '\(key.scalar ?? "")' i exemplet; kända: files, per, config, count, note, with_rules, expect",
                           "unknown example key '\(key.scalar ?? "")'; known: files, per, config, count, note, with_rules, expect")
            }
            var checkDate: Day?
            if let per = item["per"] {
                guard let day = per.scalar.flatMap(Day.init(iso:)) else { throw fail(per, "'per' är ett datum ÅÅÅÅ-MM-DD", "'per' is a date YYYY-MM-DD") }
                checkDate = day
            }
            var example = RuleExample(
                files: filesNode.entries.map { ($0.key.scalar ?? "", $0.value.scalar ?? "") },
                checkDate: checkDate, config: item.text("config"),
                count: item.integer("count"), note: item.text("note"), line: item.start.line)
            example.withRules = item.strings("with_rules")
            if let expectNode = item["expect"] {
                let entries = expectNode.isSequence ? expectNode.items.compactMap(\.scalar) : []
                guard expectNode.isSequence, entries.count == expectNode.items.count, entries.allSatisfy(isExpectation) else {
                    throw fail(expectNode, "'expect' är en lista med \"RAD:KOLUMN [variant]\" (eller \"FIL:RAD:KOLUMN [variant]\"), till exempel [\"9:5 notFound\"]",
                               "'expect' is a list of \"LINE:COLUMN [variant]\" (or \"FILE:LINE:COLUMN [variant]\"), e.g. [\"9:5 notFound\"]")
                }
                example.expect = entries
            }
            return example
        }
    }

    /// `LINE:COLUMN [variant]` or `FILE:LINE:COLUMN [variant]`, the variant an ASCII word.
    static func isExpectation(_ text: String) -> Bool {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 1 || words.count == 2 else { return false }
        if words.count == 2 {
            let variant = words[1].utf8
            func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
            guard let first = variant.first, isLetter(first), variant.allSatisfy({ isLetter($0) || (0x30...0x39).contains($0) }) else {
                return false
            }
        }
        var parts = words[0].split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3 {
            let file = parts.removeFirst()
            guard !file.isEmpty, !file.contains(where: \.isWhitespace) else { return false }
        }
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }
    }

    /// The built-in pack compiled into the binary: parsed at build time (embed-rules keeps
    /// libyaml's events), read and checked against the functions' contracts once per
    /// process: the editor re-checks on every edit and `--fix` runs in rounds, and neither
    /// should read the same 78 files again.
    private static let builtinPack = embeddedPack(withExamples: true)
    /// The same rules without their examples, which only `styrlint rule` and the docs show:
    /// they are half of the pack's text, and a check starts by reading the pack.
    private static let builtinCheckPack = embeddedPack(withExamples: false)

    private static func embeddedPack(withExamples: Bool) -> Result<[Rule], Failure> {
        let leaving: Set<[UInt8]> = withExamples ? [] : [Array("examples".utf8)]
        do {
            return .success(try EmbeddedRules.files.map { file in
                let origin = "rules/\(file.name)"
                guard let parsed = Data(base64Encoded: file.events).flatMap({ YAMLParser.replay(Array($0), limits: limits, leaving: leaving) }) else {
                    throw Failure(file: origin, position: .start, sv: "den inbyggda regelfilen är skadad", en: "the built-in rule file is damaged")
                }
                return try read(parsed, origin: origin, checked: withExamples)
            })
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(file: "rules", position: .start, sv: "\(error)", en: "\(error)"))
        }
    }

    /// The built-in rules; `examples: false` leaves out their triggering and
    /// non-triggering examples, for runs that only check.
    public static func builtinRules(examples: Bool = true) throws -> [Rule] {
        try (examples ? builtinPack : builtinCheckPack).get()
    }

    /// Every `.yaml`/`.yml` file of a folder, sorted.
    public static func rules(inDirectory directory: String, displayPrefix: String, boundary: String? = nil) throws -> [Rule] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StyrlintError(sv: "\(displayPrefix): regelmappen finns inte", en: "\(displayPrefix): the rule folder does not exist")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
            .sorted()
        return try names.map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            if let boundary, !RepositoryLoader.isInside(RepositoryLoader.realPath(path), boundary) {
                throw StyrlintError(sv: "\(displayPrefix)/\(name): regelfilen är en länk ut ur arkivet och läses inte", en: "\(displayPrefix)/\(name): the rule file links out of the repository and is not read")
            }
            let bytes = try InputFile.read(path, limit: 1 << 20, displayPath: "\(displayPrefix)/\(name)", what: .rules)
            return try parse(text: String(decoding: bytes, as: UTF8.self), origin: "\(displayPrefix)/\(name)")
        }
    }
}
