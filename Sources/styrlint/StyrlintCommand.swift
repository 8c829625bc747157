import ArgumentParser
import Foundation
import StyrlintCore
import StyrlintAudit
import StyrlintLSP

struct StyrlintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "styrlint",
        abstract: "Granskar kommunala styrdokument: röda tråden, SMARTA mål, målvärden, intern kontroll och rapporter.",
        discussion: """
        Checks Swedish municipal governance documents (verksamhetsplaner, internkontrollplaner, \
        rapporter) written in YAML against a rule pack. Messages are Swedish by default; use --lang en.

        Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage, configuration or I/O error.
        """,
        version: "styrlint \(Version.full)",
        subcommands: [Check.self, Import.self, Kolada.self, BaselineCommand.self, Report.self, Graph.self, Stickprov.self, Rules.self, Explain.self, Functions.self, VerifyRules.self, SchemaCommand.self, LSPCommand.self],
        defaultSubcommand: Check.self
    )
}

extension Language: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {
    /// The Swedish names, and the English ones `--lang en` prints.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "fel", "error": self = .fel
        case "varning", "warning": self = .varning
        case "info", "note": self = .info
        default: return nil
        }
    }
}

extension TextReporter.Grouping: ExpressibleByArgument {}

/// A `--format` value: one of the registered reporters.
struct OutputFormat: ExpressibleByArgument, Sendable {
    let reporter: any Reporter.Type

    init?(argument: String) {
        guard let reporter = Reporters.named(argument) else { return nil }
        self.reporter = reporter
    }

    static var allValueStrings: [String] { Reporters.all.map { $0.format } }
    static let text = OutputFormat(argument: "text")!

    var context: OutputContext { reporter.context }
}

/// Options every command that checks a repository shares.
struct CheckOptions: ParsableArguments {
    @Argument(help: "Files or folders to check.")
    var paths: [String] = []

    @Option(help: "Message language: sv or en.")
    var lang: Language = .sv

    @Option(help: ArgumentHelp("Check date YYYY-MM-DD: what is due, late or missing (default: today).", valueName: "datum"))
    var per: String?

    @Option(help: "Configuration file to use instead of each repository's styrlint.yml.")
    var config: String?

    @Option(name: .customLong("rules"), help: "Extra folder of rule files (repeatable).")
    var ruleDirectories: [String] = []

    @Option(help: "Worker threads for loading (default: all cores).")
    var jobs: Int?

    @Flag(name: .customLong("force-exclude"), help: "Skip named files outside the configured sökvägar and hidden files (for pre-commit).")
    var forceExclude = false

    @Flag(name: .shortAndLong, help: "No progress bar and no summary line.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Text output: each finding's criterion (the section of the routine or the law) under it.")
    var verbose = false

    @Flag(inversion: .prefixedNo, help: "Text output: the line each finding points at, with a marker under the span (default: on a terminal).")
    var showSource: Bool?

    @Option(name: .customLong("select"), parsing: .unconditionalSingleValue, help: "Run only these rules: ids (SM001), families (RP) or names, comma-separated or repeated.")
    var select: [String] = []

    @Option(name: .customLong("extend-select"), parsing: .unconditionalSingleValue, help: "Run these rules too, on top of the selection.")
    var extendSelect: [String] = []

    @Option(name: .customLong("ignore"), parsing: .unconditionalSingleValue, help: "Do not run these rules: ids, families or names.")
    var ignore: [String] = []

    @Option(name: .customLong("profil"), help: "A named selection from styrlint.yml (profiler:), e.g. dokument for pre-commit.")
    var profile: String?

    @Flag(help: "With named files: also report the årshjul's findings (missing reports RP002, internkontrollplan IK008, adoption IK009), which a check of whole folders always reports.")
    var calendar = false

    @Flag(help: "Text output: counts per rule and per organ after the findings.")
    var statistics = false

    @Option(help: "Text output: group findings under a heading per organ, file or rule.")
    var group: TextReporter.Grouping?

