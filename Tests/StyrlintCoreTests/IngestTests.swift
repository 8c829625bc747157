import Foundation
@testable import StyrlintCore
import StyrlintOffice
import Testing

/// Plans kept in Excel, Word and CSV: the readers on files LibreOffice, openpyxl and
/// python-docx wrote (Tests/Fixtures/ingest, made by scripts/make-ingest-fixtures.py),
/// the mapping into the format, and the findings at their cells.
@Suite struct IngestTests {
    static let fixtures = TestSupport.packageRoot + "/Tests/Fixtures/ingest/"

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixtures + name)))
    }

    static func imported(_ name: String, kind: DocumentKind = .internkontrollplan, configure: (inout ImportRequest) -> Void = { _ in }) throws -> ImportedPlan {
        var request = ImportRequest(kind: kind, fileName: name)
        request.organ = kind == .internkontrollplan ? "tn" : "bun"
        request.year = 2026
        configure(&request)
        return try PlanImporter.run(try bytes(name), request: request)
    }

    /// The document the import gives, loaded as `check` loads it.
    static func document(_ plan: ImportedPlan, path: String = "plan.yaml") -> Document {
        DocumentLoader.load(path: path, bytes: Array(plan.yaml.utf8), limits: ParseLimits())
    }

    static func risk(_ document: Document, _ id: String) -> YAMLNode? {
        document.root?["risker"]?.items.first { $0["id"]?.scalar == id }
    }

    /// Numbers and dates typed as text, read by patterns compiled once per process.
    @Test func numbersAndDatesTypedAsTextBecomeValues() {
        #expect(PlanImporter.number(.text(" 84 500,5 % ")) == "84500.5")
        #expect(PlanImporter.number(.text("−2100")) == "-2100")
        #expect(PlanImporter.number(.text("1 2345")) == "1 2345")
        #expect(PlanImporter.number(.text("ca 40")) == "ca 40")
        #expect(PlanImporter.date(.text("2026")) == "2026")
        #expect(PlanImporter.date(.text("2026-03-01")) == "2026-03-01")
        #expect(PlanImporter.date(.text("2026-3-1")) == "2026-3-1")
        #expect(PlanImporter.date(.text("i mars")) == "i mars")
        for grouped in ["1 234", "-12 345 678", "100 000,25", "1 000,"] { #expect(PlanImporter.isGroupedNumber(grouped) == (grouped != "1 000,"), "\(grouped)") }
        for other in ["1234", "1 23", "1234 567", " 1 234", "1  234", "-", "1 234,5,6", "١ ٢٣٤"] { #expect(!PlanImporter.isGroupedNumber(other), "\(other)") }
        for decimal in ["12", "-12,5", "\u{2212}3", "0,0"] { #expect(PlanImporter.isDecimalNumber(decimal), "\(decimal)") }
        for other in ["", "-", ",5", "5,", "1.5", "+3", "--3", "3 %", "٣"] { #expect(!PlanImporter.isDecimalNumber(other), "\(other)") }
        for day in ["2026", "2026-02-30", "0000"] { #expect(PlanImporter.isYearOrDay(day), "\(day)") }
        for other in ["26", "2026-2-3", "2026-03", "2026-03-01T10", "20x6", "２０２６"] { #expect(!PlanImporter.isYearOrDay(other), "\(other)") }
    }

    @Test func excelDatesFollowTheWorkbooksDateSystem() {
        #expect(Workbook.date(serial: 1, date1904: false) == "1900-01-01")
        #expect(Workbook.date(serial: 59, date1904: false) == "1900-02-28")
        // Lotus' 29 February 1900 is kept as written, so the date check reports it.
        #expect(Workbook.date(serial: 60, date1904: false) == "1900-02-29")
        #expect(Workbook.date(serial: 61, date1904: false) == "1900-03-01")
        #expect(Workbook.date(serial: 46156, date1904: false) == "2026-05-14")
        #expect(Workbook.date(serial: 0, date1904: true) == "1904-01-01")
        #expect(Workbook.date(serial: 44820, date1904: true) == "2026-09-17")
        #expect(Workbook.date(serial: 46156.5, date1904: false) == "2026-05-14T12:00")
    }

    @Test(arguments: [
        (14, nil, true), (22, nil, true), (0, nil, false), (2, nil, false), (11, nil, false),
        (164, "yyyy-mm-dd", true), (165, "[$-41D]d mmmm yyyy", true), (166, "0.00E+00", false),
        (167, "#,##0 \"kr\"", false), (168, "\"dag \"0", false), (169, "General", false), (170, "[Red]0.0", false),
    ] as [(Int, String?, Bool)])
    func dateFormatsAreToldFromNumberFormats(id: Int, code: String?, isDate: Bool) {
        #expect(Workbook.isDateFormat(id: id, code: code) == isDate)
    }

    @Test func headingsAreComparedWithoutCaseNotesOrPunctuation() {
        #expect(ImportColumns.normalize("Sannolikhet (1–4)") == "sannolikhet")
        #expect(ImportColumns.normalize("  S × K ") == "s x k")
        #expect(ImportColumns.normalize("Rapporteras till:") == "rapporteras till")
        #expect(ImportColumns.normalize("Kolada-id") == "kolada id")
    }

    @Test func theRightSheetAndHeadingRowAreFoundInAMessyWorkbook() throws {
        let plan = try Self.imported("ik-messy.xlsx")
        // Not the instructions sheet, not the hidden archive: the sheet whose headings fit.
        #expect(plan.table == "Risker")
        #expect(plan.headerRow == 4)
        let fields = plan.columns.map { $0.field?.rawValue ?? "-" }
        #expect(fields == ["risk.id", "risk.process", "risk.beskrivning", "risk.sannolikhet", "risk.konsekvens", "risk.riskvärde",
                           "kontrollmoment.kontroll", "kontrollmoment.metod", "kontrollmoment.frekvens", "kontrollmoment.ansvarig",
                           "kontrollmoment.rapporteras_till", "kontrollmoment.rapportering", "-"])
    }

    @Test func messyCellsAreReadAsAPersonReadsThem() throws {
        let plan = try Self.imported("ik-messy.xlsx")
        let document = Self.document(plan)
        #expect(document.loadProblems.filter { $0.check == .syntax }.isEmpty)
        // B5:B6 is merged: row 6's risk has the process written above it.
        #expect(Self.risk(document, "R2")?["process"]?.scalar == "VA-debitering")
        // Alt+Enter inside a cell stays a line break.
        #expect(Self.risk(document, "R3")?["beskrivning"]?.scalar?.contains("trafikanordningsplan.\nRisk för olyckor") == true)
        // A formula by its cached value; a number stored as text read as the number.
        #expect(Self.risk(document, "R1")?["riskvärde"]?.scalar == "6")
        #expect(Self.risk(document, "R5")?["sannolikhet"]?.scalar == "3")
        // Dates formatted as dates become ISO dates; the frequency words of the format.
        let control = document.root?["kontrollmoment"]?.items.first
        #expect(control?["rapportering"]?.items.map { $0.scalar } == ["2026-09-17"])
        #expect(control?["frekvens"]?.scalar == "halvår")
        // The hidden row 11 is left out, with a note at its cell.
        #expect(Self.risk(document, "R6") == nil)
        let notes = plan.notes.map { "\($0.variant) \($0.cell.text(.sv))" }
        #expect(notes == ["otherSheet Instruktioner!A1", "unmappedColumn Risker!M4", "hiddenRow Risker!A11"])
        // The title above the heading row stays as comments, the hidden archive sheet is named.
        #expect(plan.yaml.contains("# Risker!A1: Internkontrollplan 2026\n# Risker!A2: Tekniska nämnden\n"))
        #expect(plan.yaml.contains("# Dolt blad \"Arkiv\" med"))
    }

    @Test func everyLineOfTheYAMLKnowsItsCell() throws {
        let plan = try Self.imported("ik-messy.xlsx")
        let lines = plan.yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let risk = try #require(lines.firstIndex { $0.contains("id: R7") })
        let line = try #require(lines[risk...].firstIndex { $0.contains("riskvärde: 4") }) + 1
        #expect(plan.cells.cell(line: line).text(.sv) == "Risker!F12")
        #expect(plan.cells.cell(line: 1).text(.sv) == "Risker!A4")
    }

    @Test func the1904DateSystemIsHonoured() throws {
        let document = Self.document(try Self.imported("ik-1904.xlsx"))
        let dates = document.root?["kontrollmoment"]?.items.flatMap { $0["rapportering"]?.items.compactMap(\.scalar) ?? [] }
        #expect(dates == ["2026-09-17", "2026-05-14", "2026-05-14", "2027-01-21"])
    }

    @Test func rawCellKindsAreRead() throws {
        let tables = try Workbook.read(try Self.bytes("raw-cells.xlsx"))
        let rows = try #require(tables.first?.rows)
        func value(_ row: Int, _ column: Int) -> CellValue? { rows.first { $0.number == row }?[column]?.value }
        // Rich inline runs joined, a formula's string result, a boolean, an error value.
        #expect(value(2, 4) == .text("del 1 del 2"))
        #expect(value(2, 5) == .text("Halvår"))
        #expect(value(4, 2) == .bool(true))
        #expect(value(4, 3) == .error("#DIV/0!"))
        #expect(value(2, 7) == .date("2026-05-14"))
        #expect(value(4, 7) == .date("1900-02-28"))
        #expect(value(5, 7) == .date("1900-02-29"))
        #expect(value(6, 7) == .date("1900-03-01"))
        #expect(value(5, 2) == .number(2.5, written: "2.5"))
    }

    @Test func csvFromSwedishExcelInUTF8AndWindows1252ReadsTheSame() throws {
        let utf8 = try Self.imported("ik.csv")
        let latin = try Self.imported("ik-1252.csv")
        func body(_ plan: ImportedPlan) -> [String] {
            plan.yaml.split(separator: "\n").filter { !$0.contains("sha256") && !$0.contains("ik.csv") && !$0.contains("ik-1252.csv") }.map(String.init)
        }
        #expect(body(utf8) == body(latin))
        #expect(utf8.yaml.contains("Nya VA-taxor läggs in fel i debiteringssystemet."))
        #expect(Self.risk(Self.document(utf8), "R3")?["beskrivning"]?.scalar?.contains("\n") == true)
    }

    @Test(arguments: ["mal-tabell.docx", "mal-tabell-lo.docx"])
    func wordTablesWithMergedGoalCellsBecomeGoalsWithIndicators(name: String) throws {
        let plan = try Self.imported(name, kind: .verksamhetsplan)
        #expect(plan.table == "Tabell 1")
        let document = Self.document(plan)
        let goals = try #require(document.root?["mål"]?.items)
        #expect(goals.map { $0["id"]?.scalar } == ["M1", "M2", "M3"])
        #expect(goals[0]["indikatorer"]?.items.count == 2)
        #expect(goals[1]["ansvarig"]?.scalar == "Rektorerna för F–6\nElevhälsoteamet")
        #expect(goals[1]["indikatorer"]?.items.first?["målvärde"]?["värde"]?.scalar == "92.5")
    }

    @Test func excelGoalTablesReadDecimalCommasAndMergedGoals() throws {
        let document = Self.document(try Self.imported("mal-tabell.xlsx", kind: .verksamhetsplan))
        let goals = try #require(document.root?["mål"]?.items)
        #expect(goals.map { $0["id"]?.scalar } == ["BUN1", "BUN2", "BUN3"])
        #expect(goals[0]["indikatorer"]?.items.map { $0["kolada"]?.scalar } == ["N15428", "N15497", nil])
        #expect(goals[2]["bidrar_till"]?.items.map(\.scalar) == ["KF5", "KF6"])
        #expect(goals[2]["indikatorer"]?.items.last?["utgångsvärde"]?["värde"]?.scalar == "3.5")
    }

    @Test(arguments: [
        ("encrypted.xlsx", "lösenordsskyddad"), ("corrupt.xlsx", "skadad"), ("not-a-zip.xlsx", "ingen Excel-fil"),
        ("zip-bomb.xlsx", "zip-bomb"), ("xxe.xlsx", "DOCTYPE"), ("billion-laughs.xlsx", "DOCTYPE"), ("huge-sheet.xlsx", "50000"),
    ])
    func hostileFilesAreRefusedWithAReason(name: String, reason: String) throws {
        let error = #expect(throws: StyrlintError.self) { try Self.imported(name) }
        #expect(error?.swedish.contains(reason) == true, "\(error?.swedish ?? "")")
        #expect(error?.swedish.hasPrefix(name) == true)
    }

    @Test func aFarCellCostsOneCellNotAMillionRows() throws {
        let plan = try Self.imported("far-cell.xlsx")
        #expect(plan.notes.map { "\($0.variant) \($0.cell.text(.sv))" }.contains("noHeading Risker!XFD1048576"))
    }

    @Test func theCLIRefusesHostileFilesWritingNothing() throws {
        let folder = try TestSupport.repository(["README": "a folder for the output\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["encrypted.xlsx", "zip-bomb.xlsx", "xxe.xlsx"] {
            let output = folder + "/out.yaml"
            let run = try TestSupport.run(["import", Self.fixtures + name, "--typ", "internkontrollplan", "--organ", "tn", "--år", "2026", "--output", output])
            #expect(run.status == 2, "\(name): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test(arguments: ["-tn", "t n", "tn/../x", "tn!", "ålands_nämnd "])
    func theCLIRefusesAnOrganThatIsNoID(organ: String) throws {
        let run = try TestSupport.run(["import", Self.fixtures + "ik-messy.xlsx", "--typ", "internkontrollplan", "--organ=\(organ)", "--år", "2026", "--lang", "en"])
        #expect(run.status == 64 || run.status == 2, "\(organ): \(run.status)")
        #expect(run.stderr.contains("--organ: the organ's id"), "\(organ): \(run.stderr)")
    }

    @Test func theCLIShowsWhichHeadingBecameWhichField() throws {
        let run = try TestSupport.run(["import", Self.fixtures + "ik-messy.xlsx", "--typ", "internkontrollplan", "--organ", "tn", "--år", "2026",
                                       "--visa-kolumner", "--lang", "en"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("I4     Hur ofta          →  kontrollmoment.frekvens"))
        #expect(run.stdout.contains("M4     Övrigt            →  (no field; not imported)"))
    }

    @Test func configuredHeadingsExtendTheBuiltInOnes() throws {
        let plan = try Self.imported("ik-messy.xlsx") { $0.columns = [ImportColumns.normalize("Övrigt"): .motivation] }
        #expect(plan.notes.map(\.variant) == ["otherSheet", "hiddenRow"])
        #expect(plan.yaml.contains("motivering:"))
    }
}

/// The same plan kept as a workbook and written by hand in YAML gives the same findings,
/// and a workbook checked in place points every finding at a cell, in every format.
@Suite struct WorkbookCheckTests {
    static func check(_ files: [String: String], copying workbook: String? = nil, per: String) throws -> [Finding] {
        let root = try TestSupport.repository(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        if let workbook {
            try FileManager.default.copyItem(atPath: IngestTests.fixtures + workbook, toPath: root + "/" + workbook)
        }
        var request = CheckRequest(paths: [], checkDate: Day(iso: per)!)
        request.currentDirectory = root
        return try Checker.run(request).findings
    }

    static func identities(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.rule) \($0.variant ?? "-") \($0.subject)" }.sorted()
    }

    @Test func anInternalControlPlanReadsTheSameFromExcelAsFromYAML() throws {
        let yaml = try String(contentsOfFile: IngestTests.fixtures + "ik-roundtrip.yaml", encoding: .utf8)
        let byHand = try Self.check(["styrlint.yml": "sökvägar: [.]\n", "tn-ik-2026.yaml": yaml], per: "2027-06-30")
        let config = """
        import:
          filer:
            - fil: ik-roundtrip.xlsx
              typ: internkontrollplan
              organ: tn
              år: 2026
              kommun: Lillåsa kommun
              status: beslutad
              fält:
                beslut: {datum: 2025-12-09, organ: tn, paragraf: "§ 81"}
                riskanalys:
                  datum: 2025-09-30
                  genomförd_av: [förvaltningschef, gatuchef, VA-chef, fastighetschef, kostchef, nämndens presidium]
                  skala: 4
        risk: {tröskel: 6}

        """
        let fromExcel = try Self.check(["styrlint.yml": config], copying: "ik-roundtrip.xlsx", per: "2027-06-30")
        #expect(!byHand.isEmpty)
        // The hand-written plan names its action TN26-A1; the workbook has no id column for actions.
        #expect(Self.identities(fromExcel) == Self.identities(byHand.map { finding in
            var finding = finding
            finding.subject = finding.subject.replacingOccurrences(of: "TN26-A1", with: "A1")
            return finding
        }))
        #expect(fromExcel.allSatisfy { $0.file == "ik-roundtrip.xlsx" && $0.cell != nil })
    }

    @Test func aGoalTableReadsTheSameFromExcelAsFromYAML() throws {
        let yaml = try String(contentsOfFile: IngestTests.fixtures + "vp-roundtrip.yaml", encoding: .utf8)
        let byHand = try Self.check(["styrlint.yml": "sökvägar: [.]\n", "grundskola.yaml": yaml], per: "2026-02-15")
        let config = """
        import:
          filer:
            - {fil: vp-roundtrip.xlsx, typ: verksamhetsplan, organ: bun, år: 2025, till: 2027, nivå: verksamhet,
               överordnad: bun-vp-2025, id: bun-grundskola-vp-2025}

        """
        let fromExcel = try Self.check(["styrlint.yml": config], copying: "vp-roundtrip.xlsx", per: "2026-02-15")
        #expect(byHand.count >= 5)
        #expect(Self.identities(fromExcel) == Self.identities(byHand))
    }

    @Test func findingsInAWorkbookPointAtTheCellInEveryFormat() throws {
        let arguments = ["check", "plans", "reports", "--per", "2026-02-15", "--select", "IK012"]
        let json = try TestSupport.run(arguments + ["--format", "json"])
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let finding = try #require((report?["findings"] as? [[String: Any]])?.first)
        #expect(finding["file"] as? String == "plans/internkontroll/kfn-ik-2026.xlsx")
        #expect(finding["line"] as? Int == 5)
        #expect(finding["column"] as? Int == 6)
        #expect(finding["cell"] as? String == "Internkontrollplan!F5")
        #expect((finding["message"] as? String)?.hasPrefix("Internkontrollplan!F5: risken KFN26-R2 har riskvärdet 4") == true)
        #expect(finding["fix"] == nil)
        let github = try TestSupport.run(arguments + ["--format", "github"])
        #expect(github.stdout.contains("file=plans/internkontroll/kfn-ik-2026.xlsx,line=5,col=6"))
        let sarif = try TestSupport.run(arguments + ["--format", "sarif"])
        #expect(sarif.stdout.contains("\"startLine\" : 5") || sarif.stdout.contains("\"startLine\":5"))
        let text = try TestSupport.run(arguments + ["--show-source", "--lang", "en"])
        #expect(text.stdout.contains("plans/internkontroll/kfn-ik-2026.xlsx:5:6: error[IK012] Internkontrollplan!F5: the risk KFN26-R2"))
        // No excerpt of zip bytes under a cell.
        #expect(!text.stdout.contains(" 5 | "))
    }

    @Test func aWorkbookNobodyDescribedIsAFindingNotASilentSkip() throws {
        let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [.]\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.copyItem(atPath: IngestTests.fixtures + "ik-messy.xlsx", toPath: root + "/ik.xlsx")
        let run = try TestSupport.run(["check", "ik.xlsx"], in: root)
        #expect(run.status == 1)
        #expect(run.stdout.contains("ik.xlsx:1:1: fel[DOK001] filen är en arbetsbok"))
    }

    @Test func aDamagedWorkbookInTheRepositoryIsAFindingAtTheFile() throws {
        let config = "import:\n  filer:\n    - {fil: corrupt.xlsx, typ: internkontrollplan, organ: tn, år: 2026}\n"
        let findings = try Self.check(["styrlint.yml": config], copying: "corrupt.xlsx", per: "2026-02-15")
        let damaged = try #require(findings.first { $0.rule == "DOK001" })
        #expect(damaged.file == "corrupt.xlsx")
        #expect(damaged.variant == "importFailed")
        #expect(damaged.message.contains("skadad"))
    }
}

/// Damaged files as disks and mail servers make them: bytes flipped, cut and repeated in
/// real workbooks, Word files and CSV, with a fixed seed. Each must import or be refused
/// with a reason; and every part reader meets the damaged XML directly.
@Suite struct IngestMutationTests {
    static func mutants(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            var mutant = bytes
            switch random.next(below: 3) {
            case 0:
                for _ in 0...random.next(below: 8) {
                    mutant[random.next(below: mutant.count)] = UInt8(truncatingIfNeeded: random.next(below: 256))
                }
            case 1:
                mutant.removeSubrange(random.next(below: mutant.count)...)
            default:
                let start = random.next(below: mutant.count)
                let end = min(mutant.count, start + 1 + random.next(below: 64))
                mutant.insert(contentsOf: mutant[start..<end], at: random.next(below: mutant.count))
            }
            return mutant
        }
    }

    @Test(arguments: ["ik-messy.xlsx", "mal-tabell.docx", "ik.csv", "raw-cells.xlsx"])
    func damagedFilesImportOrAreRefusedWithAReason(name: String) throws {
        let original = try IngestTests.bytes(name)
        var refused = 0
        for mutant in Self.mutants(of: original, count: 150, seed: 2026) {
            var request = ImportRequest(kind: name.hasPrefix("mal") ? .verksamhetsplan : .internkontrollplan, fileName: name)
            request.organ = "tn"
            request.year = 2026
            do {
                let plan = try PlanImporter.run(mutant, request: request)
                // What imports reads back as YAML.
                let document = DocumentLoader.load(path: "p.yaml", bytes: Array(plan.yaml.utf8), limits: ParseLimits())
                #expect(!document.loadProblems.contains { $0.check == .syntax }, "\(name): the YAML of a mutant does not parse")
            } catch let error as StyrlintError {
                refused += 1
                #expect(error.swedish.hasPrefix(name) && error.english.hasPrefix(name))
            }
        }
        // The zip's checksums and the XML parser refuse most damage to a zip; CSV text mostly imports.
        #expect(refused > 0 || name.hasSuffix(".csv"))
    }

    @Test func partReadersMeetDamagedXML() throws {
        let xml = Array("""
        <?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>Risk</t></r></is></c></row>\
        <row r="2" hidden="1"><c r="A2" s="1"><v>46156</v></c><c t="b"><v>1</v></c><c r="XFD3"><v>1e308</v></c></row>\
        </sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/><mergeCell ref="B2:A1"/></mergeCells></worksheet>
        """.utf8)
        for mutant in IngestMutationTests.mutants(of: xml, count: 400, seed: 7) {
            OfficeXMLProbe.exercise(mutant)
        }
        // A merge over the whole sheet fills only the rows and columns in use.
        OfficeXMLProbe.exercise(xml)
    }
}

/// What the red-team round found, kept: no value leaves a table without a word.
@Suite struct IngestCarriesEveryValueTests {
    static func importCSV(_ text: String, kind: DocumentKind = .internkontrollplan) throws -> ImportedPlan {
        var request = ImportRequest(kind: kind, fileName: "plan.csv")
        request.organ = "tn"
        request.year = 2026
        return try PlanImporter.run(Array(text.utf8), request: request)
    }

    @Test func aValueWithNothingOnItsRowToBelongToIsReported() throws {
        let plan = try Self.importCSV("Risk;Sannolikhet;Ansvarig;Klart\nFelaktig debitering;2;Kalle;2026-06-30\n")
        #expect(plan.notes.map { "\($0.variant) \($0.cell.text(.sv))" } == ["unplacedValue rad 2, kolumn 3", "unplacedValue rad 2, kolumn 4"])
        #expect(plan.yaml.contains("# Värdet \"Kalle\" i rad 2, kolumn 3 (kontrollmoment.ansvarig) har inget på sin rad att höra till"))
    }

    @Test func indicatorFieldsWithoutANameMakeANamelessIndicator() throws {
        let plan = try Self.importCSV("Mål;Målvärde;Kolada;Enhet\nFler elever ska nå målen;88;N15428;procent\n", kind: .verksamhetsplan)
        #expect(plan.notes.isEmpty)
        let document = IngestTests.document(plan)
        let indicator = try #require(document.root?["mål"]?.items.first?["indikatorer"]?.items.first)
        #expect(indicator["kolada"]?.scalar == "N15428")
        #expect(indicator["namn"] == nil)
    }

    @Test(arguments: [
        ("Risk;S\n\"unclosed;2\nrow2;3\n", "citattecknet som börjar ett fält på rad 2 stängs aldrig"),
        ("Risk;Åtgärd\nFörsening;Ny rutin\nTrasig \u{FF} byte;x\n", "ogiltig byte på rad 3"),
    ])
    func damagedCSVIsRefusedWithTheLine(text: String, message: String) throws {
        var bytes = Array(text.utf8)
        // The one byte that is not UTF-8, written raw.
        if let marker = bytes.firstIndex(of: 0xC3), text.contains("\u{FF}"), let at = bytes.indices.last(where: { bytes[$0] == 0xC3 && bytes[$0 + 1] == 0xBF }) {
            _ = marker
            bytes.replaceSubrange(at...at + 1, with: [0xFF])
        }
        var request = ImportRequest(kind: .internkontrollplan, fileName: "plan.csv")
        request.organ = "tn"
        request.year = 2026
        let error = #expect(throws: StyrlintError.self) { try PlanImporter.run(bytes, request: request) }
        #expect(error?.swedish.contains(message) == true, "\(error?.swedish ?? "")")
    }

    @Test func excelsUnicodeTextExportIsUTF16() throws {
        let text = "Risk\tSannolikhet\nFelaktig debitering\t2\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        var request = ImportRequest(kind: .internkontrollplan, fileName: "plan.txt")
        request.organ = "tn"
        request.year = 2026
        let plan = try PlanImporter.run(bytes, request: request)
        #expect(plan.yaml.contains("beskrivning: Felaktig debitering\n    sannolikhet: 2\n"))
    }

    @Test func excelsEscapedCharactersAreDecoded() {
        #expect(ExcelText.unescape("rad 1_x000D_rad 2") == "rad 1\rrad 2")
        #expect(ExcelText.unescape("_x005F_x0041_") == "_x0041_")
        #expect(ExcelText.unescape("snake_x_case") == "snake_x_case")
    }

    @Test func aCellCannotEndItsCommentAndWriteYAML() throws {
        let plan = try Self.importCSV("Rubrik\u{2028}risker: [] #\nRisk;Sannolikhet;Övrigt\u{85}typ: rapport\nX;2;y\n")
        let document = IngestTests.document(plan)
        #expect(document.loadProblems.filter { $0.check == .syntax || $0.check == .duplicateKey }.isEmpty)
        #expect(document.kind == .internkontrollplan)
        #expect(document.root?["risker"]?.items.count == 1)
    }

    @Test func aRangeMergedDownFromTheHeadingIsNoValue() throws {
        let plan = try IngestTests.imported("merge-heading.xlsx")
        #expect(!plan.yaml.contains("sannolikhet: Sannolikhet"))
        #expect(plan.notes.map { "\($0.variant) \($0.cell.text(.sv))" } == ["mergedHeading Risker!B2"])
    }

    @Test func aWordMergeWithoutAStartKeepsItsOwnText() throws {
        let plan = try IngestTests.imported("vmerge-no-restart.docx", kind: .verksamhetsplan)
        #expect(plan.yaml.contains("text: M1 text"))
        #expect(!plan.yaml.contains("text: Mål\n"))
    }

    @Test func importFilesInTheConfigurationMustExistInTheRepositoryOnce() throws {
        let cases: [(String, String)] = [
            ("import:\n  filer:\n    - {fil: plans/saknas.xlsx, typ: internkontrollplan, organ: tn, år: 2026}\n", "styrlint.yml:4:7: import.filer: plans/saknas.xlsx finns inte"),
            ("import:\n  filer:\n    - {fil: ../utanför.xlsx, typ: internkontrollplan, organ: tn, år: 2026}\n", "ligger utanför arkivet"),
            ("import:\n  filer:\n    - {fil: plans/ik.xlsx, typ: internkontrollplan, organ: tn, år: 2026}\n    - {fil: ./plans/ik.xlsx, typ: verksamhetsplan, organ: tn, år: 2026}\n",
             "styrlint.yml:5:7: import.filer: ./plans/ik.xlsx står redan på rad 4"),
        ]
        for (config, message) in cases {
            let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\n" + config, "plans/a.yaml": "typ: verksamhetsplan\n"])
            defer { try? FileManager.default.removeItem(atPath: root) }
            try FileManager.default.copyItem(atPath: IngestTests.fixtures + "ik-messy.xlsx", toPath: root + "/plans/ik.xlsx")
            let run = try TestSupport.run(["check"], in: root)
            #expect(run.status == 2, "\(config)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
    }

    @Test func workbooksTheWalkMeetsButNoEntryDescribesAreFindings() throws {
        let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\n", "plans/a.yaml": "typ: verksamhetsplan\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.copyItem(atPath: IngestTests.fixtures + "mal-tabell.docx", toPath: root + "/plans/mål.docx")
        try FileManager.default.copyItem(atPath: IngestTests.fixtures + "ik.csv", toPath: root + "/plans/ik.csv")
        // Excel's owner file while a workbook is open is no plan.
        try Data([0x01, 0x02]).write(to: URL(fileURLWithPath: root + "/plans/~$ik.xlsx"))
        let run = try TestSupport.run(["check", "--format", "json"], in: root)
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let unlisted = (report?["findings"] as? [[String: Any]] ?? []).filter { ($0["message"] as? String)?.contains("säger inte vilken sorts plan") == true }
        #expect(unlisted.compactMap { $0["file"] as? String }.sorted() == ["plans/ik.csv", "plans/mål.docx"])
    }
}

@Suite struct MergeBudgetTests {
    /// A merge over many filled rows and columns would make a copy per cell: the copies
    /// count against the file's cell budget, so the sheet is refused, not expanded.
    @Test func aMergeThatWouldExpandPastTheBudgetIsRefused() throws {
        var limits = OfficeLimits()
        limits.cells = 5_000
        var xml = "<worksheet><sheetData>"
        for row in 1...100 {
            xml += "<row r=\"\(row)\">" + (row == 1 ? (1...100).map { "<c r=\"\(ColumnName.letters($0))1\"><v>\($0)</v></c>" }.joined() : "<c r=\"A\(row)\"><v>1</v></c>") + "</row>"
        }
        xml += "</sheetData><mergeCells><mergeCell ref=\"B1:CV100\"/></mergeCells></worksheet>"
        let error = #expect(throws: OfficeError.self) { try MergeProbe.rows(Array(xml.utf8), limits: limits) }
        #expect(error?.kind == .tooManyRows)
        #expect(error?.sv.contains("sammanfogade") == true)
        // The same merge within the budget fills every used column of every row.
        limits.cells = 20_000
        let rows = try MergeProbe.rows(Array(xml.utf8), limits: limits)
        #expect(rows.last?.cells.count == 100)
        #expect(rows.last?[50]?.merged == true)
    }
}
