import Foundation
import Testing
@testable import StyrlintCore

/// Every rule's triggering examples, rendered in both languages, read as a user reads
/// them: no placeholder left unfilled, no doubled brackets, Swedish numbers in Swedish.
@Suite struct MessageQualityTests {
    static func messages(_ language: Language) throws -> [(rule: String, message: String)] {
        var all: [(String, String)] = []
        for rule in TestSupport.builtinRules {
            for example in rule.triggering {
                let findings = try InMemoryCheck.run(files: example.files, configText: example.config, rules: TestSupport.builtinRules,
                                                     checkDate: InMemoryCheck.exampleDate, language: language)
                all += findings.map { ($0.rule, $0.message) }
            }
        }
        return all
    }

    @Test("messages read well", arguments: [Language.sv, .en])
    func messagesReadWell(language: Language) throws {
        let all = try Self.messages(language)
        #expect(all.count > 100)
        for (rule, message) in all {
            #expect(message.range(of: "\\{[A-Za-z]+\\}", options: .regularExpression) == nil, "\(rule): a placeholder left unfilled: \(message)")
            #expect(!message.contains(") ("), "\(rule): doubled brackets: \(message)")
            if language == .sv {
                // A prose number with a unit, written the English way.
                #expect(message.range(of: "(?<![A-Za-z0-9])[0-9]+\\.[0-9]+ ?(%|tkr|kr|procent)", options: .regularExpression) == nil,
                        "\(rule): an English-style decimal in a Swedish message: \(message)")
                #expect(message.range(of: "(?<![0-9 ])[0-9]{5,} ?(tkr|kr)", options: .regularExpression) == nil,
                        "\(rule): thousands without a space in a Swedish message: \(message)")
            }
        }
    }
}

@Suite struct NumberRepairTests {
    @Test func pastedNumbersGetTheFormToWrite() throws {
        #expect(SchemaValidator.repairedNumber("84 500") == "84500")
        #expect(SchemaValidator.repairedNumber("84\u{00A0}500") == "84500")
        #expect(SchemaValidator.repairedNumber("\u{2212}2100") == "-2100")
        #expect(SchemaValidator.repairedNumber("12,5") == "12.5")
        #expect(SchemaValidator.repairedNumber("ungefär tio") == nil)
        let plan = TestSupport.boardPlanHeader.replacingOccurrences(of: "mål:\n", with: "budget: {ram: 84 500}\nmål:\n") + "  - id: B1\n    text: Minst 90 procent ska vara nöjda.\n    ansvarig: chef\n    klart: 2027\n"
        let findings = try TestSupport.findings(["plans/bun.yaml": plan])
        #expect(findings.contains { $0.rule == "DOK005" && $0.message.contains("Skriv 84500.") })
        #expect(SchemaValidator.shorten("Årets resultat som andel av skatt och generellt statsbidrag enligt Kolada", limit: 50)
                == "Årets resultat som andel av skatt och generellt…")
    }
}

@Suite struct RedThreadWordingTests {
    static let council = """
    typ: verksamhetsplan
    id: kf-vp-2026
    organ: kf
    nivå: fullmäktige
    period: {från: 2026, till: 2028}
    organisation:
      - {id: kf, namn: Kommunfullmäktige, typ: fullmäktige}
      - {id: bun, namn: Barn- och utbildningsnämnden, typ: nämnd}
    målområden:
      - {id: MO1, namn: Lärande och uppväxt, samordning: [bun]}
      - {id: MO2, namn: Trygghet}
    mål:
      - {id: KF1, text: Barn och elever i Lillåsa når goda kunskapsresultat., bidrar_till: [MO1]}
      - {id: KF2, text: Barn och unga i Lillåsa känner sig trygga i skolan., bidrar_till: [MO1]}

    """

    static func board(_ link: String) -> String {
        """
        typ: verksamhetsplan
        id: bun-vp-2026
        organ: bun
        nivå: nämnd
        överordnad: kf-vp-2026
        period: {från: 2026, till: 2028}
        mål:
          - id: BUN1
            text: Minst 88 procent av eleverna i åk 9 är behöriga till yrkesprogram 2028.
            bidrar_till: [\(link)]

        """
    }