    func validate() throws {
        if let per, Day(iso: per) == nil {
            throw ValidationError(Language.messages == .en ? "--per: write a date YYYY-MM-DD, e.g. 2026-02-15" : "--per: skriv ett datum ÅÅÅÅ-MM-DD, t.ex. 2026-02-15")
        }
        if let jobs, jobs < 1 { throw ValidationError(Language.messages == .en ? "--jobs must be at least 1" : "--jobs måste vara minst 1") }
        // An empty selection (an unset $RULES in a CI job) would run no rule and pass. An
        // empty --ignore or --extend-select changes nothing and stays allowed.
        for (option, values) in [("--select", select)]
        where values.contains(where: { $0.split(separator: ",").allSatisfy { $0.allSatisfy(\.isWhitespace) } }) {
            throw ValidationError(Language.messages == .en
                ? "\(option): name at least one rule, family or rule name, e.g. \(option) SM001,RP"
                : "\(option): ange minst en regel, familj eller regelnamn, t.ex. \(option) SM001,RP")
        }
    }

    func request() -> CheckRequest {
        var request = CheckRequest(paths: paths, checkDate: per.flatMap(Day.init(iso:)) ?? Day.today, language: lang)
        request.configFile = config
        request.ruleDirectories = ruleDirectories
        request.forceExclude = forceExclude
        request.calendar = calendar
        request.profile = profile
        func entries(_ values: [String]) -> [String] {
            values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
        }
        request.selection = RuleSelection(select: select.isEmpty ? nil : entries(select), extendSelect: entries(extendSelect), ignore: entries(ignore))
        if let jobs { request.threads = jobs }
        if !quiet, isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" {
            let bar = ProgressBar(language: lang)
            request.progress = { done, total in bar.update(done: done, total: total) }
        }
        return request
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Kontrollera ett planarkiv / check a plan repository.",
        discussion: """
        Without PATH, checks the repository around the current folder (the nearest styrlint.yml above it). \
        A named file is checked against the whole repository around it, and findings are reported for that file only.

        Several --format/--output pairs write several reports from one run, e.g. \
        --format sarif --output styrlint.sarif --format junit --output styrlint.xml.

        Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it (or a --fail-on-rule rule fired), \
        2 usage, configuration or I/O error.
        """)

    @OptionGroup var options: CheckOptions

    @Option(help: ArgumentHelp("Output format (repeatable, paired with --output): \(Reporters.all.map { $0.format }.joined(separator: ", ")).",
                               discussion: Reporters.all.map { "\($0.format): \($0.summary)" }.joined(separator: "\n")))
    var format: [OutputFormat] = []

    @Option(help: "Write the report to FILE, atomically (repeatable, one per --format).")
    var output: [String] = []

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run (exit 1): fel, varning or info (or error, warning).")
    var failOn: Severity = .fel

    @Option(name: .customLong("fail-on-rule"), help: "Also fail when this rule fires, whatever its severity (repeatable).")
    var failOnRules: [String] = []

    @Option(help: "Baseline file: findings it records are not reported as new and do not fail the run.")
    var baseline: String?

    @Flag(name: .customLong("fail-on-stale-baseline"), help: "Fail when the baseline records findings that are fixed.")
    var failOnStaleBaseline = false

    /// For the scaling test: the YAML nodes the checks visited, on standard error.
    @Flag(name: .customLong("count-work"), help: .hidden)
    var countWork = false

    @Flag(help: "Åtgärda / apply the safe fixes in place (decimal comma, quoted numbers, yes/no, letter case, …), keeping comments and layout; then report what remains.")
    var fix = false

    @Flag(name: .customLong("unsafe-fixes"), help: "With --fix or --diff: also apply fixes that guess at what was meant (a misspelt key or word, a unit dropped from a number).")
    var unsafeFixes = false

    @Flag(help: "Print the fixes as a unified diff instead of writing them (also with --fix); exit 1 when there is something to fix.")
    var diff = false

    func validate() throws {
        if diff && (!format.isEmpty || !output.isEmpty) {
            throw ValidationError(Language.messages == .en ? "--diff prints a unified diff on standard output; it takes no --format or --output"
                                                           : "--diff skriver en diff på standardutmatningen; den tar inget --format eller --output")
        }
        if unsafeFixes && !fix && !diff {
            throw ValidationError(Language.messages == .en ? "--unsafe-fixes goes with --fix or --diff" : "--unsafe-fixes används tillsammans med --fix eller --diff")
        }
        let formats = format.isEmpty ? [OutputFormat.text] : format
        guard output.isEmpty ? formats.count == 1 : output.count == formats.count else {
            throw ValidationError(Language.messages == .en
                ? "give one --output per --format (or a single --format without --output for standard output)"
                : "ange en --output per --format (eller ett enda --format utan --output för standardutmatningen)")
        }
    }

    func run() throws {
        var request = options.request()
        request.baselineFile = baseline
        let failingRules = Set(failOnRules.map { $0.uppercased() })
        let knownRules = failingRules.isEmpty ? [] : Set(try RuleSource.load(directories: options.ruleDirectories).map(\.id))
        for rule in failingRules.sorted() where !knownRules.contains(rule) {
            throw StyrlintError(sv: "--fail-on-rule: okänd regel '\(rule)'; `styrlint rules` visar dem", en: "--fail-on-rule: unknown rule '\(rule)'; `styrlint rules` lists them")
        }
        let cwd = FileManager.default.currentDirectoryPath
        try OutputTargets.precheck(output, cwd: cwd)
        request.keepRepositories = fix || diff
        // The JSON report records what was examined (input digests, the commit).
        request.provenance = format.contains { $0.reporter.format == "json" }
        request.ruleExamples = format.contains { $0.reporter.describesRules }
        if countWork {
            // One thread, so the visits counted around each repository's checks are its
            // checks' alone, not another repository's loading.
            request.statistics = RunStatistics()
            request.threads = 1
            WorkCounter.enabled = true
        }
        let formats = format.isEmpty ? [OutputFormat.text] : format
        // A plain check writes its reports while it runs, so a check of the country's
        // repositories never holds all their findings; views of the whole (grouping,
        // statistics, excerpts, fixes) and a report on a terminal wait for the end.
        let streamed = try reportStreams(formats, cwd: cwd)
        // A streamed run keeps no list of the files it read (excerpts, which need one, are not
        // streamed): it compares each document with the reports' files as it goes.
        if streamed != nil {
            request.recordReadFiles = false
            request.guardedOutputs = OutputTargets.identities(output, cwd: cwd)
        }
        var result = try Checker.run(request, streamingTo: streamed)
        if countWork, let statistics = request.statistics {
            try Output.error("work: visits \(statistics.visits) checks \(statistics.checks) nodes \(statistics.nodes)")
        }
        ProgressBar.clear(if: request.progress != nil)
        let allowed: Set<Fix.Applicability> = unsafeFixes ? [.safe, .unsafe] : [.safe]
        if diff {
            try previewFixes(result, allowed: allowed)
            return
        }
        if fix {
            result = try applyFixes(result, request: request, allowed: allowed)
        }
        for rule in failingRules.sorted() where !result.rulesRun.contains(rule) {
            throw StyrlintError(sv: "--fail-on-rule \(rule): regeln är avstängd i konfigurationen och kan inte fälla körningen", en: "--fail-on-rule \(rule): the rule is turned off in the configuration, so it can never fail the run")
        }
        try OutputTargets.validate(output, readFiles: result.readFiles, and: baseline.map { [RepositoryLoader.absolute($0, cwd: cwd)] } ?? [],
                                   read: result.outputsRead, cwd: cwd)
        if let streamed {
            // Validated before any report replaces its file: until `finish` each is a temporary.
            try streamed.finish(result)
            if streamed.failing(at: failOn, rules: failingRules) || (failOnStaleBaseline && !result.staleBaseline.isEmpty) {
                throw ExitCode(1)
            }
            return
        }
        for (index, format) in formats.enumerated() {
            let destination = output.isEmpty ? nil : output[index]
            var reportOptions = ReportOptions(language: options.lang)
            reportOptions.color = destination == nil && Terminal.supportsColor
            reportOptions.showCriterion = options.verbose
            if options.showSource ?? (destination == nil && isatty(STDOUT_FILENO) == 1) {
                reportOptions.excerpts = SourceExcerpts(findings: result.active, cwd: cwd, readFiles: result.readFiles)
            }
            reportOptions.grouping = options.group
            reportOptions.statistics = options.statistics
            reportOptions.summary = !options.quiet
            let rendered = try format.reporter.init(options: reportOptions).render(result)
            do {
                try Output.write(rendered, to: destination, context: format.context)
            } catch OutputWriter.Failure.closedPipe {
                // Nobody reads standard output any more (`| head`): the file outputs are
                // still written, and the exit code still tells the result.
                continue
            }
        }
        if result.findings.contains(where: { $0.isActive && ($0.severity >= failOn || failingRules.contains($0.rule)) })
            || (failOnStaleBaseline && !result.staleBaseline.isEmpty) {
            throw ExitCode(1)
        }
    }
}

