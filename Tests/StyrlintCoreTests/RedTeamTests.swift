import Foundation
import Testing
@testable import StyrlintAudit
@testable import StyrlintCore
@testable import StyrlintLSP
import StyrlintOffice
#if canImport(Glibc)
import Glibc
#endif

/// Classes of hostile input a red-team review found: each test holds one class, not the
/// one example that showed it.
@Suite struct RedTeamTests {
    // MARK: - CSV quotes

    @Test("a quote in the middle of a quoted CSV field stops the import at its line and column",
          arguments: [
              ("Risk;Sannolikhet\n\"Felaktig \"manuell\" debitering;2\nSen fakturering;3\n", 2, 11),
              ("a;b\n\"a\"b;1;2\n", 2, 3),
              ("a,b\nx,\"y\" z\n", 2, 5),
          ])
    func strayQuote(text: String, line: Int, column: Int) throws {
        let error = try #require(throws: OfficeError.self) { try Delimited.table(Array(text.utf8), name: "ik.csv") }
        #expect(error.place == "rad \(line)")
        #expect(error.sv.contains("tecken \(column)") && error.en.contains("character \(column)"))
        #expect(error.sv.contains("(\"\")") && error.en.contains("two quotes"))
    }

    @Test func onlyTheFilesOwnDelimiterEndsAQuotedField() throws {
        // A quote inside an unquoted field is text, whatever other separators it stands by.
        let fine = "Nr;Process;Risk\n1;VA,\"debitering\" och taxor;Fel\n"
        let table = try Delimited.table(Array(fine.utf8), name: "ik.csv")
        #expect(table.rows.count == 2)
        // A comma after a closing quote in a file of semicolons is text after the field's end:
        // read on, the rows after it would be swallowed.
        let swallowing = "Nr;Process;Risk\n1;\"VA-debitering\",extra;Fel\n2;Lön;Fel\n"
        #expect(throws: OfficeError.self) { try Delimited.table(Array(swallowing.utf8), name: "ik.csv") }
    }

    @Test func aFieldClosedOnALaterLineNamesTheLineItOpenedOn() throws {
        let text = "Nr;Process;Risk\n1;\"VA \"\"debitering\"\";Fel\n2;Lön;Fel\n3;\"Kost\";Fel\n"
        do {
            _ = try Delimited.table(Array(text.utf8), name: "ik.csv")
            Issue.record("the file was read")
        } catch let error as OfficeError {
            #expect(error.place == "rad 2")
            #expect(error.sv.contains("på rad 2 stängs först på rad 4"))
        }
    }

    @Test func quotesWrittenAsSpreadsheetsWriteThemAreRead() throws {
        let text = "Risk;Kontroll\n\"Felaktig \"\"manuell\"\" debitering\";\"Stickprov; månadsvis\"\n\"två\nrader\";x\n"
        let table = try Delimited.table(Array(text.utf8), name: "ik.csv")
        let cells = table.rows.map { $0.cells.map { cell -> String in
            if case .text(let value) = cell.value { return value }
            return ""
        } }
        #expect(cells == [["Risk", "Kontroll"], ["Felaktig \"manuell\" debitering", "Stickprov; månadsvis"], ["två\nrader", "x"]])
    }

    // MARK: - Named files

