/// A rule with the config applied: the severity in force and the merged options.
public struct ActiveRule: Sendable {
    public let rule: Rule
    public let severity: Severity
    public let checks: [(function: CheckFunction, options: Options)]
}

/// What a check function sees besides its element.
public struct CheckContext: Sendable {
    public let repository: Repository
    public let options: Options
    public let checkDate: Day
    /// Ids of every rule of the pack, for checking suppression comments.
    public var ruleIDs: Set<String> = []
    /// Ids of the rules in force: a suppression of a disabled rule is not "unused".
    public var activeRuleIDs: Set<String> = []
    /// `path:line:RULE` of each suppression that waived a finding (known in the second phase).
    public var usedSuppressions: Set<String> = []
    /// What each rule in force applies to, for the check that tells when a document's
    /// invalid value keeps rules from running on it.
    public var ruleScopes: [RuleScope] = []
    public var config: Config { repository.config }
}

/// The elements a rule looks at: its selector and its document filter.
public struct RuleScope: Sendable {
    public let id: String
    public let given: ElementKind
    public let filter: [String: [String]]
}

/// Runs a rule pack over a repository and renders findings in one language.
public struct Engine: Sendable {
    public let rules: [ActiveRule]
    public let language: Language
    /// Every rule id of the pack, disabled ones included: a suppression may name those.
    public let knownRuleIDs: Set<String>

