import ArgumentParser
import Foundation
import StyrlintAudit
import StyrlintCore

extension CheckOptions {
    /// A run that keeps its repositories, for views that show the documents themselves.
    func auditRun(output: String? = nil) throws -> CheckResult {
        try precheckOutput(output)
        var request = request()
        request.keepRepositories = true
        request.provenance = true
        request.progress = nil
        return try Checker.run(request)
    }
}

/// Refuses to write a report over a file the run read.
func precheckOutput(_ path: String?) throws {
    try OutputTargets.precheck(path.map { [$0] } ?? [], cwd: FileManager.default.currentDirectoryPath)
}

func guardOutput(_ path: String?, _ result: CheckResult) throws {
    guard let path else { return }
    try OutputTargets.validate([path], readFiles: result.readFiles, cwd: FileManager.default.currentDirectoryPath)
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Skriv en granskningsrapport i HTML / write an HTML audit report.",
        discussion: """
        One self-contained HTML file (inline CSS, no scripts, no requests), printable: a summary per organ with a \
        traffic light, the SMART scorecard, the röda tråden as a tree, risk matrices, the årshjul status, every \
        finding and suppression, and the rules, check date, version and input files with SHA-256 as audit evidence. \
        With --granskning granskning.yml it is a granskningsrapport: the auditor's questions, observations keyed to \
        findings, assessment, recommendations and the board's response, with those views as annexes (docs/audit.md).
        """)

    @OptionGroup var options: CheckOptions

    @Option(help: "The HTML file to write.")
    var output: String = "rapport.html"

    @Option(help: "The auditor's examination file (granskning.yml): with it the report is a granskningsrapport. See docs/audit.md.")
    var granskning: String?

    func run() throws {
        let examination = try granskning.map {
            try Examination.load(RepositoryLoader.absolute($0, cwd: FileManager.default.currentDirectoryPath), displayPath: $0)
        }
        let result = try options.auditRun(output: output)
        try guardOutput(output, result)
        if let granskning {
            let cwd = FileManager.default.currentDirectoryPath
            try OutputTargets.validate([output], inputs: [RepositoryLoader.absolute(granskning, cwd: cwd)], cwd: cwd)
        }
        let model = AuditModel(result: result)
        try examination?.validate(rules: model.rules)
        let html = HTMLReport(model: model, language: options.lang, examination: examination).render()
        try Output.write(html, to: output, context: .markup)
        try Output.print(options.lang == .sv ? "Rapporten skriven till \(output)." : "Report written to \(output).")
    }
}

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, mermaid, svg
}

