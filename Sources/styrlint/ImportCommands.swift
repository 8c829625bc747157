import ArgumentParser
import Foundation
import StyrlintCore

extension DocumentKind: ExpressibleByArgument {}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Läs en plan från Excel, Word eller CSV / read a plan from an Excel workbook, a Word table or a CSV file into YAML.",
        discussion: """
        Columns are found by their headings (Risk, Sannolikhet / S, Konsekvens / K, Kontrollmoment, Frekvens / Hur ofta, \
        Ansvarig …; Mål, Indikator, Utgångsvärde, Målvärde …) and by import.kolumner in styrlint.yml. Each element \
        records the cell it came from as a comment, the document records the file's SHA-256, and whatever could not \
        be carried over is listed at its cell. A damaged, encrypted or oversized file is an error (exit 2) and nothing \
        is written. See docs/import.md.
        """)

    @Argument(help: "The .xlsx, .docx or .csv file.")
    var file: String

    @Option(help: "internkontrollplan or verksamhetsplan.")
    var typ: DocumentKind

    @Option(help: "The organ's id (bun, tn …).")
    var organ: String

    @Option(name: .customLong("år"), help: "The plan year (internkontrollplan) or the first year of the period (verksamhetsplan).")
    var year: Int

    @Option(help: "Verksamhetsplan: the last year of the period.")
    var till: Int?

    @Option(help: "The document id (default: ORGAN-ik-ÅR or ORGAN-vp-ÅR).")
    var id: String?

    @Option(help: "The municipality's name.")
    var kommun: String?

    @Option(name: .customLong("nivå"), help: "Verksamhetsplan: nämnd, bolag, verksamhet or enhet.")
    var level: String = "nämnd"

    @Option(name: .customLong("överordnad"), help: "Verksamhetsplan: the id of the plan this one is broken down from.")
    var parent: String?

    @Option(help: "The sheet (Excel) or table (Word: Tabell 2) to read (default: the one whose headings fit best).")
    var blad: String?

    @Option(help: "The heading row (default: found among the first 30 rows).")
    var rubrikrad: Int?

    @Option(help: "styrlint.yml whose import.kolumner to use (default: the one above the current folder).")
    var config: String?

    @Flag(name: .customLong("visa-kolumner"), help: "Show which heading was read as which field, and write nothing.")
    var showColumns = false

    @Option(help: "Write the YAML to FILE (default: standard output).")
    var output: String?

    @Option(help: "Message language: sv or en.")
    var lang: Language = .sv

    static let organName = TextPattern(#"^[\p{L}\p{N}][\p{L}\p{N}._-]*$"#)

    func validate() throws {
        guard typ != .rapport else {
            throw ValidationError(lang == .en ? "--typ: internkontrollplan or verksamhetsplan" : "--typ: internkontrollplan eller verksamhetsplan")
        }
        guard (1900...2200).contains(year) else { throw ValidationError(lang == .en ? "--år: a year, e.g. 2026" : "--år: ett år, t.ex. 2026") }
        guard Schema.levels.contains(level) else {
            throw ValidationError((lang == .en ? "--nivå: one of " : "--nivå: en av ") + Schema.levels.joined(separator: ", "))
        }
        guard Self.organName.matches(organ) else {
            throw ValidationError(lang == .en ? "--organ: the organ's id, letters and digits (bun, tn)" : "--organ: organets id, bokstäver och siffror (bun, tn)")
        }
        if let till {
            guard typ == .verksamhetsplan else {
                throw ValidationError(lang == .en ? "--till: only a verksamhetsplan has a period" : "--till: bara en verksamhetsplan har en period")
            }
            guard till >= year, till <= year + 10 else {
                throw ValidationError(lang == .en ? "--till: a year from --år to ten years after it" : "--till: ett år från --år till tio år senare")
            }
        }
    }

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        var request = ImportRequest(kind: typ, fileName: file)
        request.organ = organ
        request.year = year
        request.lastYear = till
        request.id = id
        request.municipality = kommun
        request.level = level
        request.parent = parent
        request.sheet = blad
        request.headerRow = rubrikrad
        request.language = lang
        let configPath = config ?? RepositoryLoader.findRoot(from: cwd).map { ($0 as NSString).appendingPathComponent(Config.fileName) }
        if let configPath {
            let settings = try Config.load(file: RepositoryLoader.absolute(configPath, cwd: cwd), displayPath: configPath)
            request.columns = settings.imports.columns
        }
        let bytes = try InputFile.read(RepositoryLoader.absolute(file, cwd: cwd), limit: 64 * 1024 * 1024, displayPath: file, what: .document)
        let plan = try PlanImporter.run(bytes, request: request)
        if showColumns {
            try Output.print(ImportReport.columns(plan, file: file, language: lang))
            return
        }
        // The YAML must read back as written: anything else is a defect here, never the user's.
        // Limits far above any plan: a large table is the user's right, not a parse failure.
        let check = DocumentLoader.load(path: file, bytes: Array(plan.yaml.utf8), limits: ParseLimits(maxDepth: 64, maxExpandedNodes: 100_000_000, maxSeconds: 600))
        if let problem = check.loadProblems.first(where: { $0.check == .syntax }) {
            let detail = problem.arguments["problem"] ?? problem.variant ?? ""
            throw StyrlintError(sv: "\(file): den importerade texten blev inte giltig YAML (\(detail), rad \(problem.range.start.line)); rapportera felet till styrlint",
                                en: "\(file): the imported text is not valid YAML (\(detail), line \(problem.range.start.line)); please report this as a styrlint defect")
        }
        if let output {
            try OutputTargets.validate([output], inputs: [RepositoryLoader.absolute(file, cwd: cwd)], cwd: cwd)
        }
        try Output.write(plan.yaml, to: output, context: .escaped)
        for note in plan.notes {
            try Output.error("\(file): \(note.cell.text(lang)): \(ImportNotes.text(note, lang))")
        }
        if let output {
            try Output.error(lang == .sv
                ? "\(file): bladet \(plan.table), rubrikrad \(plan.headerRow): planen skriven till \(output). Kontrollera den med: styrlint check \(output)"
                : "\(file): sheet \(plan.table), heading row \(plan.headerRow): the plan was written to \(output). Check it with: styrlint check \(output)")
        }
    }
}

enum ImportReport {
    static func columns(_ plan: ImportedPlan, file: String, language: Language) -> String {
        var lines = [language == .sv ? "\(file): \(plan.table), rubrikrad \(plan.headerRow)" : "\(file): \(plan.table), heading row \(plan.headerRow)"]
        let width = plan.columns.map { $0.heading.replacingOccurrences(of: "\n", with: " ").count }.max() ?? 0
        for match in plan.columns {
            let heading = match.heading.replacingOccurrences(of: "\n", with: " ")
            let padding = String(repeating: " ", count: max(0, width - heading.count))
            let letter = match.cell.text(language).split(separator: "!").last.map(String.init) ?? ""
            let target: String
            if let field = match.field {
                target = match.duplicate ? (language == .sv ? "(\(field.rawValue) finns redan; importeras inte)" : "(\(field.rawValue) already taken; not imported)") : field.rawValue
            } else {
                target = language == .sv ? "(inget fält; importeras inte)" : "(no field; not imported)"
            }
            lines.append("  \(letter.padding(toLength: 6, withPad: " ", startingAt: 0)) \(heading)\(padding)  →  \(target)")
        }
        return lines.joined(separator: "\n")
    }
}
