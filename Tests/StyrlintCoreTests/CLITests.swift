import Foundation
import Testing
@testable import StyrlintCore

/// End-to-end: the `styrlint` binary on throwaway repositories.
@Suite struct CLITests {
    static let council = """
    typ: verksamhetsplan
    id: kf-vp-2025
    organ: kf
    nivå: fullmäktige
    period: {från: 2025, till: 2027}
    status: beslutad
    beslut: {datum: 2024-11-25, organ: kf, paragraf: "§ 101"}
    vision: Lillåsa – en trygg kommun att växa i.
    organisation:
      - {id: kf, namn: Kommunfullmäktige, typ: fullmäktige}
      - {id: bun, namn: Barn- och utbildningsnämnden, typ: nämnd}
    målområden:
      - {id: MO1, namn: Lärande, samordning: [bun]}
    ramar: {bun: 312500}
    mål:
      - id: KF1
        text: Alla barn och elever ska ges förutsättningar att nå sin fulla potential.
        bidrar_till: [MO1]
        perspektiv: verksamhet
        indikatorer:
          - {id: KF1.1, namn: Andel elever i åk 9 behöriga till gymnasiet, kolada: N15436, enhet: procent,
             utgångsvärde: {värde: 82, år: 2023}, målvärde: {värde: 88, år: 2027, riktning: minst}}
      - id: KF2
        text: Kommunens ekonomi ska planeras långsiktigt och vara i balans.
        bidrar_till: [MO1]
        perspektiv: ekonomi
        indikatorer:
          - {id: KF2.1, namn: Resultat i procent av skatter och statsbidrag, enhet: procent,
             utgångsvärde: {värde: 1.2, år: 2023}, målvärde: {värde: 2, år: 2027, riktning: minst}}

    """

    static func board(_ contributes: String = "KF1") -> String {
        TestSupport.boardPlanHeader + """
          - id: BUN1
            text: Minst 88 % av eleverna i årskurs 9 ska vara behöriga till gymnasiet.
            bidrar_till: [\(contributes)]
            ansvarig: Förvaltningschef
            indikatorer:
              - {id: BUN1.1, namn: Andel behöriga, enhet: procent, målvärde: {värde: 88, år: 2027, riktning: minst}}

        """
    }

    func repository(board: String = CLITests.board()) throws -> String {
        try TestSupport.repository([
            "styrlint.yml": "sökvägar: [plans]\n",
            "plans/kf.yaml": Self.council,
            "plans/bun.yaml": board,
        ])
    }

    @Test func aFileCheckedAloneResolvesAgainstTheRepository() throws {
        let root = try repository(board: Self.board("KF9"))
        let run = try TestSupport.run(["check", "plans/bun.yaml", "--format", "json", "--per", "2026-02-15"], in: root)
        #expect(run.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let findings = json["findings"] as! [[String: Any]]
        #expect(findings.allSatisfy { $0["file"] as? String == "plans/bun.yaml" })
        let rt003 = try #require(findings.first { $0["rule"] as? String == "RT003" })
        #expect(rt003["line"] as? Int == 10)
        #expect(rt003["severity"] as? String == "fel")
        #expect((rt003["message"] as? String)?.contains("KF9") == true)
        #expect(!findings.contains { $0["rule"] as? String == "RT001" })
        let summary = json["summary"] as! [String: Any]
        #expect(summary["documents"] as? Int == 1)
    }

