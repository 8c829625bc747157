import Foundation
import StyrlintAudit
import StyrlintCore
import Testing

/// The auditor's examination file and the granskningsrapport built around it.
@Suite struct ExaminationTests {
    static let minimal = """
    titel: Intern kontroll 2025
    ansvarig_revisor: Karin Ek
    datum: 2026-03-10
    syfte: Att bedöma den interna kontrollen.
    revisionsfrågor:
      - {id: F1, fråga: Finns tillräcklig intern kontroll?, regler: [IK], bedömning: Delvis.}

    """

    static func parse(_ text: String) throws -> Examination {
        try Examination.parse(Array(text.utf8), displayPath: "granskning.yml")
    }

    static func report(_ examination: Examination?) throws -> String {
        var request = CheckRequest(paths: ["plans", "reports"], checkDate: Day(iso: "2026-02-15")!)
        request.currentDirectory = TestSupport.packageRoot
        request.keepRepositories = true
        let result = try Checker.run(request)
        return HTMLReport(model: AuditModel(result: result), language: .sv, examination: examination).render()
    }

    @Test(arguments: [
        ("titel: A\nansvarig_revisor: B\ndatum: 2026-03-10\nsyfte: C\nrevisionsfrågor: [{id: F1, fråga: D}]\nrekomendationer: []\n",
         "granskning.yml:6:1: okänd nyckel 'rekomendationer'. Menade du 'rekommendationer'?"),
        ("titel: A\nansvarig_revisor: B\ndatum: 10 mars\nsyfte: C\nrevisionsfrågor: [{id: F1, fråga: D}]\n",
         "granskning.yml:3:8: datum ska skrivas ÅÅÅÅ-MM-DD"),
        ("titel: A\nansvarig_revisor: B\ndatum: 2026-03-10\nrevisionsfrågor: [{id: F1, fråga: D}]\n",
         "granskning.yml:1:1: syfte saknas"),
        (minimal + "iakttagelser:\n  - {dokument: tn-ik-2025}\n",
         "granskning.yml:8:5: iakttagelsen saknar både bedömning och rekommendation"),
        (minimal + "iakttagelser:\n  - {bedömning: Allvarligt.}\n",
         "granskning.yml:8:5: en iakttagelse gäller ett fynd"),
    ])
    func mistakesAreNamedWithTheirPlace(text: String, message: String) {
        let error = #expect(throws: StyrlintError.self) { try Self.parse(text) }
        #expect(error?.swedish.hasPrefix(message) == true, "\(error?.swedish ?? "")")
    }

    @Test func withoutTheFileTheReportIsAnUnderlag() throws {
        let html = try Self.report(nil)
        #expect(html.contains("Granskningsunderlag per 2026-02-15"))
        #expect(!html.contains("Granskningsrapport"))
    }

    @Test func theReportHasTheStructureOfAGranskningsrapport() throws {
        let examination = try Examination.load(TestSupport.packageRoot + "/granskning.yml", displayPath: "granskning.yml")
        let html = try Self.report(examination)
        #expect(html.contains("<title>Granskningsrapport: Målstyrning och intern kontroll 2025</title>"))
        let sections = ["sammanfattning-granskning", "inledning", "iakttagelser", "bedomning", "rekommendationer", "svar", "bilagor",
                        "sammanfattning", "roda-traden", "intern-kontroll", "arshjul", "fynd", "underlag"]
        let positions = sections.map { html.range(of: "id=\"\($0)\"")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(zip(sections, positions).filter { $0.1 == nil }.map(\.0))")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "sections in the order of a granskningsrapport")
        #expect(html.contains("Ansvarig revisor: Karin Ek, certifierad kommunal revisor"))
        // Printed pages are numbered in the report's language (checked on the PDF in CI).
        #expect(html.contains("@bottom-right { content: \"Sida \" counter(page) \" av \" counter(pages)"))
        // Stale judgements: none in the example, every key matches a finding.
        #expect(!html.contains("id=\"inaktuella\""))
    }

    @Test func aJudgementStandsUnderTheFindingItIsKeyedTo() throws {
        let examination = try Self.parse(Self.minimal + """
        iakttagelser:
          - dokument: tn-ik-2025
            element: TN25-R4
            regel: IK004
            bedömning: Risken för fel specialkost saknar kontroll.
            rekommendation: Inför ett kontrollmoment.
          - fynd: 0000000000000000
            bedömning: Ett fynd som inte finns längre.

        """)
        let html = try Self.report(examination)
        let finding = try #require(html.range(of: "risken TN25-R4 har riskvärde 12"))
        let judgement = try #require(html.range(of: "Risken för fel specialkost saknar kontroll."))
        #expect(finding.upperBound < judgement.lowerBound)
        #expect(html[finding.upperBound..<judgement.lowerBound].contains("</td>") == false, "the judgement is in the finding's cell")
        // The key that matches nothing is shown, with its line, not dropped.
        #expect(html.contains("id=\"inaktuella\""))
        #expect(html.contains("granskning.yml:13"))
        #expect(html.contains("Inför ett kontrollmoment."))
    }

    @Test func aQuestionCollectsTheFindingsOfItsRules() throws {
        let examination = try Self.parse(Self.minimal)
        let question = try #require(examination.questions.first)
        func finding(_ rule: String) throws -> Finding {
            let json = """
            {"rule": "\(rule)", "name": "n", "severity": "fel", "file": "a.yaml", "line": 1, "column": 1, "endLine": 1, "endColumn": 1,
             "message": "m", "subject": "s", "fingerprint": "f"}
            """
            return try JSONDecoder().decode(Finding.self, from: Data(json.utf8))
        }
        let ik = try finding("IK004"), ikr = try finding("IKR1"), rt = try finding("RT003")
        #expect(examination.answers(question, ik))
        #expect(!examination.answers(question, ikr))
        #expect(!examination.answers(question, rt))
    }

    @Test func aMistypedRuleInAQuestionIsAnError() throws {
        let examination = try Self.parse(Self.minimal.replacingOccurrences(of: "regler: [IK]", with: "regler: [IK, RTT]"))
        let error = #expect(throws: StyrlintError.self) { try examination.validate(rules: TestSupport.builtinRules) }
        #expect(error?.swedish.hasPrefix("granskning.yml:6:") == true)
        #expect(error?.swedish.contains("'RTT' är varken en regel") == true)
        #expect(error?.swedish.contains("Menade du 'RT'?") == true)
        #expect(throws: Never.self) { try Self.parse(Self.minimal).validate(rules: TestSupport.builtinRules) }
    }

    @Test func schemaFileIsCurrentAndKnowsTheReadersKeys() throws {
        let onDisk = try String(contentsOfFile: TestSupport.packageRoot + "/schema/granskning.schema.json", encoding: .utf8)
        #expect(onDisk == Examination.jsonSchema(), "schema/granskning.schema.json is stale: run `swift run styrlint schema --granskning > schema/granskning.schema.json`")
        let schema = try JSONSerialization.jsonObject(with: Data(onDisk.utf8)) as? [String: Any]
        #expect(((schema?["properties"] as? [String: Any])?.keys).map { Set($0) } == Set(Examination.keys))
    }
}