extension Check {
    /// `--diff`: what `--fix` would write, as a unified diff on standard output.
    func previewFixes(_ result: CheckResult, allowed: Set<Fix.Applicability>) throws {
        let patches = Fixer.patches(for: result, applying: allowed)
        let diffs = patches.map { UnifiedDiff.render(old: String(decoding: $0.before, as: UTF8.self),
                                                     new: String(decoding: $0.after, as: UTF8.self), path: $0.displayPath) }
        // Piped (to patch, to a file), the diff is the files' own bytes, so it applies; on a
        // terminal, controls and invisible characters in them are shown visibly instead.
        try Output.write(diffs.joined(), to: nil, context: isatty(STDOUT_FILENO) == 1 ? .terminal : .escaped)
        let count = patches.reduce(0) { $0 + $1.fixed.count }
        if !options.quiet {
            try Output.error(patches.isEmpty
                ? (options.lang == .sv ? "Inget att åtgärda." : "Nothing to fix.")
                : (options.lang == .sv ? "Skulle åtgärda \(count) fynd i \(patches.count) \(patches.count == 1 ? "fil" : "filer")."
                                       : "Would fix \(count) \(count == 1 ? "finding" : "findings") in \(patches.count) \(patches.count == 1 ? "file" : "files")."))
        }
        if !patches.isEmpty { throw ExitCode(1) }
    }