    @Test func aNamedFileReportsNothingTheWalkFoundElsewhere() throws {
        let plan = TestSupport.boardPlanHeader + "  - id: BUN1\n    text: Minst 90 procent av eleverna ska vara behöriga.\n    ansvarig: chef\n    klart: 2027\n"
        let root = try TestSupport.repository([
            "styrlint.yml": "sökvägar: [plans]\n",
            "plans/bun.yaml": plan,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Unicode twins: the same name in composed and decomposed form (equal as Swift
        // strings, so written by bytes).
        for (name, id) in [("\u{e5}", "a-vp-2025"), ("a\u{30a}", "b-vp-2025")] {
            let descriptor = open(root + "/plans/" + name + ".yaml", O_CREAT | O_WRONLY | O_TRUNC, 0o644)
            let text = Array(plan.replacingOccurrences(of: "bun-vp-2025", with: id).utf8)
            #expect(write(descriptor, text, text.count) == text.count)
            close(descriptor)
        }
        try FileManager.default.createSymbolicLink(atPath: root + "/plans/outside.yaml", withDestinationPath: "/etc/hostname")
        let named = try TestSupport.run(["check", "--format", "json", "--per", "2025-03-01", "plans/bun.yaml"], in: root)
        let files = Set(try Self.files(named.stdout))
        #expect(files == ["plans/bun.yaml"] || files.isEmpty, "\(files)")
        // The folder, checked whole, still reports every one of them.
        let whole = try TestSupport.run(["check", "--format", "json", "--per", "2025-03-01", "plans"], in: root)
        let all = try Self.files(whole.stdout)
        #expect(all.contains("plans/outside.yaml"))
        #expect(all.filter { $0.hasPrefix("plans/") && $0 != "plans/bun.yaml" && $0 != "plans/outside.yaml" }.count >= 1)
    }

    static func files(_ json: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return (object?["findings"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
    }

    // MARK: - Graph

    @Test func fullmäktigemålWithoutAValidMålområdeStillDraw() throws {
        let root = try TestSupport.repository(["plans/kf.yaml": """
            typ: verksamhetsplan
            id: kf-vp-2025
            organ: kf
            nivå: fullmäktige
            period: {från: 2025, till: 2027}
            målområden: [{id: MO1, namn: Lärande}]
            mål:
              - id: KF1
                text: Barn och elever når goda kunskapsresultat.
                bidrar_till: [MO1X]
              - id: "KF2\\n```\\n<img src=x>"
                text: Alla har en trygg bostad.
                bidrar_till: [MO1]
            """])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try AuditTests.check(["plans"], in: root)
        let graph = RedThreadGraph(repositories: result.loaded)
        for language in [Language.sv, .en] {
            let tables = graph.dotTables(language: language)
            #expect(!tables.contains("<b></b>"))
            #expect(tables.contains(language == .sv ? "Utan giltigt målområde" : "Without a valid målområde"))
            // A line feed in an id never breaks a label or a Markdown code block.
            for output in [tables, graph.dot(language: language), graph.mermaid(language: language)] {
                let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(!lines.contains { $0.hasPrefix("```") }, "a line of its own ends a fenced block")
                #expect(!lines.contains { $0.hasPrefix("<img") })
            }
            #expect(AuditTests.validateMermaid(graph.mermaid(language: language)) == [])
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") else { return }  // CI installs Graphviz
        #expect(try AuditTests.drawnSize(graph.dotTables(language: .sv)) != nil)
        #expect(try AuditTests.drawnSize(graph.dot(language: .sv)) != nil)
    }

    // MARK: - Determinism of the language server

    @Test func theLanguageServerWritesTheSameBytesForTheSameMessage() throws {
        func frame() throws -> String {
            var pipe: [Int32] = [0, 0]
            _ = pipe.withUnsafeMutableBufferPointer { Glibc.pipe($0.baseAddress!) }
            let writer = MessageWriter(descriptor: pipe[1])
            writer.respond(.null, error: .parseError, "not JSON")
            writer.notify("window/logMessage", .object(["type": .number(3), "message": .string("x"), "b": .bool(true), "a": .null]))
            close(pipe[1])
            defer { close(pipe[0]) }
            return String(decoding: FileHandle(fileDescriptor: pipe[0]).readDataToEndOfFile(), as: UTF8.self)
        }
        let first = try frame()
        #expect(first.contains(#"{"error":{"code":-32700,"message":"not JSON"},"id":null,"jsonrpc":"2.0"}"#))
        for _ in 0..<20 { #expect(try frame() == first) }
    }

    // MARK: - Numbers in messages

    @Test("a number with a unit: the fix is the whole number, and only words or a sign make a unit",
          arguments: [
              ("56 097 tkr", "56097"), ("56\u{a0}097 tkr", "56097"), ("56\u{202f}097 tkr", "56097"),
              ("85 %", "85"), ("\"3,5 procent\"", "3.5"),
          ])
    func unitFix(written: String, fixed: String) throws {
        let findings = try Self.findings(target: written, unit: "tkr")
        let finding = try #require(findings.first { $0.rule == "DOK005" && $0.variant == "unit" })
        #expect(finding.message.contains("Skriv bara talet, \(fixed),"), "\(finding.message)")
    }

    @Test("signs and symbols are units too", arguments: [("8 °C", "8"), ("\"100:-\"", "100"), ("500 €", "500"), ("\"85 % (2024)\"", "85")])
    func symbolUnits(written: String, fixed: String) throws {
        try unitFix(written: written, fixed: fixed)
    }

    @Test("not a number with a unit", arguments: ["1_000", "0x1F", "8 av 10"])
    func notAUnit(written: String) throws {
        let findings = try Self.findings(target: written, unit: "procent")
        let finding = try #require(findings.first { $0.rule == "DOK005" })
        #expect(finding.variant != "unit")
        #expect(finding.message.contains("\"\(written)\""), "the value is quoted as written: \(finding.message)")
    }

    /// A goal whose one indicator has the målvärde `target`, written as given.
    static func findings(target: String, unit: String) throws -> [Finding] {
        try TestSupport.findings(["plan.yaml": TestSupport.boardPlanHeader + """
              - id: BUN1
                text: Minst 90 procent av eleverna ska vara behöriga.
                ansvarig: chef
                klart: 2027
                indikatorer:
                  - id: BUN1.1
                    namn: Mått
                    enhet: \(unit)
                    målvärde: {värde: \(target), år: 2027}

            """])
    }

    @Test func valuesQuotedFromADocumentStayAsWritten() {
        let localized = NumberText.localize(["value": "0000", "target": "090", "min": "2027.0", "max": "56097", "count": "3.5"], .sv)
        #expect(localized["value"] == "0000" && localized["target"] == "090" && localized["min"] == "2027.0")
        #expect(localized["max"] == "56 097" && localized["count"] == "3,5")
    }

    // MARK: - Selections

    @Test("an empty selection is a usage error, not a run of no rules",
          arguments: [["--select", ""], ["--select", ",,,"], ["--select", " "]])
    func emptySelection(arguments: [String]) throws {
        let run = try TestSupport.run(["check", "plans", "reports"] + arguments)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("ange minst en regel"))
        #expect(run.stdout.isEmpty)
    }

    @Test func anEmptyIgnoreOrExtensionChangesNothing() throws {
        let plain = try TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15"])
        for option in ["--ignore", "--extend-select"] {
            let run = try TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15", option, ""])
            #expect(run.status == plain.status && run.stdout == plain.stdout, "\(option)")
        }
    }

    @Test func anEmptyOutputNameIsRefusedAsSuch() throws {
        let run = try TestSupport.run(["check", "plans", "--output", ""])
        #expect(run.status == 2)
        #expect(run.stderr.contains("namnet är tomt"))
    }
}

/// libyaml's English reaches no Swedish message: plan files, the configuration.
@Suite struct LibraryMessageLanguageTests {
    static let brokenDocuments = [
        "a: |0\n  x\n",                 // indentation indicator 0
        "a: b\n- c\n",                  // a list entry where a key belongs
        "a: \"\\q\"\n",                 // an unknown escape
        "%YAML 2.0\n---\na: 1\n",       // an incompatible YAML version
        "a: \"\\uZZZZ\"\n",             // a bad Unicode escape
        "a: [1, 2\nb: 3\n",             // an unclosed flow sequence
        "a:\n\t- 1\n",                  // a tab in the indentation
        "a: 'x\n",                      // an unclosed quote
    ]
    static let englishWords = ["found", "expected", "while", "allowed", "invalid", "character", "scanning", "parsing"]

    @Test("a broken plan file is described in Swedish, and in English with --lang en", arguments: brokenDocuments)
    func planFile(text: String) throws {
        let swedish = try #require(try TestSupport.findings(["plan.yaml": text]).first { $0.rule == "DOK001" })
        #expect(!Self.englishWords.contains { swedish.message.contains($0) }, "\(swedish.message)")
        let english = try #require(try TestSupport.findings(["plan.yaml": text], language: .en).first { $0.rule == "DOK001" })
        #expect(english.message != swedish.message)
    }

    @Test func aBrokenConfigurationIsDescribedInSwedish() throws {
        let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans\nregler: {}\n", "plans/a.yaml": "typ: rapport\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", "plans"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("styrlint.yml:"))
        #expect(!Self.englishWords.contains { run.stderr.contains($0) }, "\(run.stderr)")
        let english = try TestSupport.run(["check", "plans", "--lang", "en"], in: root)
        #expect(english.stderr.contains("did not find expected"))
    }

    @Test func aMissingFileIsDescribedInSwedish() throws {
        let run = try TestSupport.run(["check", "finns-inte.yaml"])
        #expect(run.status == 2)
        #expect(!run.stderr.contains("No such file"), "\(run.stderr)")
    }
}

/// Errors in the files that steer a run say where and what.
@Suite struct SteeringFileErrorTests {
    @Test func anUnknownRuleInAProfileIsPointedAtInItsFile() throws {
        let root = try TestSupport.repository([
            "styrlint.yml": "sökvägar: [plans]\nprofiler:\n  snabb:\n    välj: [DOK, NOPE1]\n",
            "plans/a.yaml": "typ: rapport\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", "--profil", "snabb"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("styrlint.yml:4:17: profiler.snabb.välj: 'NOPE1'"), "\(run.stderr)")
        let commandLine = try TestSupport.run(["check", "--select", "NOPE2"], in: root)
        #expect(commandLine.stderr.contains("urval (--select, --extend-select, --ignore): 'NOPE2'"), "\(commandLine.stderr)")
    }

    @Test("a broken baseline says what is wrong", arguments: [
        ("{\"findings\": []}", "nyckeln version saknas"),
        ("{\"version\": 1, \"findings\": [{\"fingerprint\": \"x\"}]}", "nyckeln findings[0].rule saknas"),
        ("{\"version\": 1, \"findings\": 3}", "findings ska vara en lista eller ett objekt"),
        ("{\"version\": 1, \"findings\": [", "inte giltig JSON"),
    ])
    func baseline(text: String, reason: String) throws {
        let root = try TestSupport.repository(["baslinje.json": text])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", TestSupport.packageRoot + "/plans", "--baseline", "baslinje.json"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("ogiltig baslinje (\(reason))"), "\(run.stderr)")
    }
}

/// `--show-source` marks the span under the line as it is shown, escapes included.
@Suite struct SourceMarkerTests {
    @Test func theMarkerSitsUnderTheEscapedSpan() throws {
        let root = try TestSupport.repository([
            "styrlint.yml": "sökvägar: [plans]\n",
            "plans/kf.yaml": try String(contentsOfFile: TestSupport.packageRoot + "/plans/kf-2025.yaml", encoding: .utf8),
            "plans/bun.yaml": TestSupport.boardPlanHeader
                + "  - id: BUN1\n    text: Minst 90 procent av eleverna ska vara behöriga.\n    bidrar_till: [\u{202E}KF9]\n    ansvarig: chef\n    klart: 2027\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check", "plans", "--per", "2025-03-01", "--show-source", "--select", "RT003"], in: root)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let source = try #require(lines.firstIndex { $0.contains("bidrar_till: [") }, "\(run.stdout)")
        let shown = lines[source], marker = lines[source + 1]
        // The marker starts under the value's first shown character and covers it whole.
        let valueStart = try #require(shown.range(of: "[")).upperBound
        let start = try #require(marker.firstIndex(of: "^"))
        #expect(marker.distance(from: marker.startIndex, to: start) == shown.distance(from: shown.startIndex, to: valueStart))
        #expect(marker.filter { $0 == "^" }.count == shown[valueStart...].prefix { $0 != "]" }.count)
    }
}
