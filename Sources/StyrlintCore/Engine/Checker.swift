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
    /// Keep the path of every file read (`CheckResult.readFiles`): a report written to a
    /// file, or with source excerpts, is checked against them. A run that writes to
    /// standard output alone needs none.
    public var recordReadFiles = true
    /// Files the reports will replace. Without `recordReadFiles`, each document is compared
    /// with them as its repository is taken (`CheckResult.outputsRead`), so a report is still
    /// never written over an input.
    public var guardedOutputs: Set<FileIdentity> = []
    /// Record what was examined (input digests, the git commit) in each repository's summary.
    public var provenance = false
    /// Read the built-in rules' examples too, for a report that shows them (SARIF's help).
    public var ruleExamples = false
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
    public var files: [String] {
        get { ReadFiles.split(joinedFiles) }
        set { joinedFiles = newValue.joined(separator: "\0") }
    }
    /// The paths in one string, NUL between them (no path holds one): a run over the
    /// country keeps a summary per repository to the end, and a string per path made
    /// them a tenth of its memory.
    private var joinedFiles = ""
    /// What the repository's config waives: auditors must see it.
    public var waivers: Config.Waivers
    /// The config in use, relative to the current folder; nil for the defaults.
    public var config: String?
    /// The digest of every input and the commit, when the run was asked for them.
    public var provenance: Provenance?

    public init(root: String, documents: Int, documentsReported: Int, files: [String], waivers: Config.Waivers, config: String?,
                provenance: Provenance? = nil) {
        self.root = root
        self.documents = documents
        self.documentsReported = documentsReported
        self.waivers = waivers
        self.config = config
        self.provenance = provenance
        self.files = files
    }

    enum CodingKeys: String, CodingKey {
        case root, documents, documentsReported, waivers, config, provenance
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
    /// Absolute paths of every file read, as the walk named them (a report is never written
    /// over one: `--output` and the excerpts compare files by device and inode).
    public var readFiles = ReadFiles([])
    /// The `guardedOutputs` the run read as documents.
    public var outputsRead: Set<FileIdentity> = []
    /// The repositories, when the request asked to keep them.
    public var loaded: [Repository] = []

    /// Set when the findings went to a `FindingStream` as the run went, not into `findings`:
    /// the counts the summaries need.
    public var streamed: Tally?

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

    /// Active findings of a severity. Counted, not filtered: at the end of a national run
    /// the findings are most of the memory, and every filtered copy would count.
    public func count(_ severity: Severity) -> Int { tally.active[severity] ?? 0 }
    public var suppressedCount: Int { tally.suppressed }
    public var baselinedCount: Int { tally.baselined }
    /// Active findings with a fix of this applicability.
    public func fixable(_ applicability: Fix.Applicability) -> Int { tally.fixable[applicability] ?? 0 }

    /// The counts of the streamed findings and of those kept, by one rule (`Tally.add`).
    var tally: Tally {
        var tally = streamed ?? Tally()
        tally.add(findings)
        return tally
    }
}

/// What a streamed run counts as its findings go by.
public struct Tally: Sendable {
    public var active: [Severity: Int] = [:]
    public var suppressed = 0
    public var baselined = 0
    /// Active findings by the applicability of their fix.
    public var fixable: [Fix.Applicability: Int] = [:]

    mutating func add(_ findings: [Finding]) {
        for finding in findings { add(finding) }
    }

    mutating func add(_ finding: Finding) {
        if finding.suppression != nil { suppressed += 1 }
        if finding.baselined == true { baselined += 1 }
        guard finding.isActive else { return }
        active[finding.severity, default: 0] += 1
        if let fix = finding.fix { fixable[fix.applicability, default: 0] += 1 }
    }
}

/// Takes the findings of a run as it goes, so a report over the country's repositories
/// is written while they are checked and never held whole: each repository's findings,
/// sorted, once every repository before it in the report's order is done. Calls come
/// one at a time.
public protocol FindingStream: AnyObject {
    func write(_ findings: [Finding]) throws
}

