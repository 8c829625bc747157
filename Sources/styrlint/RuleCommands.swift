import ArgumentParser
import Foundation
import StyrlintCore

/// Rules from the built-in pack plus `--rules` folders.
struct RuleSource: ParsableArguments {
    @Option(name: .customLong("rules"), help: "Extra folder of rule files (repeatable).")
    var ruleDirectories: [String] = []

    @Option(help: ArgumentHelp("Read the built-in pack from this folder instead of the binary (for developing the pack).", visibility: .hidden))
    var pack: String?

    func load() throws -> [Rule] {
        try Self.load(directories: ruleDirectories, pack: pack)
    }

    static func load(directories: [String], pack: String? = nil) throws -> [Rule] {
        let cwd = FileManager.default.currentDirectoryPath
        let extra = try directories.flatMap {
            try RuleLoader.rules(inDirectory: RepositoryLoader.absolute($0, cwd: cwd), displayPrefix: $0)
        }
        let base = try pack.map { try RuleLoader.rules(inDirectory: RepositoryLoader.absolute($0, cwd: cwd), displayPrefix: $0) }
            ?? RuleLoader.builtinRules()
        return try Checker.merge(base, extra)
    }
}

enum CatalogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Lista reglerna / list the rules (id, name, severity, title).")

    @OptionGroup var source: RuleSource

    @Option(help: "Output format: text, or markdown (the whole catalogue in English, as in docs/rules.md).")
    var format: CatalogFormat = .text

    @Option(help: "Language of the text format: sv or en.")
    var lang: Language = .sv

    func run() throws {
        let rules = try source.load()
        switch format {
        case .text:
            let width = rules.map(\.name.count).max() ?? 0
            for rule in rules {
                let name = rule.name.padding(toLength: width, withPad: " ", startingAt: 0)
                let severity = rule.severity.label(lang).padding(toLength: 7, withPad: " ", startingAt: 0)
                try Output.print("\(rule.id)  \(name)  \(severity)  \(rule.title.text(lang))")
            }
        case .markdown:
            try Output.print(RuleCatalog.markdown(rules: rules, functions: CheckFunctions.all), terminator: "")
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Visa en regels dokumentation / show one rule's documentation.")

    @Argument(help: "Rule id, e.g. SM001.")
    var id: String

    @OptionGroup var source: RuleSource

    @Option(help: "Language: sv or en.")
    var lang: Language = .sv

    func run() throws {
        let rules = try source.load()
        guard let rule = rules.first(where: { $0.id == id.uppercased() || $0.name == id }) else {
            throw StyrlintError(sv: "okänd regel '\(id)'; `styrlint rules` visar dem", en: "unknown rule '\(id)'; `styrlint rules` lists them")
        }
        try Output.print(RuleCatalog.explain(rule, language: lang), terminator: "")
    }
}

struct Functions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "functions", abstract: "Lista kontrollfunktionerna för egna regler / list the check functions for writing rules.")

    func run() throws {
        try Output.print(RuleCatalog.functionsMarkdown(CheckFunctions.all), terminator: "")
    }
}

struct VerifyRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-rules",
        abstract: "Kör reglernas exempel / run every rule's triggering and non-triggering examples.")

    @OptionGroup var source: RuleSource

    @Option(name: .customLong("goal-corpus"), help: "Also score the goal-language rules on a labelled corpus of goal texts (precision and recall per rule).")
    var goalCorpus: String?

    @Flag(name: .customLong("print-findings"), help: "Print what each triggering example gives, as its `expect` list would write it (to review and paste), and with --goal-corpus the texts each rule misjudges.")
    var printFindings = false

    func run() throws {
        let rules = try source.load()
        if let goalCorpus {
            let scores = try GoalCorpus.score(try GoalCorpus.load(goalCorpus), rules: rules)
            try Output.print(GoalCorpus.table(scores), terminator: "")
            if printFindings {
                // The texts each rule misjudges, to review against their labels.
                for rule in GoalCorpus.rules { for miss in scores[rule]?.misses ?? [] { try Output.print("\(rule)\t\(miss)") } }
            }
        }
        var failures = 0, total = 0
        for rule in rules {
            for outcome in RuleExamples.run(rule, pack: rules) {
                total += 1
                if printFindings, outcome.triggering {
                    try Output.print("\(rule.origin):\(outcome.example.line)\t\(outcome.actual.joined(separator: "\t"))")
                }
                if !outcome.passed {
                    failures += 1
                    try Output.print("\(Language.messages == .en ? "FAIL" : "FEL") \(rule.origin): \(outcome.description)")
                }
            }
        }
        try Output.print(Language.messages == .en ? "\(total - failures) passed, \(failures) failed"
                                                  : "\(total - failures) godkända, \(failures) underkända")
        if failures > 0 { throw ExitCode(1) }
    }
}