    @Test func textOutputIsCompilerStyleAndSorted() throws {
        let root = try repository(board: Self.board("KF9"))
        let run = try TestSupport.run(["check", "--per", "2026-02-15"], in: root)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("plans/bun.yaml:10:") && $0.contains("fel[RT003]") })
        #expect(lines.last?.contains("dokument kontrollerade") == true)
        let english = try TestSupport.run(["check", "--per", "2026-02-15", "--lang", "en"], in: root)
        #expect(english.stdout.contains("error[RT003]"))
        #expect(english.stdout.contains("documents checked"))
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test func exitCodesFollowFailOn() throws {
        // The fullmäktige plan alone gives warnings and info, no errors.
        let root = try repository()
        let clean = try TestSupport.run(["check", "plans/kf.yaml", "--per", "2026-02-15", "--fail-on", "fel"], in: root)
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.stdout.contains("varning[RT005]"))
        let strict = try TestSupport.run(["check", "plans/kf.yaml", "--per", "2026-02-15", "--fail-on", "varning"], in: root)
        #expect(strict.status == 1)
        let byRule = try TestSupport.run(["check", "plans/kf.yaml", "--per", "2026-02-15", "--fail-on-rule", "MV010"], in: root)
        #expect(byRule.status == 1)
        let unknown = try TestSupport.run(["check", "plans/kf.yaml", "--per", "2026-02-15", "--fail-on-rule", "MV01"], in: root)
        #expect(unknown.status == 2)
        let off = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\nregler: {MV010: av}\n", "plans/kf.yaml": Self.council])
        let offRun = try TestSupport.run(["check", "--per", "2026-02-15", "--fail-on-rule", "MV010"], in: off)
        #expect(offRun.status == 2)
        #expect(offRun.stderr.contains("avstängd"))
        // Refused at the end of the run: no report is written before the refusal.
        #expect(offRun.stdout.isEmpty)
    }

    @Test func usageAndIOErrorsExitWithTwo() throws {
        let root = try repository()
        let missing = try TestSupport.run(["check", "plans/finns-inte.yaml"], in: root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("finns-inte.yaml"))
        let badDate = try TestSupport.run(["check", "--per", "2026-02-30"], in: root)
        #expect(badDate.status == 2)
        let badOption = try TestSupport.run(["check", "--format", "xml"], in: root)
        #expect(badOption.status == 2)
    }

    @Test func configErrorsNameTheKeyAndSuggest() throws {
        let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\nregler:\n  SM01: av\n", "plans/kf.yaml": Self.council])
        let run = try TestSupport.run(["check"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("SM01"))
        #expect(run.stderr.contains("SM001"))
        let missingPath = try TestSupport.repository(["styrlint.yml": "sökvägar: [plan]\n", "plans/kf.yaml": Self.council])
        let missingRun = try TestSupport.run(["check"], in: missingPath)
        #expect(missingRun.status == 2)
        #expect(missingRun.stderr.contains("'plan' finns inte"))
        let typo = try TestSupport.repository(["styrlint.yml": "sökväg: [plans]\n"])
        let typoRun = try TestSupport.run(["check"], in: typo)
        #expect(typoRun.status == 2)
        #expect(typoRun.stderr.contains("styrlint.yml:1:1"))
        #expect(typoRun.stderr.contains("sökvägar"))
    }

    @Test func theDoneWhenCasesGiveTheRightFinding() throws {
        let cases: [(String, String, Int, Int)] = [
            ("typ: verksamhetsplan\nid: a\n  organ: bun\n", "DOK001", 3, 8),
            ("typ: verksamhetsplan\nid: a\nid: b\n", "DOK002", 3, 1),
            (Self.board().replacingOccurrences(of: "värde: 88, år", with: "värde: \"84,2\", år"), "DOK005", 13, 78),
            (Self.board().replacingOccurrences(of: "ansvarig:", with: "ansvarg:"), "DOK006", 11, 5),
        ]
        for (text, rule, line, column) in cases {
            let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [plans]\n", "plans/kf.yaml": Self.council, "plans/x.yaml": text])
            let run = try TestSupport.run(["check", "plans/x.yaml", "--per", "2026-02-15"], in: root)
            #expect(run.status == 1, "\(rule): \(run.stdout)")
            #expect(run.stdout.contains("plans/x.yaml:\(line):\(column): fel[\(rule)]") || run.stdout.contains("plans/x.yaml:\(line):\(column): varning[\(rule)]"),
                    "\(rule) not at \(line):\(column): \(run.stdout)")
        }
    }

    @Test func outputIsByteIdenticalAcrossRunsAndThreads() throws {
        let root = try repository(board: Self.board("KF9"))
        let one = try TestSupport.run(["check", "--format", "json", "--per", "2026-02-15", "--jobs", "1"], in: root)
        let two = try TestSupport.run(["check", "--format", "json", "--per", "2026-02-15", "--jobs", "2"], in: root,
                                      environment: ["TZ": "Pacific/Auckland", "LANG": "C"])
        #expect(one.stdout == two.stdout)
        #expect(!one.stdout.isEmpty)
    }

    /// One repository checked on several threads: the elements are shared out in slices,
    /// and the report is the one thread's, byte for byte.
    @Test func theExampleGivesTheSameReportOnOneThreadAndOnSeveral() throws {
        let arguments = ["check", "plans", "reports", "--format", "json", "--per", "2026-06-01"]
        let one = try TestSupport.run(arguments + ["--jobs", "1"], in: TestSupport.packageRoot)
        let three = try TestSupport.run(arguments + ["--jobs", "3"], in: TestSupport.packageRoot)
        #expect(one.stdout.count > 10_000)
        #expect(one.stdout == three.stdout)
    }

    @Test func reportFileIsWrittenAndInputsAreNotTouched() throws {
        let root = try repository(board: Self.board("KF9"))
        let before = try String(contentsOfFile: root + "/plans/bun.yaml", encoding: .utf8)
        let run = try TestSupport.run(["check", "--format", "json", "--output", "ut.json", "--per", "2026-02-15"], in: root)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let written = try String(contentsOfFile: root + "/ut.json", encoding: .utf8)
        #expect(written.contains("\"RT003\""))
        #expect(try String(contentsOfFile: root + "/plans/bun.yaml", encoding: .utf8) == before)
    }

    @Test func rulesAndExplainDescribeThePack() throws {
        let list = try TestSupport.run(["rules"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("SM001"))
        #expect(list.stdout.split(separator: "\n").count == TestSupport.builtinRules.count)
        let explain = try TestSupport.run(["explain", "SM001", "--lang", "en"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("SM001"))
        #expect(explain.stdout.contains("Why:"))
        let unknown = try TestSupport.run(["explain", "XX999"])
        #expect(unknown.status == 2)
        // Examples are files a user can copy: several are named by a comment, never joined
        // by `---`, which the format refuses; no line ends in stray spaces.
        for rule in TestSupport.builtinRules {
            for text in [RuleCatalog.explain(rule, language: .sv), RuleCatalog.helpMarkdown(rule, language: .en)] {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces) == "---" }, "\(rule.id)")
                #expect(!lines.contains { $0.hasSuffix(" ") }, "\(rule.id)")
            }
        }
        let multiFile = RuleCatalog.explain(try #require(TestSupport.builtinRules.first { $0.id == "RT003" }), language: .sv)
        #expect(multiFile.contains("\n    # plans/kf-vp-2026.yaml\n    typ: verksamhetsplan\n"))
    }

    @Test func userRulesExtendThePack() throws {
        let rule = """
        id: EGEN001
        name: goal-needs-anchoring
        severity: info
        title: {sv: Målet saknar förankring, en: The goal records no anchoring}
        description: {sv: Varje nämndmål ska beskriva sin förankring., en: Every goal should say how it was anchored.}
        rationale: {sv: "§ 4.2: planen ska arbetas fram med medarbetarna.", en: "§ 4.2: the plan is made with the staff."}
        given: mål
        where: {nivå: [nämnd]}
        then: {function: required, options: {fields: [förankring]}}
        message: {sv: "Mål {id} saknar förankring.", en: "Goal {id} records no förankring."}
        examples:
          triggering:
            - |
              typ: verksamhetsplan
              id: a
              organ: bun
              nivå: nämnd
              period: {från: 2025, till: 2027}
              mål: [{id: A1, text: x}]
          non_triggering:
            - |
              typ: verksamhetsplan
              id: a
              organ: bun
              nivå: nämnd
              period: {från: 2025, till: 2027}
              mål: [{id: A1, text: x, förankring: Dialog på APT}]
        """
        let root = try TestSupport.repository(["egna/EGEN001.yaml": rule, "styrlint.yml": "sökvägar: [plans]\n",
                                               "plans/kf.yaml": Self.council, "plans/bun.yaml": Self.board()])
        let run = try TestSupport.run(["check", "--rules", "egna", "--per", "2026-02-15"], in: root)
        #expect(run.stdout.contains("info[EGEN001] Mål BUN1 saknar förankring."))
        let verify = try TestSupport.run(["verify-rules", "--rules", "egna"], in: root)
        #expect(verify.status == 0, "\(verify.stdout)")
        let broken = try TestSupport.repository(["egna/EGEN002.yaml": rule.replacingOccurrences(of: "EGEN001", with: "EGEN002")
            .replacingOccurrences(of: "function: required", with: "function: requierd")])
        let brokenRun = try TestSupport.run(["rules", "--rules", "egna"], in: broken)
        #expect(brokenRun.status == 2)
        #expect(brokenRun.stderr.contains("egna/EGEN002.yaml:"))
        #expect(brokenRun.stderr.contains("required"))
        let misspelt = try TestSupport.repository(["egna/EGEN003.yaml": rule.replacingOccurrences(of: "EGEN001", with: "EGEN003")
            .replacingOccurrences(of: "fields: [förankring]", with: "fields: [forankring]")])
        let misspeltRun = try TestSupport.run(["rules", "--rules", "egna"], in: misspelt)
        #expect(misspeltRun.status == 2)
        #expect(misspeltRun.stderr.contains("'forankring' är ingen nyckel i mål (menade du 'förankring'?)"))
        let english = try TestSupport.run(["rules", "--rules", "egna", "--lang", "en"], in: misspelt)
        #expect(english.stderr.contains("'forankring' is not a key of mål (did you mean 'förankring'?)"))
        #expect(misspeltRun.stderr.contains("förankring"))
    }
}