/// The library's entry point. A run is a pipeline of stages, each with one job and each
/// testable alone:
///
/// 1. configure — `Configurations`: each repository's styrlint.yml (or `--config`), with the
///    profile and the command line's selection;
/// 2. discover — `RepositoryLoader.plan`: the repositories and their files;
/// 3. rules — `RulePacks`: the built-in pack, rule folders and `--rules`, an `Engine` for
///    each repository as a worker takes it (rule files are validated against their check
///    functions' contracts here);
/// 4. load and type — `RepositoryLoader.loadDocuments`: YAML trees typed against the schema;
/// 5. model — `Repository`: ids, plan chains and organs, built once per repository;
/// 6. check — `Engine.run`: the rules, then suppressions;
/// 7. present — `Presentation`: paths from the current folder, identities across repositories;
/// 8. baseline — `Baseline.apply`;
/// then a `Reporter` renders the `CheckResult`.
public enum Checker {
    /// With a stream, the findings go to it as the run goes and the result keeps only
    /// their counts (`CheckResult.streamed`).
    public static func run(_ request: CheckRequest, streamingTo stream: FindingStream? = nil) throws -> CheckResult {
        let configurations = try Configurations(request)
        var plans = try RepositoryLoader.plan(
            paths: request.paths, cwd: request.currentDirectory, forceExclude: request.forceExclude,
            excludedFolders: request.ruleDirectories.map { RepositoryLoader.absolute($0, cwd: request.currentDirectory) }
                + (request.configFile.map { [RepositoryLoader.absolute($0, cwd: request.currentDirectory)] } ?? []),
            ruleFolders: { root in try configurations.config(for: root).ruleDirectories },
            pathPositions: { root in try configurations.config(for: root).pathPositions },
            importedFiles: { root in try configurations.config(for: root).imports.sources.map(\.file) }
        ) { root in
            try configurations.config(for: root).paths
        }
        let configsByRoot = try Dictionary(plans.map { ($0.root, try configurations.config(for: $0.root)) }, uniquingKeysWith: { first, _ in first })
        let rulePacks = try RulePacks(request: request)
        let baseline = try request.baselineFile.map {
            try Baseline.load(RepositoryLoader.absolute($0, cwd: request.currentDirectory), displayPath: $0)
        }
        // Findings sort by file first, and every file of a repository starts with its
        // folder: checked in the order of their folders (with the slash), repositories hand
        // over their findings already in the report's order. Not when one folder's path
        // begins another's (a repository inside one): then the stream gets them at the end.
        let keys = plans.map { RepositoryLoader.relativePath($0.root, from: request.currentDirectory) + "/" }
        let inOrder = stream != nil && (plans.count == 1 || !keys.contains { key in
            key == "/" || keys.contains { $0 != key && $0.utf8.starts(with: key.utf8) }
        })
        let order = inOrder ? plans.indices.sorted { keys[$0] < keys[$1] } : Array(plans.indices)
        let delivery = inOrder ? Delivery(stream!, baseline: baseline.map(Baseline.Matcher.init)) : nil
        // One repository at a time per worker: memory holds at most `threads` repositories'
        // trees, whatever the corpus size. A single repository uses the threads itself.
        let severalRepositories = plans.count > 1
        let outerThreads = severalRepositories ? request.threads : 1
        let innerThreads = severalRepositories ? 1 : request.threads
        let totalFiles = plans.reduce(0) { $0 + $1.fileCount }
        let wholeRepositories = plans.allSatisfy { $0.reported == nil }
        let otherInputs = Self.otherInputs(of: plans, configs: configsByRoot, request: request)
        // Each plan is let go when its repository is done: the walk's path of every file in
        // the country would otherwise be held to the end. The read files, when a report is
        // written to a file, are kept one string per repository.
        let slots = PlanSlots(plans)
        plans = []
        let done = Counter()
        var results = ConcurrentMap.map(Array(order.enumerated()), threads: outerThreads) { position, index -> Result<([Finding], RepositorySummary, Repository?), Error> in
            let plan = slots.take(index)
            if request.recordReadFiles { slots.record(position, plan.joinedFiles) }
            // Without the list, each document is compared with the reports' files as it is read.
            var identity: (@Sendable (FileIdentity) -> Void)?
            if !request.recordReadFiles, !request.guardedOutputs.isEmpty {
                let outputs = request.guardedOutputs
                identity = { found in
                    if outputs.contains(found) { slots.read(found) }
                }
            }
            let repositoryConfig = configsByRoot[plan.root]!
            let engine: Engine
            do { engine = try rulePacks.engine(for: plan, config: repositoryConfig) } catch {
                delivery?.skip(position)
                return .failure(error)
            }
            // Provenance and `--fix` (which reads the kept repositories) need each input's hash.
            let documents = RepositoryLoader.loadDocuments(plan, config: repositoryConfig, threads: innerThreads, overlays: request.overlays,
                                                           digests: request.provenance || request.keepRepositories, identity: identity) {
                request.progress?(done.add(1), totalFiles)
            }
            request.statistics?.add(nodes: documents.reduce(0) { $0 + ($1.tree?.nodeCount ?? 0) })
            let repository = Repository(root: plan.root, config: repositoryConfig, documents: documents, reportedPaths: plan.reported)
            var findings = engine.run(repository, checkDate: request.checkDate, threads: innerThreads, statistics: request.statistics)
            if plan.namedFilesOnly && !request.calendar {
                findings.removeAll { CheckRequest.calendarRules.contains($0.rule) }
            }
            var summary = Presentation.present(&findings, of: repository, plan: plan, config: repositoryConfig,
                                               cwd: request.currentDirectory, severalRepositories: severalRepositories)
            if request.provenance { summary.provenance = Provenance(repository: repository) }
            if let delivery {
                // In the report's order within the repository too, now that paths carry its folder.
                findings.sort(by: Finding.ordered)
                delivery.deliver(position, findings)
                findings = []
            }
            return .success((findings, summary, request.keepRepositories ? repository : nil))
        }
        // Back in the order of the plans, which the summaries keep.
        if inOrder {
            var byPlan = results
            for (position, index) in order.enumerated() { byPlan[index] = results[position] }
            results = byPlan
        }
        var outcomes = try results.map { try $0.get() }  // the first repository in order whose rules could not be built
        // Moved out of the outcomes and sorted in place: at the end of a large run the
        // findings are most of what is held, and each copy of them would count.
        var findings: [Finding] = []
        findings.reserveCapacity(outcomes.reduce(0) { $0 + $1.0.count })
        for index in outcomes.indices {
            findings += outcomes[index].0
            outcomes[index].0 = []
        }
        findings.sort(by: Finding.ordered)
        let summaries = outcomes.map(\.1)
        var stale: [Baseline.Entry] = []
        var tally: Tally?
        if let delivery {
            try delivery.finish()
            tally = delivery.tally
        }
        let matcher = delivery?.baseline ?? baseline.map(Baseline.Matcher.init)
        if let matcher {
            if delivery == nil { matcher.apply(to: &findings) }
            // Entries for files this run did not check are not stale: a one-file check says
            // nothing about them. A check of whole repositories checked everything, so an
            // entry for a file that is gone is stale too.
            let checked = Set(summaries.flatMap(\.files))
            stale = matcher.unmatched.filter { wholeRepositories || checked.contains($0.file) }
        }
        if let stream, delivery == nil {
            // Repositories nested in one another: the stream gets the sorted whole at the end.
            try stream.write(findings)
            var counted = Tally()
            counted.add(findings)
            tally = counted
            findings = []
        }
        let ruleCatalog = rulePacks.rulesRun
        var result = CheckResult(findings: findings, repositories: summaries, checkDate: request.checkDate,
                                 rulesRun: ruleCatalog.keys.sorted(), rules: ruleCatalog.values.sorted { $0.id < $1.id }, staleBaseline: stale)
        result.streamed = tally
        result.loaded = outcomes.compactMap(\.2)
        result.readFiles = ReadFiles(joined: slots.recorded + [ReadFiles.joined(otherInputs)])
        result.outputsRead = slots.outputsRead
        return result
    }

