import Foundation
import Testing
@testable import StyrlintCore

/// --select, --extend-select, --ignore, profiles and inherited configuration.
@Suite struct SelectionTests {
    static func rules(_ run: TestSupport.Run) throws -> Set<String> {
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
        return Set((json["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
    }

    @Test func selectIgnoreAndExtend() throws {
        let all = try Self.rules(TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15", "--format", "json"]))
        let reports = try Self.rules(TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15", "--format", "json", "--select", "RP"]))
        #expect(!reports.isEmpty && reports.allSatisfy { $0.hasPrefix("RP") })
        #expect(reports == all.filter { $0.hasPrefix("RP") })
        let ignored = try Self.rules(TestSupport.run(["check", "plans", "reports", "--per", "2026-02-15", "--format", "json",
                                                      "--select", "RP,IK", "--ignore", "RP002", "--extend-select", "unknown-higher-goal"]))
        #expect(!ignored.contains("RP002") && ignored.contains("RT003") && ignored.contains("IK002") && !ignored.contains("SM007"))
        let unknown = try TestSupport.run(["check", "plans", "--per", "2026-02-15", "--select", "SM0O1"])
        #expect(unknown.status == 2)
    }

    @Test func profilesAndInheritance() throws {
        let shared = "regler:\n  SM007: {allvarlighet: fel}\nprofiler:\n  dokument: {ignorera: [RP, IK008, IK009]}\n"
        let local = "ärver: ../gemensam.yml\nsökvägar: [plans, reports]\nregler:\n  MV006: {allvarlighet: av}\n"
        let root = try TestSupport.repository(["gemensam.yml": shared, "kommun/styrlint.yml": local])
        defer { try? FileManager.default.removeItem(atPath: root) }
        for item in ["plans", "reports"] {
            try FileManager.default.copyItem(atPath: TestSupport.packageRoot + "/" + item, toPath: root + "/kommun/" + item)
        }
        let run = try TestSupport.run(["check", "--per", "2026-02-15", "--format", "json"], in: root + "/kommun")
        let findings = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]] ?? []
        // Inherited: SM007 raised to fel; local: MV006 off.
        #expect(findings.contains { $0["rule"] as? String == "SM007" && $0["severity"] as? String == "fel" })
        #expect(!findings.contains { $0["rule"] as? String == "MV006" })
        let profiled = try Self.rules(TestSupport.run(["check", "--per", "2026-02-15", "--format", "json", "--profil", "dokument"], in: root + "/kommun"))
        #expect(!profiled.contains("RP002") && !profiled.contains("RP004") && profiled.contains("RT003"))
        let missing = try TestSupport.run(["check", "--per", "2026-02-15", "--profil", "saknas"], in: root + "/kommun")
        #expect(missing.status == 2 && missing.stderr.contains("dokument"))
        // A cycle of inheritance is an error with a position, not a hang.
        try Data("ärver: kommun/styrlint.yml\n".utf8).write(to: URL(fileURLWithPath: root + "/gemensam.yml"))
        let cycle = try TestSupport.run(["check", "--per", "2026-02-15"], in: root + "/kommun", timeout: 30)
        #expect(cycle.status == 2 && cycle.stderr.contains("cirkeln"))
    }
}