enum GraphLayout: String, ExpressibleByArgument, CaseIterable {
    /// One table per plan, a row per goal: the whole municipality on one page.
    case planer
    /// One box per goal with its text wrapped: one organ's or one goal's tree.
    case mål
}

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Rita röda tråden / print the röda tråden as Graphviz DOT, Mermaid or SVG.",
        discussion: "Mermaid renders in GitHub and GitLab Markdown (```mermaid). SVG runs Graphviz's `dot`, which must be installed (apt-get install graphviz). Broken links are drawn dashed to a red \"saknas\" node.")

    @OptionGroup var options: CheckOptions

    @Option(help: "dot, mermaid or svg.")
    var format: GraphFormat = .mermaid

    @Option(help: "Only this organ's goals and what they link to (its id, e.g. bun).")
    var organ: String?

    @Option(name: [.customLong("mål"), .customLong("mal")], help: "One goal's tree: what it is broken down from and what is broken down from it (a goal or målområde id, e.g. KF3).")
    var goal: String?

    @Option(help: "With --mål: steps up and down from the goal; without: levels from the top (1 målområden, 2 fullmäktigemål, 3 nämnd and bolag, 4 verksamhet).")
    var djup: Int?

    @Option(help: "planer: a table per plan, a row per goal (the default for the whole municipality); mål: a box per goal with its text wrapped (the default with --organ or --mål). Mermaid always draws boxes.")
    var layout: GraphLayout?

    @Option(help: "Write to FILE instead of standard output.")
    var output: String?

    func run() throws {
        if let djup, djup < 1 {
            throw StyrlintError(sv: "--djup \(djup): ange ett heltal från 1", en: "--djup \(djup): give a whole number from 1")
        }
        let result = try options.auditRun(output: output)
        try guardOutput(output, result)
        var organ = self.organ
        if let wanted = organ {
            let known = RedThreadGraph.organs(in: result.loaded)
            guard let match = known.first(where: { $0.lowercased() == wanted.lowercased() }) else {
                throw StyrlintError(sv: "--organ \(wanted): inget organ med plan har det id:t; kända: \(known.joined(separator: ", "))",
                                    en: "--organ \(wanted): no organ with a plan has that id; known: \(known.joined(separator: ", "))")
            }
            organ = match
        }
        var graph = RedThreadGraph(repositories: result.loaded, organ: organ)
        if let goal {
            guard let focused = graph.focused(on: goal, depth: djup) else {
                let known = graph.goalIDs
                let hint = Suggestion.closest(to: goal, among: known).map { options.lang == .sv ? "; menade du \($0)?" : "; did you mean \($0)?" } ?? ""
                throw StyrlintError(sv: "--mål \(goal): inget mål eller målområde i grafen har det id:t\(hint)",
                                    en: "--mål \(goal): no goal or målområde in the graph has that id\(hint)")
            }
            graph = focused
        } else if let djup {
            graph = graph.cut(depth: djup)
        }
        let layout = self.layout ?? (organ == nil && goal == nil ? .planer : .mål)
        let dot = { layout == .planer ? graph.dotTables(language: options.lang) : graph.dot(language: options.lang) }
        let text: String
        switch format {
        case .dot: text = dot()
        case .mermaid:
            text = graph.mermaid(language: options.lang)
            if let warning = RedThreadGraph.mermaidOverLimit(text, edges: graph.edges.count, language: options.lang) {
                FileHandle.standardError.write(Data((warning + "\n").utf8))
            }
        case .svg: text = try Self.svg(dot())
        }
        try Output.write(text, to: output, context: format == .svg ? .markup : .terminal)
    }

    static func svg(_ dot: String) throws -> String {
        let searchPath = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        guard let executable = searchPath.map({ "\($0)/dot" }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw StyrlintError(sv: "--format svg behöver Graphviz: installera det med `apt-get install graphviz` (Debian/Ubuntu) eller `brew install graphviz`, eller använd --format dot", en: "Graphviz is needed for --format svg: install it with `apt-get install graphviz` or `brew install graphviz`, or use --format dot")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read while writing would deadlock on a large graph; dot reads all input first, so write, close, then read.
        let writer = Thread { input.fileHandleForWriting.write(Data(dot.utf8)); try? input.fileHandleForWriting.close() }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StyrlintError("dot: \(String(decoding: message, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

enum SampleFormat: String, ExpressibleByArgument, CaseIterable {
    case markdown, csv, html
}

extension SpotCheck.Kind: ExpressibleByArgument {}

struct Stickprov: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stickprov",
        abstract: "Dra ett reproducerbart stickprov / draw a reproducible sample for a spot check.",
        discussion: "The same --frö and the same repository give the same sample on any machine. The checklist lists each element's location, key fields, evidence (targets and reported outcomes of a goal, a control's results) and findings, with the columns of a working paper. --per-organ stratifies by organ and element kind.")

    @OptionGroup var options: CheckOptions

    @Option(help: "How many elements to draw (per stratum with --per-organ, unless --fördelning proportionell).")
    var antal: Int = 10

    @Option(name: [.customLong("frö"), .customLong("seed")], help: "Seed: the same seed gives the same sample.")
    var frö: UInt64

    @Option(help: "What to sample: mål, kontrollmoment or rapport (default: all of them).")
    var typ: SpotCheck.Kind?

    @Flag(name: .customLong("per-organ"), help: "Stratify by organ and element kind.")
    var perOrgan = false

    @Option(name: .customLong("fördelning"), help: "With --per-organ: fast (--antal from each stratum) or proportionell (--antal in all, shared by the strata's sizes).")
    var allocation: SampleAllocation = .fast

    @Option(help: "markdown, csv or html (a printable checklist).")
    var format: SampleFormat = .markdown

    @Option(help: "Write to FILE instead of standard output.")
    var output: String?

    func validate() throws {
        guard antal >= 1 else { throw ValidationError(Language.messages == .en ? "--antal must be at least 1" : "--antal måste vara minst 1") }
    }

    func run() throws {
        let result = try options.auditRun(output: output)
        try guardOutput(output, result)
        let plan: SpotCheck.Allocation = !perOrgan ? .simple(antal) : allocation == .fast ? .perStratum(antal) : .proportional(antal)
        let sample = SpotCheck(result: result, kind: typ, allocation: plan, seed: frö, language: options.lang)
        switch format {
        case .markdown: try Output.write(sample.markdown(language: options.lang, checkDate: result.checkDate), to: output, context: .terminal)
        // CSV cells are escaped one by one (a formula prefix must see the raw first character).
        case .csv: try Output.write(try sample.csv(language: options.lang), to: output, context: .escaped)
        case .html: try Output.write(sample.html(language: options.lang, checkDate: result.checkDate), to: output, context: .markup)
        }
    }
}

enum SampleAllocation: String, ExpressibleByArgument, CaseIterable {
    case fast, proportionell
}
