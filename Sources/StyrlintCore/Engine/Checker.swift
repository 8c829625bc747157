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
    /// Worker threads (`--jobs`).
    public var threads = ConcurrentMap.cores
    /// Called as documents are loaded with (documents done, documents in all): for a progress bar.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Counts the work done (checks run, YAML nodes built), when given.
    public var statistics: RunStatistics?
    /// Keep the loaded repositories in the result (reports that show the documents need them;
    /// a plain check drops each repository when done, to keep memory flat).
    public var keepRepositories = false
    /// Calendar findings (missing reports, missing internkontrollplan, adoption deadlines)
    /// in a check of named files: off unless asked for, so a commit check on a plan edit
    /// never fails on another organ's late report.
    public var calendar = false
    /// `--select`, `--extend-select`, `--ignore`, on top of the profile.
    public var selection = RuleSelection()
    /// `--profil`: a named selection from styrlint.yml.
    public var profile: String?
    /// Texts that replace files on disk, by absolute path: the editor's open buffers.
    public var overlays: [String: [UInt8]] = [:]

    /// The rules about the årshjul rather than about the named files' content.
    public static let calendarRules: Set<String> = ["RP002", "IK008", "IK009"]

    public init(paths: [String] = [], checkDate: Day, language: Language = .sv) {
        self.paths = paths
        self.checkDate = checkDate
        self.language = language
    }
}

public struct RepositorySummary: Sendable, Encodable {
    /// A document's path as findings name it: relative to the current folder.
    public func displayPath(_ documentPath: String) -> String {
        root.isEmpty ? documentPath : "\(root)/\(documentPath)"
    }

    public var root: String
    public var documents: Int
    public var documentsReported: Int
    /// Paths of the reported documents, as findings name them (not in the JSON report).
    public var files: [String]
    /// What the repository's config waives: auditors must see it.
    public var waivers: Config.Waivers
    /// The config in use, relative to the current folder; nil for the defaults.
    public var config: String?

    enum CodingKeys: String, CodingKey {
        case root, documents, documentsReported, waivers, config
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
    /// Canonical absolute paths of every file read, so no report is ever written over one.
    public var readFiles: Set<String> = []
    /// The repositories, when the request asked to keep them.
    public var loaded: [Repository] = []

    public var active: [Finding] { findings.filter(\.isActive) }
    public var suppressed: [Finding] { findings.filter { $0.suppression != nil } }
    public var baselined: [Finding] { findings.filter { $0.baselined == true } }
    public var documentsChecked: Int { repositories.reduce(0) { $0 + $1.documentsReported } }
    public var checkedFiles: [String] { repositories.flatMap(\.files) }

    /// A result for findings computed in memory (the fuzz target and tests).
    public static func inMemory(findings: [Finding], rules: [Rule], checkDate: Day) -> CheckResult {
        let files = Array(Set(findings.map(\.file))).sorted()
        return CheckResult(findings: findings, repositories: [RepositorySummary(root: "", documents: files.count, documentsReported: files.count,
                                                                                files: files, waivers: Config().waivers, config: nil)],
                           checkDate: checkDate, rulesRun: rules.map(\.id), rules: rules)
    }

