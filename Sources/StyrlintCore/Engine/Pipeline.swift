import Foundation

/// Stage 1 of a run: the configuration of each repository, loaded once, with the
/// profile (`--profil`) and the command line's selection on top.
final class Configurations: @unchecked Sendable {
    private let request: CheckRequest
    private let explicit: Config?
    private var byRoot: [String: Config] = [:]
    private let lock = NSLock()

    init(_ request: CheckRequest) throws {
        self.request = request
        explicit = try request.configFile.map { path -> Config in
            var config = try Config.load(file: RepositoryLoader.absolute(path, cwd: request.currentDirectory), displayPath: path)
            config.explicitFile = path
            return config
        }.map { try Self.selecting($0, request: request) }
    }

    func config(for root: String) throws -> Config {
        if let known = lock.withLock({ byRoot[root] }) { return known }
        let loaded: Config
        if let explicit {
            loaded = explicit
        } else {
            let file = (root as NSString).appendingPathComponent(Config.fileName)
            loaded = try Self.selecting(FileManager.default.fileExists(atPath: file)
                ? try Config.load(file: file, displayPath: RepositoryLoader.relative(file, to: request.currentDirectory))
                : Config(), request: request)
        }
        try loaded.imports.validate(root: root, configFile: loaded.file ?? Config.fileName)
        lock.withLock { byRoot[root] = loaded }
        return loaded
    }

    /// The profile, then the command line's selection, on top of a loaded config.
    static func selecting(_ config: Config, request: CheckRequest) throws -> Config {
        var config = config
        var selection = RuleSelection()
        if let profile = request.profile {
            guard let chosen = config.profiles[profile] else {
                let known = config.profiles.keys.sorted()
                throw StyrlintError(sv: "--profil \(profile): \(config.file ?? Config.fileName) har ingen sådan profil; kända: \(known.isEmpty ? "inga" : known.joined(separator: ", "))",
                                    en: "--profil \(profile): \(config.file ?? Config.fileName) has no such profile; known: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
            }
            selection = chosen
        }
        config.selection = selection.then(request.selection)
        return config
    }
}

/// Stage 3: the rules of each repository — the built-in pack, the repository's rule
/// folders and `--rules` — merged and turned into an `Engine` with the config applied.
///
/// An engine is built when a worker takes its repository and dropped after it, so a run
/// over the country's repositories holds as many engines as it has workers, not one per
/// repository. Repositories whose styrlint.yml is the same bytes, with no rule folder and
/// nothing inherited, share one (the last few are kept: a county's repositories made from
/// one template need one).
final class RulePacks: @unchecked Sendable {
    private let builtin: [Rule]
    private let extraRules: [Rule]
    private let request: CheckRequest
    private let lock = NSLock()
    private var shared: [(key: String, engine: Engine)] = []
    private static let sharedLimit = 4
    /// Every rule any engine of the run ran, for the reports' rule lists.
    private var catalog: [String: Rule] = [:]

    init(request: CheckRequest) throws {
        builtin = try RuleLoader.builtinRules(examples: request.ruleExamples)
        extraRules = try request.ruleDirectories.flatMap { directory in
            try RuleLoader.rules(inDirectory: RepositoryLoader.absolute(directory, cwd: request.currentDirectory), displayPrefix: directory)
        }
        self.request = request
    }

    func engine(for plan: RepositoryPlan, config: Config) throws -> Engine {
        let shareKey = config.ruleDirectories.isEmpty && config.inherited.isEmpty ? config.digest?.sha256 ?? "(ingen styrlint.yml)" : nil
        if let shareKey, let engine = lock.withLock({ shared.first { $0.key == shareKey }?.engine }) { return engine }
        let configRules = try config.ruleDirectories.enumerated().flatMap { index, directory in
            // Rules named by a repository's config are part of the repository: the same
            // boundary as for sökvägar, so a config cannot make styrlint read /etc.
            let folder = RepositoryLoader.absolute(directory, cwd: plan.root)
            let realRoot = RepositoryLoader.realPath(plan.root)
            guard RepositoryLoader.isInside(RepositoryLoader.realPath(folder), realRoot) else {
                let file = config.file ?? Config.fileName
                let place = index < config.ruleDirectoryPositions.count
                    ? "\(file):\(config.ruleDirectoryPositions[index].line):\(config.ruleDirectoryPositions[index].column)" : file
                throw StyrlintError(sv: "\(place): regelmappar: '\(Escape.terminal(directory, singleLine: true))' ligger utanför arkivet; lägg regelfilerna i en mapp i arkivet, eller ange mappen med --rules",
                                    en: "\(place): regelmappar: '\(Escape.terminal(directory, singleLine: true))' lies outside the repository; keep the rule files in a folder of the repository, or name the folder with --rules")
            }
            return try RuleLoader.rules(inDirectory: folder, displayPrefix: directory, boundary: realRoot)
        }
        let rules = try Checker.merge(builtin, configRules + extraRules)
        let engine = try Engine(rules: rules, config: config, language: request.language, knownRuleIDs: Set(rules.map(\.id)))
        lock.withLock {
            for active in engine.rules where catalog[active.rule.id] == nil { catalog[active.rule.id] = active.rule }
            if let shareKey {
                shared.append((shareKey, engine))
                if shared.count > Self.sharedLimit { shared.removeFirst() }
            }
        }
        return engine
    }

    /// The rules the run's engines ran, by id.
    var rulesRun: [String: Rule] { lock.withLock { catalog } }
}

/// Stage 7: findings as the user reads them.
enum Presentation {
    /// Prefixes paths with the repository's place from the current folder, makes
    /// identities unique across repositories, and summarises the repository.
    static func present(_ findings: inout [Finding], of repository: Repository, plan: RepositoryPlan, config: Config,
                        cwd: String, severalRepositories: Bool) -> RepositorySummary {
        // Paths as seen from where the user stands, as compilers write them: a terminal
        // opens them, and GitHub, GitLab and SARIF viewers attach them to the file when the
        // plan repository is a folder of the git repository.
        let prefix = RepositoryLoader.relativePath(plan.root, from: cwd)
        for index in findings.indices {
            if !prefix.isEmpty { findings[index].file = "\(prefix)/\(findings[index].file)" }
            // Ids repeat across repositories: in a run over several, the repository is part
            // of a finding's identity (fingerprint, baseline), so no two collide.
            if severalRepositories {
                // The repository's folder name, not its path from here: the same
                // fingerprints whichever folder the run starts in.
                let subject = "\((plan.root as NSString).lastPathComponent):\(findings[index].subject)"
                findings[index].subject = subject
                findings[index].fingerprint = Fingerprint.of(subject)
            }
        }
        var summary = RepositorySummary(root: prefix, documents: repository.documents.count, documentsReported: 0, files: [],
                                        waivers: config.waivers, config: config.file)
        let files = repository.documents.filter { repository.isReported($0.path) }.map { summary.displayPath($0.path) }
        summary.files = files
        summary.documentsReported = files.count
        return summary
    }
}