    /// Applies severity overrides, disabled rules and parameters from the config.
    public init(rules: [Rule], config: Config, language: Language, knownRuleIDs: Set<String> = []) throws {
        let known = Set(rules.map(\.id))
        let file = config.file ?? Config.fileName
        func place(_ position: SourcePosition?) -> String {
            position.map { "\(file):\($0.line):\($0.column)" } ?? file
        }
        for ignore in config.ignores {
            for id in ignore.rules ?? [] where !known.contains(id) {
                let suggestion = Suggestion.closest(to: id, among: Array(known))
                throw StyrlintError(sv: "\(file): ignorera: okänd regel '\(id)' (sökväg \(ignore.pattern)).\(suggestion.map { " Menade du \($0)?" } ?? "")",
                                    en: "\(file): ignorera: unknown rule '\(id)' (sökväg \(ignore.pattern)).\(suggestion.map { " Did you mean \($0)?" } ?? "")")
            }
        }
        for id in config.rules.keys.sorted() where !known.contains(id) {
            let suggestion = Suggestion.closest(to: id, among: Array(known))
            throw StyrlintError(sv: "\(place(config.rules[id]?.position)): regler: okänd regel '\(id)'.\(suggestion.map { " Menade du \($0)?" } ?? "")",
                                en: "\(place(config.rules[id]?.position)): regler: unknown rule '\(id)'.\(suggestion.map { " Did you mean \($0)?" } ?? "")")
        }
        if let unknown = config.signal.unknownEntries(among: rules).first {
            let suggestion = Suggestion.closest(to: unknown.entry, among: Array(known))
            let place = "\(unknown.file):\(unknown.position.line):\(unknown.position.column)"
            throw StyrlintError(sv: "\(place): signal: '\(unknown.entry)' är varken en regel, en familj (RP, SM …) eller ett regelnamn.\(suggestion.map { " Menade du \($0)?" } ?? "")",
                                en: "\(place): signal: '\(unknown.entry)' is neither a rule, a family (RP, SM …) nor a rule name.\(suggestion.map { " Did you mean \($0)?" } ?? "")")
        }
        if let (rule, first, second) = config.signal.conflict(among: rules) {
            let place = "\(second.file):\(second.position.line):\(second.position.column)"
            throw StyrlintError(sv: "\(place): signal: \(second.entry) och \(first.entry) (rad \(first.position.line)) namnger båda \(rule.id) men med olika vikt (\(second.weight.rawValue), \(first.weight.rawValue)); ge regeln en vikt",
                                en: "\(place): signal: \(second.entry) and \(first.entry) (line \(first.position.line)) both name \(rule.id) but with different weights (\(second.weight.rawValue), \(first.weight.rawValue)); give the rule one weight")
        }
        if let unknown = config.selection.unknownEntries(among: rules).first {
            let suggestion = Suggestion.closest(to: unknown, among: Array(known))
            // A profile's entry is pointed at in its file; the command line's is named by option.
            let place = config.selection.entryPlaces[unknown]
            throw StyrlintError(sv: "\(place ?? "urval (--select, --extend-select, --ignore)"): '\(unknown)' är varken en regel, en familj (RP, SM …) eller ett regelnamn.\(suggestion.map { " Menade du \($0)?" } ?? "")",
                                en: "\(place ?? "selection (--select, --extend-select, --ignore)"): '\(unknown)' is neither a rule, a family (RP, SM …) nor a rule name.\(suggestion.map { " Did you mean \($0)?" } ?? "")")
        }
        for rule in rules {
            // The whole pack counts: a rule's examples run it alone, without the rule it defers to.
            for id in rule.supersededBy where !known.contains(id) && !knownRuleIDs.contains(id) {
                let suggestion = Suggestion.closest(to: id, among: Array(known))
                let place = "\(rule.origin):\(rule.supersededByPosition.line):\(rule.supersededByPosition.column)"
                throw StyrlintError(sv: "\(place): superseded_by: okänd regel '\(id)'.\(suggestion.map { " Menade du \($0)?" } ?? "")",
                                    en: "\(place): superseded_by: unknown rule '\(id)'.\(suggestion.map { " Did you mean \($0)?" } ?? "")")
            }
        }
        var active: [ActiveRule] = []
        for rule in rules.sorted(by: { $0.id < $1.id }) where config.selection.enables(rule) {
            let setting = config.rules[rule.id]
            var severity = rule.severity
            if let override = setting?.severity {
                guard let chosen = override else { continue }
                severity = chosen
            }
            var checks: [(CheckFunction, Options)] = []
            for check in rule.checks {
                guard let function = CheckFunctions.byName[check.function] else { continue }
                var values = check.options
                for (name, value) in setting?.parameters ?? [:] {
                    guard function.parameters.contains(where: { $0.name == name }) else {
                        let names = function.parameters.map(\.name)
                        let suggestion = Suggestion.closest(to: name, among: names)
                        let where_ = "\(place(setting?.parameterPositions[name])): regler.\(rule.id).parametrar"
                        throw StyrlintError(sv: "\(where_): okänd parameter '\(name)'.\(suggestion.map { " Menade du '\($0)'?" } ?? "") Kända: \(names.joined(separator: ", "))",
                                            en: "\(where_): unknown parameter '\(name)'.\(suggestion.map { " Did you mean '\($0)'?" } ?? "") Known: \(names.joined(separator: ", "))")
                    }
                    values[name] = value
                }
                // The rule's own options were checked when it was loaded; only a configuration
                // that changes them needs the check again (once per repository, not per rule).
                if let parameters = setting?.parameters, !parameters.isEmpty,
                   let problem = function.validate(values) ?? function.messageProblem(variants: Set(rule.variants.keys), options: values,
                                                                                      otherVariants: rule.emittedVariants) {
                    let position = setting?.parameterValuePositions.filter { problem.en.contains("'\($0.key)'") }.first?.value ?? setting?.position
                    throw StyrlintError(sv: "\(place(position)): regler.\(rule.id).parametrar: \(problem.sv)",
                                        en: "\(place(position)): regler.\(rule.id).parametrar: \(problem.en)")
                }
                checks.append((function, Options(values: values, wordLists: function.wordListOptions, paths: function.pathOptions)))
            }
            active.append(ActiveRule(rule: rule, severity: severity, checks: checks))
        }
        self.rules = active
        self.language = language
        self.knownRuleIDs = knownRuleIDs.union(rules.map(\.id))
    }