    /// Active findings of a severity.
    public func count(_ severity: Severity) -> Int { active.filter { $0.severity == severity }.count }
}

/// The library's entry point: load the repositories, run the rules, collect findings.
public enum Checker {
    public static func run(_ request: CheckRequest) throws -> CheckResult {
        let builtin = try RuleLoader.builtinRules()
        let explicitConfig = try request.configFile.map { path -> Config in
            var config = try Config.load(file: RepositoryLoader.absolute(path, cwd: request.currentDirectory), displayPath: path)
            config.explicitFile = path
            return config
        }
        var configs: [String: Config] = [:]
        /// The profile, then the command line's selection, on top of a loaded config.
        func selecting(_ config: Config) throws -> Config {
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
        let explicitSelected = try explicitConfig.map(selecting)
        func config(for root: String) throws -> Config {
            if let explicitSelected { return explicitSelected }
            if let known = configs[root] { return known }
            let file = (root as NSString).appendingPathComponent(Config.fileName)
            let loaded = try selecting(FileManager.default.fileExists(atPath: file)
                ? try Config.load(file: file, displayPath: RepositoryLoader.relative(file, to: request.currentDirectory))
                : Config())
            configs[root] = loaded
            return loaded
        }
        let plans = try RepositoryLoader.plan(
            paths: request.paths, cwd: request.currentDirectory, forceExclude: request.forceExclude,
            excludedFolders: request.ruleDirectories.map { RepositoryLoader.absolute($0, cwd: request.currentDirectory) }
                + (request.configFile.map { [RepositoryLoader.absolute($0, cwd: request.currentDirectory)] } ?? []),
            ruleFolders: { root in try config(for: root).ruleDirectories },
            pathPositions: { root in try config(for: root).pathPositions }
        ) { root in
            try config(for: root).paths
        }
        let extraRules = try request.ruleDirectories.flatMap { directory in
            try RuleLoader.rules(inDirectory: RepositoryLoader.absolute(directory, cwd: request.currentDirectory), displayPrefix: directory)
        }
        // One repository at a time per worker: memory holds at most `threads` repositories'
        // trees, whatever the corpus size. A single repository uses the threads itself.
        let configsByRoot = try Dictionary(plans.map { ($0.root, try config(for: $0.root)) }, uniquingKeysWith: { first, _ in first })
        let ruleSets = try Dictionary(plans.map { plan -> (String, [Rule]) in
            let repositoryConfig = configsByRoot[plan.root]!
            let configRules = try repositoryConfig.ruleDirectories.enumerated().flatMap { index, directory in
                // Rules named by a repository's config are part of the repository: the same
                // boundary as for sökvägar, so a config cannot make styrlint read /etc.
                let folder = RepositoryLoader.absolute(directory, cwd: plan.root)
                let realRoot = RepositoryLoader.realPath(plan.root)
                guard RepositoryLoader.isInside(RepositoryLoader.realPath(folder), realRoot) else {
                    let file = repositoryConfig.file ?? Config.fileName
                    let place = index < repositoryConfig.ruleDirectoryPositions.count
                        ? "\(file):\(repositoryConfig.ruleDirectoryPositions[index].line):\(repositoryConfig.ruleDirectoryPositions[index].column)" : file
                    throw StyrlintError(sv: "\(place): regelmappar: '\(Escape.terminal(directory, singleLine: true))' ligger utanför arkivet; lägg regelfilerna i en mapp i arkivet, eller ange mappen med --rules",
                                        en: "\(place): regelmappar: '\(Escape.terminal(directory, singleLine: true))' lies outside the repository; keep the rule files in a folder of the repository, or name the folder with --rules")
                }
                return try RuleLoader.rules(inDirectory: folder, displayPrefix: directory, boundary: realRoot)
            }
            return (plan.root, try merge(builtin, configRules + extraRules))
        }, uniquingKeysWith: { first, _ in first })
        let engines = try Dictionary(plans.map { plan in
            (plan.root, try Engine(rules: ruleSets[plan.root]!, config: configsByRoot[plan.root]!, language: request.language,
                                   knownRuleIDs: Set(ruleSets[plan.root]!.map(\.id))))
        }, uniquingKeysWith: { first, _ in first })
        let outerThreads = plans.count > 1 ? request.threads : 1
        let innerThreads = plans.count > 1 ? 1 : request.threads
        let totalFiles = plans.reduce(0) { $0 + $1.files.count }
        let done = Counter()
        let cwd = request.currentDirectory
        let outcomes = ConcurrentMap.map(plans, threads: outerThreads) { plan -> ([Finding], RepositorySummary, Repository?) in
            let repositoryConfig = configsByRoot[plan.root]!
            let engine = engines[plan.root]!
            let documents = RepositoryLoader.loadDocuments(plan, config: repositoryConfig, threads: innerThreads, overlays: request.overlays) {
                request.progress?(done.add(1), totalFiles)
            }
            request.statistics?.add(nodes: documents.reduce(0) { $0 + ($1.tree?.nodeCount ?? 0) })
            let repository = Repository(root: plan.root, config: repositoryConfig, documents: documents, reportedPaths: plan.reported)
            var repositoryFindings = engine.run(repository, checkDate: request.checkDate, threads: innerThreads, statistics: request.statistics)
            if plan.namedFilesOnly && !request.calendar {
                repositoryFindings.removeAll { CheckRequest.calendarRules.contains($0.rule) }
            }
            // Paths as seen from where the user stands, as compilers write them: a terminal
            // opens them, and GitHub, GitLab and SARIF viewers attach them to the file when the
            // plan repository is a folder of the git repository.
            let prefix = RepositoryLoader.relativePath(plan.root, from: cwd)
            for index in repositoryFindings.indices {
                if !prefix.isEmpty { repositoryFindings[index].file = "\(prefix)/\(repositoryFindings[index].file)" }
                // Ids repeat across repositories: in a run over several, the repository is part
                // of a finding's identity (fingerprint, baseline), so no two collide.
                if plans.count > 1 {
                    // The repository's folder name, not its path from here: the same
                    // fingerprints whichever folder the run starts in.
                    let subject = "\((plan.root as NSString).lastPathComponent):\(repositoryFindings[index].subject)"
                    repositoryFindings[index].subject = subject
                    repositoryFindings[index].fingerprint = Fingerprint.of(subject)
                }
            }
            var summary = RepositorySummary(root: prefix, documents: documents.count, documentsReported: 0, files: [],
                                            waivers: repositoryConfig.waivers, config: repositoryConfig.file)
            summary.files = documents.filter { repository.isReported($0.path) }.map { summary.displayPath($0.path) }
            summary.documentsReported = summary.files.count
            return (repositoryFindings, summary,
                    request.keepRepositories ? repository : nil)
        }
        var findings = outcomes.flatMap(\.0)
        let summaries = outcomes.map(\.1)
        var rulesRun = Set<String>()
        var ruleCatalog: [String: Rule] = [:]
        for engine in engines.values {
            rulesRun.formUnion(engine.rules.map(\.rule.id))
            for active in engine.rules where ruleCatalog[active.rule.id] == nil { ruleCatalog[active.rule.id] = active.rule }
        }
        findings.sort(by: Finding.ordered)
        var stale: [Baseline.Entry] = []
        if let baselineFile = request.baselineFile {
            // Entries for files this run did not check are not stale: a one-file check says
            // nothing about them. A check of whole repositories checked everything, so an
            // entry for a file that is gone is stale too.
            let checked = Set(summaries.flatMap(\.files))
            let wholeRepositories = plans.allSatisfy { $0.reported == nil }
            stale = try Baseline.load(RepositoryLoader.absolute(baselineFile, cwd: request.currentDirectory), displayPath: baselineFile).apply(to: &findings)
                .filter { wholeRepositories || checked.contains($0.file) }
        }
        var result = CheckResult(findings: findings, repositories: summaries, checkDate: request.checkDate,
                                 rulesRun: rulesRun.sorted(), rules: ruleCatalog.values.sorted { $0.id < $1.id }, staleBaseline: stale)
        result.loaded = outcomes.compactMap(\.2)
        // Rule files are inputs too (the built-in ones are compiled in, not files).
        let ruleFolders = request.ruleDirectories.map { RepositoryLoader.absolute($0, cwd: request.currentDirectory) }
            + plans.flatMap { plan in configsByRoot[plan.root]!.ruleDirectories.map { RepositoryLoader.absolute($0, cwd: plan.root) } }
        let ruleFiles = Set(ruleFolders).flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map { (folder as NSString).appendingPathComponent($0) }
        }
        result.readFiles = Set(plans.flatMap(\.files).map(RepositoryLoader.realPath))
            .union(plans.compactMap(\.configFile).map(RepositoryLoader.realPath))
            .union(ruleFiles.map(RepositoryLoader.realPath))
            .union(request.configFile.map { [RepositoryLoader.realPath(RepositoryLoader.absolute($0, cwd: request.currentDirectory))] } ?? [])
        return result
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()

        func add(_ amount: Int) -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += amount
            return value
        }
    }

    /// Built-in rules plus user rules; a user rule may not reuse a built-in id.
    public static func merge(_ builtin: [Rule], _ extra: [Rule]) throws -> [Rule] {
        var byID = Dictionary(uniqueKeysWithValues: builtin.map { ($0.id, $0) })
        for rule in extra {
            if let existing = byID[rule.id] {
                throw StyrlintError(sv: "\(rule.origin):\(rule.idPosition.line):\(rule.idPosition.column): regel-id \(rule.id) finns redan i \(existing.origin); välj ett eget id, t.ex. EGEN001", en: "rule id \(rule.id) is already defined in \(existing.origin); choose an id of your own, e.g. EGEN001")
            }
            byID[rule.id] = rule
        }
        return byID.values.sorted { $0.id < $1.id }
    }
}