    /// `--fix`: writes the fixes, re-checks, and repeats while a round still fixes
    /// something (a fix can only be applied once its neighbour's is), at most ten rounds.
    /// The reports of a run that can be written as it goes, or nil.
    func reportStreams(_ formats: [OutputFormat], cwd: String) throws -> ReportStreams? {
        // `--fail-on-rule` can be refused only at the end (a rule no repository runs), and
        // an error must not follow a report already written.
        guard !fix, !diff, !countWork, !options.statistics, options.group == nil, failOnRules.isEmpty,
              formats.allSatisfy({ $0.reporter == TextReporter.self || $0.reporter == JSONReporter.self }) else { return nil }
        let destinations = formats.indices.map { index -> String? in
            let destination = output.isEmpty ? nil : output[index]
            return destination == "-" ? nil : destination
        }
        // One report on standard output alone, or reports to regular files only (each a
        // temporary until the run is complete): two streams never share a descriptor, and a
        // report on the screen is never followed by an error found at the end, such as an
        // --output that is also a document.
        let toStandardOutput = destinations.filter { $0 == nil }.count
        guard toStandardOutput == 0 || destinations.count == 1 else { return nil }
        if toStandardOutput == 1 {
            // On a terminal the report waits for the end: the progress bar shares the screen,
            // and excerpts and colours are on.
            guard isatty(STDOUT_FILENO) != 1, options.showSource != true else { return nil }
        }
        for (destination, format) in zip(destinations, formats) {
            if format.reporter == TextReporter.self && options.showSource == true { return nil }
            guard let destination else { continue }
            var status = stat()
            let absolute = RepositoryLoader.absolute(destination, cwd: cwd)
            if stat(absolute, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG { return nil }
        }
        var sinks: [ReportStreams.Sink] = []
        for (destination, format) in zip(destinations, formats) {
            var reportOptions = ReportOptions(language: options.lang)
            reportOptions.showCriterion = options.verbose
            reportOptions.summary = !options.quiet
            let stream = try destination.map { try OutputWriter.Stream(path: $0, cwd: cwd) } ?? OutputWriter.Stream()
            sinks.append(ReportStreams.Sink(format: format, stream: stream, options: reportOptions))
        }
        return ReportStreams(sinks)
    }

    func applyFixes(_ first: CheckResult, request: CheckRequest, allowed: Set<Fix.Applicability>) throws -> CheckResult {
        var result = first
        var fixed = 0
        var files = Set<String>()
        var refused: [String: Fixer.WriteRefusal] = [:]
        for _ in 0..<10 {
            let patches = Fixer.patches(for: result, applying: allowed).filter { refused[$0.displayPath] == nil }
            guard !patches.isEmpty else { break }
            for patch in patches {
                do {
                    try Fixer.write(patch)
                    fixed += patch.fixed.count
                    files.insert(patch.displayPath)
                } catch let refusal as Fixer.WriteRefusal {
                    refused[patch.displayPath] = refusal
                }
            }
            result = try Checker.run(request)
        }
        for (path, refusal) in refused.sorted(by: { $0.key < $1.key }) {
            let shown = Escape.terminal(path, singleLine: true)
            switch refusal {
            case .changed:
                try Output.error(options.lang == .sv ? "\(shown): ändrades medan styrlint arbetade; inget skrevs, kör --fix igen"
                                                     : "\(shown): changed while styrlint worked; nothing was written, run --fix again")
            case .notWritable:
                try Output.error(options.lang == .sv ? "\(shown): du har inte rätt att skriva filen; inget skrevs"
                                                     : "\(shown): you may not write the file; nothing was written")
            case .otherLinks:
                try Output.error(options.lang == .sv ? "\(shown): filen har fler hårda länkar, som en ersättning skulle bryta; inget skrevs"
                                                     : "\(shown): the file has other hard links, which a replacement would break; nothing was written")
            }
        }
        if !options.quiet {
            let remaining = result.active.count
            let unsafe = allowed.contains(.unsafe) ? 0 : result.active.filter { $0.fix?.applicability == .unsafe }.count
            var line = options.lang == .sv
                ? "Åtgärdade \(fixed) fynd i \(files.count) \(files.count == 1 ? "fil" : "filer"); \(remaining) kvar"
                : "Fixed \(fixed) \(fixed == 1 ? "finding" : "findings") in \(files.count) \(files.count == 1 ? "file" : "files"); \(remaining) remaining"
            if unsafe > 0 {
                line += options.lang == .sv ? " (\(unsafe) kan åtgärdas med --unsafe-fixes)" : " (\(unsafe) fixable with --unsafe-fixes)"
            }
            try Output.error(line + ".")
        }
        return result
    }
}

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Hantera en baslinje / manage a baseline of accepted findings.",
        subcommands: [Write.self])

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "write",
            abstract: "Skriv dagens fynd till FILE / record today's findings in FILE.",
            discussion: "Then `styrlint check --baseline FILE` reports and fails only on new findings. Entries are identified by document, element and rule, not by line, so editing elsewhere in a file keeps them.")

        @Argument(help: "The baseline file to write.")
        var file: String

        @OptionGroup var options: CheckOptions

        func run() throws {
            let result = try Checker.run(options.request())
            try guardOutput(file, result)
            try Output.write(try Baseline(findings: result.findings).encoded(), to: file, context: .json)
            try Output.print(options.lang == .sv ? "\(result.findings.filter { $0.suppression == nil }.count) fynd skrivna till \(file)."
                                      : "\(result.findings.filter { $0.suppression == nil }.count) findings written to \(file).")
        }
    }
}

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Språkserver för redigerare / the Language Server Protocol (3.17) over stdio.",
        discussion: """
        For editors: live findings on every file of the repository as you type, go to definition and \
        references along the röda tråden, hover, completion of ids, keys and values, document and workspace \
        symbols, and quick fixes. Settings come as initializationOptions or workspace/didChangeConfiguration \
        (under "styrlint"): config (a styrlint.yml), per (the check date), lang (sv or en). See docs/editors.md.
        """)

    func run() throws {
        // A client that closes the pipe must not kill the server with SIGPIPE mid-write.
        signal(SIGPIPE, SIG_IGN)
        let server = LanguageServer()
        Foundation.exit(server.run())
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Skriv ut JSON Schema för formatet / print the JSON Schema (draft 2020-12) of the input format.")

    @Flag(help: "The schema of styrlint.yml instead of the documents'.")
    var config = false

    @Flag(help: "The schema of the auditor's examination file (granskning.yml).")
    var granskning = false

    func run() throws {
        let schema = granskning ? Examination.jsonSchema() : config ? ConfigSchema.generate() : JSONSchemaGenerator.generate()
        try Output.write(schema, to: nil, context: .json)
    }
}

