import ArgumentParser
import Foundation
import StyrlintCore

struct StyrlintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "styrlint",
        abstract: "Granskar kommunala styrdokument: röda tråden, SMARTA mål, målvärden, intern kontroll och rapporter.",
        discussion: """
        Checks Swedish municipal governance documents (verksamhetsplaner, internkontrollplaner, \
        rapporter) written in YAML against a rule pack. Messages are Swedish by default; use --lang en.

        Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage, configuration or I/O error.
        """,
        version: Version.current,
        subcommands: [Check.self, Rules.self, Explain.self, Functions.self, VerifyRules.self],
        defaultSubcommand: Check.self
    )
}

extension Language: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Kontrollera ett planarkiv / check a plan repository.",
        discussion: "Without PATH, checks the repository around the current folder (the nearest styrlint.yml above it). A named file is checked against the whole repository around it, and findings are reported for that file only.")

    @Argument(help: "Files or folders to check.")
    var paths: [String] = []

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Write the report to FILE (atomically) instead of standard output.")
    var output: String?

    @Option(help: "Message language: sv or en.")
    var lang: Language = .sv

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run (exit 1): fel, varning or info.")
    var failOn: Severity = .fel

    @Option(help: ArgumentHelp("Check date YYYY-MM-DD: what is due, late or missing (default: today).", valueName: "datum"))
    var per: String?

    @Option(help: "Configuration file to use instead of each repository's styrlint.yml.")
    var config: String?

    @Option(name: .customLong("rules"), help: "Extra folder of rule files (repeatable).")
    var ruleDirectories: [String] = []

    @Option(help: "Worker threads for loading (default: all cores).")
    var jobs: Int?

    func validate() throws {
        if let per, Day(iso: per) == nil {
            throw ValidationError("--per: skriv ett datum YYYY-MM-DD / write a date YYYY-MM-DD, e.g. 2026-02-15")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        if let jobs { ConcurrentMap.threads = jobs }
        var request = CheckRequest(paths: paths, checkDate: per.flatMap(Day.init(iso:)) ?? Today.day, language: lang)
        request.configFile = config
        request.ruleDirectories = ruleDirectories
        let result = try Checker.run(request)
        let rendered: String
        switch format {
        case .text:
            rendered = TextReporter(language: lang, color: output == nil && Terminal.supportsColor).render(result)
        case .json:
            rendered = try JSONReporter().render(result)
        }
        try Output.write(rendered, to: output)
        if result.findings.contains(where: { $0.severity >= failOn }) {
            throw ExitCode(1)
        }
    }
}

enum Today {
    /// The local calendar date.
    static var day: Day {
        let components = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(year: components.year ?? 2000, month: components.month ?? 1, day: components.day ?? 1)!
    }
}

enum Terminal {
    static var supportsColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
}

enum Output {
    /// Standard output, or FILE written atomically (a temporary file renamed into place).
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw StyrlintError("\(path): kan inte skriva rapporten / cannot write the report: \(error.localizedDescription)")
        }
    }
}
