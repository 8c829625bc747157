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
    public var config: Config { repository.config }
}

/// Runs a rule pack over a repository and renders findings in one language.
public struct Engine: Sendable {
    public let rules: [ActiveRule]
    public let language: Language

    /// Applies severity overrides, disabled rules and parameters from the config.
    public init(rules: [Rule], config: Config, language: Language) throws {
        let known = Set(rules.map(\.id))
        for id in config.rules.keys.sorted() where !known.contains(id) {
            let hint = Suggestion.closest(to: id, among: Array(known)).map { " Menade du / did you mean \($0)?" } ?? ""
            throw StyrlintError("\(config.file ?? Config.fileName): regler: okänd regel / unknown rule '\(id)'.\(hint)")
        }
        var active: [ActiveRule] = []
        for rule in rules.sorted(by: { $0.id < $1.id }) {
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
                        let hint = Suggestion.closest(to: name, among: names).map { " Menade du / did you mean '\($0)'?" } ?? ""
                        throw StyrlintError("\(config.file ?? Config.fileName): regler.\(rule.id).parametrar: okänd parameter / unknown parameter '\(name)'.\(hint) Kända / known: \(names.joined(separator: ", "))")
                    }
                    values[name] = value
                }
                if let problem = function.validate(values) {
                    throw StyrlintError("\(config.file ?? Config.fileName): regler.\(rule.id).parametrar: \(problem)")
                }
                checks.append((function, Options(values: values)))
            }
            active.append(ActiveRule(rule: rule, severity: severity, checks: checks))
        }
        self.rules = active
        self.language = language
    }

    public func run(_ repository: Repository, checkDate: Day) -> [Finding] {
        var findings: [Finding] = []
        let documents = repository.documents.filter { repository.isReported($0.path) }
        for active in rules {
            let elements: [Element]
            if active.rule.given == .arkiv {
                elements = [Element(kind: .arkiv, node: nil, document: nil, owner: nil, subject: "arkiv")]
            } else {
                elements = documents.filter(active.rule.accepts).flatMap { Element.elements(active.rule.given, in: $0) }
            }
            for element in elements {
                for (function, options) in active.checks {
                    let context = CheckContext(repository: repository, options: options, checkDate: checkDate)
                    for hit in function.run(element, context) {
                        guard repository.isReported(hit.location.file),
                              !repository.config.isIgnored(path: hit.location.file, rule: active.rule.id) else { continue }
                        findings.append(render(hit, element: element, rule: active))
                    }
                }
            }
        }
        // A check may reach the same thing twice (two selectors, two options); report it once.
        var seen = Set<Finding>()
        return findings.filter { seen.insert($0).inserted }.sorted(by: Finding.ordered)
    }

    func render(_ hit: Hit, element: Element, rule: ActiveRule) -> Finding {
        var arguments = element.standardArguments
        arguments.merge(hit.arguments) { _, new in new }
        let template = rule.rule.message(variant: hit.variant, language: language)
        return Finding(
            rule: rule.rule.id, name: rule.rule.name, severity: rule.severity, file: hit.location.file,
            line: hit.location.range.start.line, column: hit.location.range.start.column,
            endLine: hit.location.range.end.line, endColumn: hit.location.range.end.column,
            message: MessageTemplate.render(template, arguments), subject: "\(rule.rule.id):\(hit.subject)")
    }
}