/// A progress line on standard error for long runs on a terminal: documents done,
/// rate and time left. Drawn at most ten times a second; never for short runs.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let language: Language
    private let start = Date()
    private var lastDraw = Date.distantPast
    static let minimumDocuments = 300

    init(language: Language) {
        self.language = language
    }

    func update(done: Int, total: Int) {
        guard total >= Self.minimumDocuments else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text = language == .sv
            ? "\r\(bar) \(done)/\(total) dokument, \(Int(rate)) dok/s, \(Int(left.rounded(.up))) s kvar "
            : "\r\(bar) \(done)/\(total) documents, \(Int(rate)) doc/s, \(Int(left.rounded(.up))) s left "
        _ = text.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
    }

    /// Erases the line so the report starts clean.
    static func clear(if shown: Bool) {
        guard shown else { return }
        _ = Glibc.write(STDERR_FILENO, "\r\u{1B}[2K", 5)
    }
}


enum Terminal {
    static var supportsColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
}

/// The reports of one run, written as its findings arrive (see `FindingStream`).
final class ReportStreams: FindingStream {
    final class Sink {
        let format: OutputFormat
        let stream: OutputWriter.Stream
        let options: ReportOptions
        private let text: TextReporter?
        /// Suppressed findings, for the text report's closing list.
        private var suppressed: [Finding] = []
        private var written = 0
        private var opened = false
        /// Standard output closed by its reader (`| head`): the other reports go on.
        private var readerLeft = false