    public func run(_ repository: Repository, checkDate: Day, threads: Int = 1, statistics: RunStatistics? = nil) -> [Finding] {
        // Visits are counted around the checks only, in a process that measures (see WorkCounter).
        let counting = statistics != nil && WorkCounter.enabled
        let before = counting ? WorkCounter.total : 0
        defer { if counting { statistics?.add(visits: WorkCounter.total - before) } }
        let documents = repository.documents.filter { repository.isReported($0.path) }
        let ruleIDs = knownRuleIDs
        let firstPhase = rules.filter { !$0.checks.contains { $0.function.runsAfterOtherRules } }
        let secondPhase = rules.filter { $0.checks.contains { $0.function.runsAfterOtherRules } }
        var findings = Self.withoutSuperseded(
            run(firstPhase, repository, documents, checkDate, ruleIDs: ruleIDs, used: [], threads: threads, statistics: statistics),
            rules: firstPhase)
        // Apply in-document suppressions and remember which ones did something.
        let documentsByPath = Dictionary(repository.documents.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var indexes: [String: SuppressionIndex] = [:]
        var used = Set<String>()
        for index in findings.indices {
            let finding = findings[index]
            guard let document = documentsByPath[finding.file], !document.suppressions.isEmpty else { continue }
            if indexes[document.path] == nil { indexes[document.path] = SuppressionIndex(document.suppressions) }
            guard let suppression = indexes[document.path]!.covering(rule: finding.rule, line: finding.line) else { continue }
            findings[index].suppression = AppliedSuppression(reason: suppression.reason ?? "", line: suppression.line)
            used.insert("\(document.path):\(suppression.line):\(finding.rule)")
        }
        findings += run(secondPhase, repository, documents, checkDate, ruleIDs: ruleIDs, used: used, threads: 1, statistics: statistics)
        // A check may reach the same thing twice (two selectors, two options); report it once.
        var seen = Set<String>()
        findings = findings.filter { seen.insert("\($0.subject)|\($0.file)|\($0.line)|\($0.column)|\($0.message)").inserted }
        // Plans kept as workbooks: point at the cell, not at the YAML they were read into.
        let cellMaps = Dictionary(repository.documents.compactMap { document in document.cells.map { (document.path, $0) } },
                                  uniquingKeysWith: { first, _ in first })
        if !cellMaps.isEmpty {
            for index in findings.indices {
                cellMaps[findings[index].file]?.place(&findings[index], language: language)
            }
        }
        return findings.sorted(by: Finding.ordered)
    }

    /// Drops a finding when a rule listed in its rule's `superseded_by` reports the same
    /// element (the same file and start), before suppressions, so a comment never has to
    /// waive a finding nobody sees.
    static func withoutSuperseded(_ findings: [Finding], rules: [ActiveRule]) -> [Finding] {
        let superseding = Dictionary(rules.filter { !$0.rule.supersededBy.isEmpty }.map { ($0.rule.id, Set($0.rule.supersededBy)) },
                                     uniquingKeysWith: { $0.union($1) })
        guard !superseding.isEmpty else { return findings }
        struct Place: Hashable { let rule: String, file: String, line: Int, column: Int }
        let places = Set(findings.map { Place(rule: $0.rule, file: $0.file, line: $0.line, column: $0.column) })
        return findings.filter { finding in
            guard let over = superseding[finding.rule] else { return true }
            return !over.contains { places.contains(Place(rule: $0, file: finding.file, line: finding.line, column: finding.column)) }
        }
    }

    private func run(_ active: [ActiveRule], _ repository: Repository, _ documents: [Document], _ checkDate: Day,
                     ruleIDs: Set<String>, used: Set<String>, threads: Int, statistics: RunStatistics?) -> [Finding] {
        let activeIDs = Set(rules.map(\.rule.id))
        let scopes = rules.map { RuleScope(id: $0.rule.id, given: $0.rule.given, filter: $0.rule.filter) }
        // Selected once per kind, shared by every rule with that `given`.
        var selected: [ElementKind: [Element]] = [:]
        for kind in Set(active.map(\.rule.given)) {
            selected[kind] = kind == .arkiv
                ? [Element(kind: .arkiv, node: nil, document: nil, owner: nil, subject: "arkiv")]
                : documents.flatMap { Element.elements(kind, in: $0) }
        }
        let elementsByKind = selected
        // Each rule's checks with their contexts, made once per run.
        let prepared = active.map { active -> PreparedRule in
            PreparedRule(rule: active, checks: active.checks.map { function, options -> PreparedCheck in
                             var context = CheckContext(repository: repository, options: options, checkDate: checkDate)
                             context.ruleIDs = ruleIDs
                             context.activeRuleIDs = activeIDs
                             context.usedSuppressions = used
                             context.ruleScopes = scopes
                             return PreparedCheck(run: function.run, context: context)
                         })
        }
        // One pass over each kind's elements, every rule of that kind on an element before
        // the next element: what a goal's rules share (the analysis of its text, its field
        // paths) is computed once and is still in the thread's caches for the next rule.
        // The threads take slices of the elements, so no two analyse the same text.
        var tasks: [(kind: ElementKind, rules: [Int], range: Range<Int>)] = []
        for kind in ElementKind.allCases {
            let rules = prepared.indices.filter { prepared[$0].rule.rule.given == kind }
            let count = elementsByKind[kind]?.count ?? 0
            guard !rules.isEmpty, count > 0 else { continue }
            // Slices small enough to share out, large enough that taking one costs nothing.
            let slice = threads > 1 ? max(16, count / (threads * 8)) : count
            for start in stride(from: 0, to: count, by: slice) { tasks.append((kind, rules, start..<min(count, start + slice))) }
        }
        return ConcurrentMap.map(tasks, threads: threads) { task -> [Finding] in
            var findings: [Finding] = []
            var invocations = 0
            defer { statistics?.add(checks: invocations) }
            let elements = elementsByKind[task.kind] ?? []
            for element in elements[task.range] {
                // Computed once per element, not per finding: an element may have thousands.
                var elementArguments: [String: String]?
                for index in task.rules {
                    let rule = prepared[index]
                    if !rule.documentFilter.isEmpty, let document = element.document, !rule.accepts(document) { continue }
                    if !rule.elementFilter.isEmpty, !rule.holds(element) { continue }
                    for check in rule.checks {
                        invocations += 1
                        for hit in check.run(element, check.context) {
                            guard repository.isReported(hit.location.file),
                                  !repository.config.isIgnored(path: hit.location.file, rule: rule.rule.rule.id) else { continue }
                            if elementArguments == nil { elementArguments = element.standardArguments }
                            findings.append(render(hit, element: element, arguments: elementArguments!, rule: rule.rule))
                        }
                    }
                }
            }
            return findings
        }.flatMap { $0 }
    }

    /// A check function with its context. A class for the same reason: the context holds
    /// the rule's options and id sets, and a copy per element retained every one of them.
    private final class PreparedCheck: Sendable {
        let run: @Sendable (Element, CheckContext) -> [Hit]
        let context: CheckContext

        init(run: @escaping @Sendable (Element, CheckContext) -> [Hit], context: CheckContext) {
            self.run = run
            self.context = context
        }
    }

    /// A rule ready to run: its document filter and each check with its context. A class:
    /// the pass takes it for every element, and a struct this size would be copied.
    private final class PreparedRule: Sendable {
        let rule: ActiveRule
        /// `where`: a document key and the values it may have.
        let documentFilter: [(key: YAMLKey, values: [String])]
        let elementFilter: ElementFilter
        /// The element filter's paths, split once.
        let presentPaths: [CompiledPath]
        let valuePaths: [(path: CompiledPath, accepted: [String])]
        let checks: [PreparedCheck]

        init(rule: ActiveRule, checks: [PreparedCheck]) {
            self.rule = rule
            documentFilter = rule.rule.filter.sorted { $0.key < $1.key }.map { (YAMLKey($0.key), $0.value) }
            elementFilter = rule.rule.elementFilter
            presentPaths = elementFilter.present.map(CompiledPath.init)
            valuePaths = elementFilter.values.map { (CompiledPath($0.path), $0.accepted) }
            self.checks = checks
        }

        func accepts(_ document: Document) -> Bool {
            documentFilter.allSatisfy { $0.values.contains(document.string($0.key) ?? "") }
        }

        /// `when` (each field has one of its values) and `when_present` (each path is
        /// present), on the paths split once.
        func holds(_ element: Element) -> Bool {
            for path in presentPaths where !FieldPath.isPresent(path, in: element.node) { return false }
            for (path, accepted) in valuePaths {
                let actual = FieldPath.values(path, in: element.node).compactMap(ElementFilter.reading)
                if !actual.contains(where: accepted.contains) { return false }
            }
            return true
        }
    }

    func render(_ hit: Hit, element: Element, arguments elementArguments: [String: String], rule: ActiveRule) -> Finding {
        var arguments = elementArguments
        arguments.merge(hit.arguments) { _, new in new }
        // `name@sv` / `name@en` give an argument a wording per language.
        let suffix = "@\(language.rawValue)"
        for (key, value) in hit.arguments where key.hasSuffix(suffix) {
            arguments[String(key.dropLast(suffix.count))] = value
        }
        let template = rule.rule.message(variant: hit.variant, language: language)
        return Finding(
            rule: rule.rule.id, name: rule.rule.name, severity: rule.severity, file: hit.location.file,
            line: hit.location.range.start.line, column: hit.location.range.start.column,
            endLine: hit.location.range.end.line, endColumn: hit.location.range.end.column,
            message: MessageTemplate.render(template, NumberText.localize(arguments, language)), subject: "\(rule.rule.id):\(hit.subject)",
            fingerprint: Fingerprint.of("\(rule.rule.id):\(hit.subject)"), source: rule.rule.source.isEmpty ? nil : rule.rule.source,
            organ: element.document?.organ, fix: hit.fix, variant: hit.variant,
            element: ElementReference(document: element.document?.id, kind: element.kind.rawValue, id: element.id,
                                      goal: element.owner.flatMap { $0.text("id") ?? $0.text("mål") }))
    }
}

/// Work counted during a run: a measure of cost that does not depend on the machine,
/// for the scaling test and the benchmark.
public final class RunStatistics: @unchecked Sendable {
    private let lock = NSLock()
    private var checkCount = 0
    private var nodeCount = 0

