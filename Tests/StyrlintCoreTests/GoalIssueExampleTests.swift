import Testing
@testable import StyrlintCore

/// Every goal text the goal-language issue names, through the real rules: the finding
/// it should give, or none.
@Suite struct GoalIssueExampleTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var text: String
        var indicator: String = "      - {id: G1.1, namn: Andel som når målet, enhet: procent, utgångsvärde: {värde: 70, år: 2023}}\n"
        var fires: [String] = []
        var silent: [String] = []
        var testDescription: String { text }
    }

    static func withTarget(_ name: String, _ value: String, _ unit: String) -> String {
        "      - {id: G1.1, namn: \(name), enhet: \(unit), utgångsvärde: {värde: 70, år: 2023}, målvärde: {värde: \(value), år: 2027, riktning: minst}}\n"
    }

    static let examples: [Example] = [
        Example(text: "Standarden på gång- och cykelvägarna höjs.", fires: ["SM001"]),
        Example(text: "Antalet hushåll med försörjningsstöd minskar.", fires: ["SM001"]),
        Example(text: "Alla nyanställda ska ha en individuell utvecklingsplan.", fires: ["MV010"], silent: ["SM001"]),
        Example(text: "Barnen ska känna sig säkra i trafiken.", silent: ["SM001"]),
        Example(text: "Mål 2: Tryggheten i centrum ska öka.", fires: ["SM001"]),
        Example(text: "Tryggheten ska förbättras till 2026.", fires: ["SM001"]),
        Example(text: "Sjukfrånvaron ska minska med fem procent.", silent: ["SM001"]),
        Example(text: "Barnen i årskurs 3 ska läsa med god förståelse.", indicator: withTarget("Andel elever i åk 3 med god läsförståelse", "90", "procent"), silent: ["MV008"]),
        Example(text: "Ansökningarna ska vara handlagda senast den 30 april.", indicator: withTarget("Andel ansökningar handlagda i tid", "95", "procent"), silent: ["MV008"]),
        Example(text: "Mål 2: Tryggheten i centrum ska öka.", indicator: withTarget("Andel trygga i centrum", "80", "procent"), silent: ["MV008", "SM001"]),
        Example(text: "Minst 2 050 deltagare ska delta i simskolan.", indicator: withTarget("Antal deltagare i simskolan", "2500", "antal"), fires: ["MV008"]),
        Example(text: "Högst fem procent av fakturorna ska betalas för sent.", indicator: withTarget("Andel sena betalningar", "8", "procent"), fires: ["MV008"]),
        Example(text: "Minst 80 procent av samtliga medarbetare ska ha haft medarbetarsamtal.", silent: ["MV010"]),
        Example(text: "Eleverna ska erbjudas frukost varje vardag.", fires: ["MV010"]),
        Example(text: "Minst 90 procent av de åtgärder som tas fram ska vara genomförda inom ett år.", silent: ["SM008"]),
        Example(text: "Nämnden ska arbeta för ett minskat matsvinn.", fires: ["SM008"]),
        Example(text: "Förbättra elevernas läsförmåga.", indicator: withTarget("Andel elever med god läsförmåga", "85", "procent"), silent: ["SM001"]),
    ]

    static func plan(_ example: Example) -> String {
        TestSupport.boardPlanHeader + """
          - id: G1
            text: "\(example.text)"
            ansvarig: chef
            klart: 2027
            indikatorer:
        \(example.indicator)
        """
    }

    @Test("goal texts of the issue", arguments: examples)
    func example(_ example: Example) throws {
        let findings = try TestSupport.findings(["plans/bun.yaml": Self.plan(example)])
        let fired = Set(findings.map(\.rule))
        for rule in example.fires { #expect(fired.contains(rule), "\(rule) should fire on \"\(example.text)\"") }
        for rule in example.silent { #expect(!fired.contains(rule), "\(rule) should not fire on \"\(example.text)\"") }
    }

    @Test func indicatorNames() throws {
        func mv006(_ name: String) throws -> Bool {
            let plan = TestSupport.boardPlanHeader + """
              - id: G1
                text: "Minst 80 procent ska vara nöjda."
                ansvarig: chef
                klart: 2027
                indikatorer:
                  - {id: G1.1, namn: "\(name)", enhet: procent, utgångsvärde: {värde: 70, år: 2023}, målvärde: {värde: 80, år: 2027, riktning: minst}}

            """
            return try TestSupport.findings(["plans/bun.yaml": plan]).contains { $0.rule == "MV006" }
        }
        #expect(try mv006("Vårdnadshavarnas nöjdhet"))
        #expect(try mv006("Patienternas upplevelse av bemötandet"))
        #expect(try !mv006("Kommunens skuld per invånare"))
        #expect(try !mv006("Antal digitala tjänster som invånarna kan använda"))
    }

    @Test func messagesQuoteTheDecidingWordsAndNumbers() throws {
        let vague = try TestSupport.findings(["plans/bun.yaml": Self.plan(Example(text: "Tryggheten ska förbättras till 2026."))])
        #expect(vague.first { $0.rule == "SM001" }?.message.contains("(\"förbättras\")") == true)
        let numbers = try TestSupport.findings(["plans/bun.yaml": Self.plan(Example(text: "Minst 2 050 deltagare ska delta.",
                                                                                      indicator: Self.withTarget("Antal deltagare", "2500", "antal")))])
        let message = numbers.first { $0.rule == "MV008" }?.message ?? ""
        #expect(message.contains("2 050 deltagare") && message.contains("2 500"))
    }

    @Test func swedishAndEnglishNumbers() {
        #expect(NumberText.format(56097, .sv) == "56 097")
        #expect(NumberText.format(3.5, .sv) == "3,5")
        #expect(NumberText.format(56097, .en) == "56,097")
        #expect(NumberText.format(3.5, .en) == "3.5")
        #expect(NumberText.format(-2100, .sv) == "-2 100")
        #expect(NumberText.format(850, .sv) == "850")
        #expect(NumberText.list(["85", "90", "95"], .sv) == "85, 90 och 95")
    }
}