        init(format: OutputFormat, stream: OutputWriter.Stream, options: ReportOptions) {
            self.format = format
            self.stream = stream
            self.options = options
            text = format.reporter == TextReporter.self ? TextReporter(options: options) : nil
        }

        func write(_ findings: [Finding]) throws {
            var chunk = !opened && text == nil ? JSONReporter.opening : ""
            opened = true
            for finding in findings {
                if let text {
                    if finding.isActive { chunk += text.line(finding) }
                    if finding.suppression != nil { suppressed.append(finding) }
                } else {
                    chunk += try JSONReporter.item(finding, first: written == 0)
                }
                written += 1
            }
            try put(chunk)
        }

        func finish(_ result: CheckResult) throws {
            if let text {
                try put(text.closing(result, suppressed: suppressed, summary: options.summary))
            } else {
                try put((opened ? "" : JSONReporter.opening) + JSONReporter.closing(result, empty: written == 0))
            }
            try stream.finish()
        }

        private func put(_ chunk: String) throws {
            guard !readerLeft, !chunk.isEmpty else { return }
            do {
                try stream.write(format.context.apply(chunk))
            } catch OutputWriter.Failure.closedPipe {
                readerLeft = true
            }
        }
    }

    private let sinks: [Sink]
    /// The worst severity and the rules among the active findings, for the exit code.
    private var worst: Severity?
    private var rules = Set<String>()

    init(_ sinks: [Sink]) {
        self.sinks = sinks
    }

    func write(_ findings: [Finding]) throws {
        for finding in findings where finding.isActive {
            if worst.map({ finding.severity > $0 }) ?? true { worst = finding.severity }
            rules.insert(finding.rule)
        }
        for sink in sinks { try sink.write(findings) }
    }

    func finish(_ result: CheckResult) throws {
        for sink in sinks { try sink.finish(result) }
    }

    func failing(at severity: Severity, rules failing: Set<String>) -> Bool {
        (worst.map { $0 >= severity } ?? false) || !rules.isDisjoint(with: failing)
    }
}

enum Output {
    /// Standard output (no path, or `-`) or FILE through the one writer, with the
    /// escaping policy of the output's context applied either way.
    static func write(_ text: String, to path: String?, context: OutputContext = .terminal) throws {
        let safe = context.apply(text)
        guard let path, path != "-" else {
            try OutputWriter.standardOutput(safe)
            return
        }
        try OutputWriter.file(safe, to: path)
    }

    static func print(_ text: String, terminator: String = "\n") throws {
        try write(text + terminator, to: nil)
    }

    /// A note beside the report (what --fix did): standard error, so standard output
    /// stays the report alone. A closed standard error loses the note, never the run.
    static func error(_ text: String) throws {
        let line = Escape.terminal(text) + "\n"
        _ = line.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
    }
}
