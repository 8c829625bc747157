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
