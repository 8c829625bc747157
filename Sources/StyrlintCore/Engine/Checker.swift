import Foundation

/// What a run is asked to do.
public struct CheckRequest: Sendable {
    public var paths: [String] = []
    public var currentDirectory = FileManager.default.currentDirectoryPath
    /// Replaces every repository's own `styrlint.yml`.
    public var configFile: String?
    /// Extra rule folders (`--rules`).
    public var ruleDirectories: [String] = []
    public var checkDate: Day
    public var language: Language = .sv
    /// A baseline file: findings it records are reported as baselined, not as new.
    public var baselineFile: String?
    /// Skip named files outside `sökvägar` (for pre-commit hooks that pass every YAML file).
    public var forceExclude = false

    public init(paths: [String] = [], checkDate: Day, language: Language = .sv) {
        self.paths = paths
        self.checkDate = checkDate
        self.language = language
    }
}

public struct RepositorySummary: Sendable, Encodable {
    public var root: String
    public var documents: Int
    public var documentsReported: Int
    /// Paths of the reported documents, as findings name them (not in the JSON report).
    public var files: [String]

    enum CodingKeys: String, CodingKey {
        case root, documents, documentsReported
    }
}

public struct CheckResult: Sendable {
    /// Every finding, suppressed and baselined ones included (see `Finding.isActive`).
    public var findings: [Finding]
    public var repositories: [RepositorySummary]
    public var checkDate: Day
    public var rulesRun: [String]
    /// The rules that ran, for reporters that describe them (SARIF).
    public var rules: [Rule] = []
    /// Baseline entries that matched no finding: fixed, and due to be removed from the baseline.
    public var staleBaseline: [Baseline.Entry] = []

    public var active: [Finding] { findings.filter(\.isActive) }
    public var suppressed: [Finding] { findings.filter { $0.suppression != nil } }
    public var baselined: [Finding] { findings.filter { $0.baselined == true } }
    public var documentsChecked: Int { repositories.reduce(0) { $0 + $1.documentsReported } }
    public var checkedFiles: [String] { repositories.flatMap(\.files) }

    /// Active findings of a severity.
    public func count(_ severity: Severity) -> Int { active.filter { $0.severity == severity }.count }
}

/// The library's entry point: load the repositories, run the rules, collect findings.
public enum Checker {
    public static func run(_ request: CheckRequest) throws -> CheckResult {
        let builtin = try RuleLoader.builtinRules()
        let explicitConfig = try request.configFile.map { path in
            try Config.load(file: RepositoryLoader.absolute(path, cwd: request.currentDirectory), displayPath: path)
        }
        var configs: [String: Config] = [:]
        func config(for root: String) throws -> Config {
            if let explicitConfig { return explicitConfig }
            if let known = configs[root] { return known }
            let file = (root as NSString).appendingPathComponent(Config.fileName)
            let loaded = FileManager.default.fileExists(atPath: file)
                ? try Config.load(file: file, displayPath: RepositoryLoader.relative(file, to: request.currentDirectory))
                : Config()
            configs[root] = loaded
            return loaded
        }
        let plans = try RepositoryLoader.plan(paths: request.paths, cwd: request.currentDirectory,
                                              forceExclude: request.forceExclude) { root in
            try config(for: root).paths
        }
        let extraRules = try request.ruleDirectories.flatMap { directory in
            try RuleLoader.rules(inDirectory: RepositoryLoader.absolute(directory, cwd: request.currentDirectory), displayPrefix: directory)
        }
        var findings: [Finding] = []
        var summaries: [RepositorySummary] = []
        var rulesRun = Set<String>()
        var ruleCatalog: [String: Rule] = [:]
        for plan in plans {
            let repositoryConfig = try config(for: plan.root)
            let configRules = try repositoryConfig.ruleDirectories.flatMap { directory in
                try RuleLoader.rules(inDirectory: RepositoryLoader.absolute(directory, cwd: plan.root), displayPrefix: directory)
            }
            let rules = try merge(builtin, configRules + extraRules)
            let engine = try Engine(rules: rules, config: repositoryConfig, language: request.language, knownRuleIDs: Set(rules.map(\.id)))
            rulesRun.formUnion(engine.rules.map(\.rule.id))
            for active in engine.rules where ruleCatalog[active.rule.id] == nil { ruleCatalog[active.rule.id] = active.rule }
            let documents = RepositoryLoader.loadDocuments(plan, config: repositoryConfig)
            let repository = Repository(root: plan.root, config: repositoryConfig, documents: documents, reportedPaths: plan.reported)
            var repositoryFindings = engine.run(repository, checkDate: request.checkDate)
            if plans.count > 1 {
                let prefix = RepositoryLoader.relative(plan.root, to: request.currentDirectory)
                if !prefix.isEmpty {
                    for index in repositoryFindings.indices { repositoryFindings[index].file = "\(prefix)/\(repositoryFindings[index].file)" }
                }
            }
            findings += repositoryFindings
            let prefix = plans.count > 1 ? RepositoryLoader.relative(plan.root, to: request.currentDirectory) : ""
            let reported = documents.filter { repository.isReported($0.path) }.map { prefix.isEmpty ? $0.path : "\(prefix)/\($0.path)" }
            summaries.append(RepositorySummary(
                root: RepositoryLoader.relative(plan.root, to: request.currentDirectory),
                documents: documents.count, documentsReported: reported.count, files: reported))
        }
        findings.sort(by: Finding.ordered)
        var stale: [Baseline.Entry] = []
        if let baselineFile = request.baselineFile {
            stale = try Baseline.load(RepositoryLoader.absolute(baselineFile, cwd: request.currentDirectory)).apply(to: &findings)
        }
        return CheckResult(findings: findings, repositories: summaries, checkDate: request.checkDate,
                           rulesRun: rulesRun.sorted(), rules: ruleCatalog.values.sorted { $0.id < $1.id }, staleBaseline: stale)
    }

    /// Built-in rules plus user rules; a user rule may not reuse a built-in id.
    public static func merge(_ builtin: [Rule], _ extra: [Rule]) throws -> [Rule] {
        var byID = Dictionary(uniqueKeysWithValues: builtin.map { ($0.id, $0) })
        for rule in extra {
            if let existing = byID[rule.id] {
                throw StyrlintError("\(rule.origin): regel-id \(rule.id) finns redan i \(existing.origin) / rule id \(rule.id) is already defined in \(existing.origin)")
            }
            byID[rule.id] = rule
        }
        return byID.values.sorted { $0.id < $1.id }
    }
}