    /// The files the run read besides the documents, so no report is ever written over
    /// one: configurations and rule files (the built-in ones are compiled in, not files).
    static func otherInputs(of plans: [RepositoryPlan], configs: [String: Config], request: CheckRequest) -> [String] {
        let ruleFolders = request.ruleDirectories.map { RepositoryLoader.absolute($0, cwd: request.currentDirectory) }
            + plans.flatMap { plan in configs[plan.root]!.ruleDirectories.map { RepositoryLoader.absolute($0, cwd: plan.root) } }
        let ruleFiles = Set(ruleFolders).flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map { (folder as NSString).appendingPathComponent($0) }
        }
        // Not resolved with realpath(3): that costs a readlink per path component of every
        // file, and the comparisons that need identity use the file's device and inode.
        // The files a configuration inherits (`ärver`) and the Kolada catalogue are read too.
        let configInputs = Set(configs.values.flatMap { config in
            config.inherited.map { RepositoryLoader.absolute($0, cwd: request.currentDirectory) } + [config.kolada.readFrom].compactMap { $0 }
        })
        return plans.compactMap(\.configFile) + ruleFiles + configInputs.sorted()
            + (request.configFile.map { [RepositoryLoader.absolute($0, cwd: request.currentDirectory)] } ?? [])
    }

    /// Hands each repository's findings to the stream in the report's order: a worker
    /// that finishes a repository before those ahead of it leaves its findings here.
    final class Delivery: @unchecked Sendable {
        private let stream: FindingStream
        let baseline: Baseline.Matcher?
        private(set) var tally = Tally()
        private var waiting: [Int: [Finding]?] = [:]
        private var next = 0
        private var failure: Error?
        private var stopped = false
        private let lock = NSLock()

        init(_ stream: FindingStream, baseline: Baseline.Matcher?) {
            self.stream = stream
            self.baseline = baseline
        }

        func deliver(_ position: Int, _ findings: [Finding]) { arrive(position, findings) }

        /// A repository that gave no findings because it failed: the run ends with its error.
        func skip(_ position: Int) { arrive(position, nil) }

        private func arrive(_ position: Int, _ findings: [Finding]?) {
            lock.lock()
            defer { lock.unlock() }
            waiting[position] = .some(findings)
            while let ready = waiting.removeValue(forKey: next) {
                next += 1
                // After a repository that failed, nothing more: the run ends with its error.
                guard var batch = ready, failure == nil, !stopped else {
                    stopped = true
                    continue
                }
                baseline?.apply(to: &batch)
                tally.add(batch)
                do { try stream.write(batch) } catch { failure = error }
            }
        }

        func finish() throws {
            if let failure { throw failure }
        }
    }

    /// The plans of a run, each taken once by the worker that checks its repository.
    final class PlanSlots: @unchecked Sendable {
        private var plans: [RepositoryPlan?]
        private var readFiles: [String?]
        private let lock = NSLock()

        init(_ plans: [RepositoryPlan]) {
            self.plans = plans
            readFiles = Array(repeating: nil, count: plans.count)
        }

        func take(_ index: Int) -> RepositoryPlan {
            lock.withLock {
                defer { plans[index] = nil }
                return plans[index]!
            }
        }

        func record(_ position: Int, _ files: String) {
            lock.withLock { readFiles[position] = files }
        }

        private(set) var outputsRead: Set<FileIdentity> = []

        func read(_ output: FileIdentity) {
            lock.withLock { _ = outputsRead.insert(output) }
        }

        var recorded: [String] { lock.withLock { readFiles.compactMap { $0 } } }
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
                let place = "\(rule.origin):\(rule.idPosition.line):\(rule.idPosition.column)"
                throw StyrlintError(sv: "\(place): regel-id \(rule.id) finns redan i \(existing.origin); välj ett eget id, t.ex. EGEN001",
                                    en: "\(place): rule id \(rule.id) is already defined in \(existing.origin); choose an id of your own, e.g. EGEN001")
            }
            byID[rule.id] = rule
        }
        return byID.values.sorted { $0.id < $1.id }
    }
}