    public init() {}

    public var checks: Int { lock.lock(); defer { lock.unlock() }; return checkCount }
    /// YAML node visits during the checks (`WorkCounter`), when counted.
    public var visits: Int { lock.lock(); defer { lock.unlock() }; return visitCount }
    private var visitCount = 0

    func add(visits: Int) {
        lock.lock()
        visitCount += visits
        lock.unlock()
    }
    public var nodes: Int { lock.lock(); defer { lock.unlock() }; return nodeCount }

    func add(checks: Int = 0, nodes: Int = 0) {
        lock.lock()
        checkCount += checks
        nodeCount += nodes
        lock.unlock()
    }
}

import Foundation

/// The suppressions of one document by rule, sorted by the first line they cover, so
/// finding the one that covers a line takes a binary search, not a scan of every comment.
struct SuppressionIndex {
    struct Entry {
        var suppression: Suppression
        /// The largest last covered line among this entry and those before it.
        var reach: Int
    }
    private var byRule: [String: [Entry]] = [:]

    init(_ suppressions: [Suppression]) {
        var grouped: [String: [Suppression]] = [:]
        for suppression in suppressions where suppression.reason != nil {
            for rule in Set(suppression.rules) { grouped[rule, default: []].append(suppression) }
        }
        for (rule, list) in grouped {
            var reach = Int.min
            byRule[rule] = list.sorted { ($0.coveredLines.lowerBound, $0.line) < ($1.coveredLines.lowerBound, $1.line) }.map { suppression in
                reach = max(reach, suppression.coveredLines.upperBound)
                return Entry(suppression: suppression, reach: reach)
            }
        }
    }

    /// The innermost suppression of `rule` whose lines hold `line`.
    func covering(rule: String, line: Int) -> Suppression? {
        var probes = 0
        return covering(rule: rule, line: line, probes: &probes)
    }

    /// The same, counting the entries looked at (for the test that keeps this logarithmic).
    func covering(rule: String, line: Int, probes: inout Int) -> Suppression? {
        guard let entries = byRule[rule] else { return nil }
        var low = 0, high = entries.count
        while low < high {
            probes += 1
            let middle = (low + high) / 2
            if entries[middle].suppression.coveredLines.lowerBound <= line { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        while index >= 0, entries[index].reach >= line {
            probes += 1
            if entries[index].suppression.coveredLines.contains(line) { return entries[index].suppression }
            index -= 1
        }
        return nil
    }
}
