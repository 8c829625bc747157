import Foundation
import Testing
@testable import StyrlintCore

/// Calendar findings where they belong: adopted plans, passed deadlines, one finding per
/// plan, and not in a check of a named file unless asked for.
@Suite struct CalendarTests {
    static let plan = """
    typ: verksamhetsplan
    id: bun-vp-2025
    organ: bun
    nivå: nämnd
    status: beslutad
    beslut: {datum: 2024-11-20, organ: bun}
    överordnad: kf-vp-2025
    period: {från: 2025, till: 2025}
    mål: []

    """

    @Test func missingReportsAreOneFindingPerPlan() throws {
        let findings = try TestSupport.findings(["plans/bun.yaml": Self.plan]).filter { $0.rule == "RP002" }
        #expect(findings.count == 1)
        let message = try #require(findings.first?.message)
        #expect(message.contains("bun saknar 11 rapporter"))
        #expect(message.contains("månadsrapport 2025-02") && message.contains(" och årsbokslut 2025"))
    }

    @Test func aDraftDemandsNoReportsYet() throws {
        let draft = Self.plan.replacingOccurrences(of: "status: beslutad", with: "status: förslag")
        let findings = try TestSupport.findings(["plans/bun.yaml": draft])
        #expect(!findings.contains { $0.rule == "RP002" || $0.rule == "IK008" })
    }

    @Test func anUnadoptedInternalControlPlanBeforeItsDeadlineIsNoFinding() throws {
        let ik = """
        typ: internkontrollplan
        id: bun-ik-2027
        organ: bun
        år: 2027
        status: förslag
        riskanalys: {datum: 2026-09-01, skala: 4}
        risker: []

        """
        let october = try TestSupport.findings(["plans/ik.yaml": ik], per: Day(year: 2026, month: 10, day: 15)!)
        #expect(!october.contains { $0.rule == "IK009" })
        let february = try TestSupport.findings(["plans/ik.yaml": ik], per: Day(year: 2027, month: 2, day: 15)!)
        #expect(february.contains { $0.rule == "IK009" })
    }

    @Test func aNamedFileGetsCalendarFindingsOnlyWhenAskedFor() throws {
        let named = try TestSupport.run(["check", "plans/kfn-2025.yaml", "--per", "2026-02-15"])
        #expect(!named.stdout.contains("[RP002]"))
        let asked = try TestSupport.run(["check", "plans/kfn-2025.yaml", "--per", "2026-02-15", "--calendar"])
        #expect(asked.stdout.contains("fel[RP002]"))
        let folder = try TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15"])
        #expect(folder.stdout.contains("fel[RP002]"))
    }
}