    @Test func aGoalNamingAFocusAreaIsToldWhichGoalsSitUnderIt() throws {
        for language in Language.allCases {
            let findings = try TestSupport.findings(["plans/kf.yaml": Self.council, "plans/bun.yaml": Self.board("MO1")], language: language)
            let finding = try #require(findings.first { $0.rule == "RT003" })
            #expect((finding.file, finding.line, finding.column) == ("plans/bun.yaml", 10, 19))
            #expect(finding.message == (language == .sv
                ? "målet BUN1: bidrar_till \"MO1\" är ett målområde (Lärande och uppväxt) i kf-vp-2026, inte ett fullmäktigemål. Ett nämnd-, bolags- eller verksamhetsmål ska peka på ett mål i den överordnade planen; under MO1 finns KF1 och KF2. Skriv det mål som målet bidrar till."
                : "the goal BUN1: bidrar_till \"MO1\" is a målområde (Lärande och uppväxt) in kf-vp-2026, not a council goal. A nämnd, bolag or verksamhet goal must name a goal of the parent plan; under MO1 there are KF1 and KF2. Write the goal this one contributes to."))
        }
        let empty = try TestSupport.findings(["plans/kf.yaml": Self.council, "plans/bun.yaml": Self.board("MO2")])
        #expect(empty.first { $0.rule == "RT003" }?.message.contains("under MO2 finns inga mål ännu") == true)
        let missing = try TestSupport.findings(["plans/kf.yaml": Self.council, "plans/bun.yaml": Self.board("KF9")])
        #expect(missing.first { $0.rule == "RT003" }?.message.contains("\"KF9\" finns inte i kf-vp-2026") == true)
    }
}

@Suite struct SupersedingTests {
    static func goal(_ text: String) -> String {
        TestSupport.boardPlanHeader + """
          - id: BUN1
            text: \(text)
            perspektiv: verksamhet
            ansvarig: skolchef
            klart: 2027

        """
    }

    @Test func oneProblemOneFinding() throws {
        // Compound and vague: one finding, SM007's, which says both.
        let compound = try TestSupport.findings(["plans/bun.yaml": Self.goal("Förbättra elevernas läsförmåga och minska frånvaron.")])
        #expect(!compound.contains { $0.rule == "SM001" })
        let sm007 = try #require(compound.first { $0.rule == "SM007" })
        #expect(sm007.message.contains("och ingen nivå anges. Dela upp det i ett mål per resultat och skriv in den nivå"))
        // Vague alone: SM001 as before.
        let vague = try TestSupport.findings(["plans/bun.yaml": Self.goal("Förbättra elevernas läsförmåga.")])
        #expect(vague.contains { $0.rule == "SM001" } && !vague.contains { $0.rule == "SM007" })
        // Compound with a level: SM007 without the level advice, and no SM001.
        let measured = try TestSupport.findings(["plans/bun.yaml": Self.goal("Läsförmågan ska öka till 80 procent och frånvaron ska minska till 5 procent.")])
        #expect(measured.first { $0.rule == "SM007" }?.message.contains("ingen nivå") == false)
        #expect(!measured.contains { $0.rule == "SM001" })
    }

    @Test func anUnknownSupersedingRuleIsRefusedWithItsPosition() throws {
        var rules = TestSupport.builtinRules
        let index = try #require(rules.firstIndex { $0.id == "SM001" })
        let text = try String(contentsOfFile: TestSupport.packageRoot + "/rules/SM001.yaml", encoding: .utf8)
            .replacingOccurrences(of: "superseded_by: [SM007]", with: "superseded_by: [SM077]")
        rules[index] = try RuleLoader.parse(text: text, origin: "rules/SM001.yaml")
        #expect {
            _ = try Engine(rules: rules, config: Config(), language: .sv)
        } throws: { error in
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("superseded_by:") }! + 1
            return "\(error)".contains("rules/SM001.yaml:\(line):16: superseded_by: okänd regel 'SM077'")
        }
    }
}
