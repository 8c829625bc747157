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

    public init(paths: [String] = [], checkDate: Day, language: Language = .sv) {
        self.paths = paths
        self.checkDate = checkDate
        self.language = language
    }
}

public struct RepositorySummary: Sendable, Codable {
    public var root: String
    public var documents: Int
    public var documentsReported: Int
}

public struct CheckResult: Sendable {
    public var findings: [Finding]
    public var repositories: [RepositorySummary]
    public var checkDate: Day
    public var rulesRun: [String]

    public var documentsChecked: Int { repositories.reduce(0) { $0 + $1.documentsReported } }

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }
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
        let plans = try RepositoryLoader.plan(paths: request.paths, cwd: request.currentDirectory) { root in
            try config(for: root).paths
        }
        let extraRules = try request.ruleDirectories.flatMap { directory in
            try RuleLoader.rules(inDirectory: RepositoryLoader.absolute(directory, cwd: request.currentDirectory), displayPrefix: directory)
        }
        var findings: [Finding] = []
        var summaries: [RepositorySummary] = []
        var rulesRun = Set<String>()
        for plan in plans {
            let repositoryConfig = try config(for: plan.root)
            let configRules = try repositoryConfig.ruleDirectories.flatMap { directory in
                try RuleLoader.rules(inDirectory: RepositoryLoader.absolute(directory, cwd: plan.root), displayPrefix: directory)
            }
            let rules = try merge(builtin, configRules + extraRules)
            let engine = try Engine(rules: rules, config: repositoryConfig, language: request.language)
            rulesRun.formUnion(engine.rules.map(\.rule.id))
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
            summaries.append(RepositorySummary(
                root: RepositoryLoader.relative(plan.root, to: request.currentDirectory),
                documents: documents.count,
                documentsReported: documents.filter { repository.isReported($0.path) }.count))
        }
        return CheckResult(findings: findings.sorted(by: Finding.ordered), repositories: summaries,
                           checkDate: request.checkDate, rulesRun: rulesRun.sorted())
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
