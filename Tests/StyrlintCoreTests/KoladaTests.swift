import Foundation
import StyrlintCore
import Testing

/// Kolada's KPI catalogue: the fixture holds real ids and titles in the API's shape
/// (Tests/Fixtures/kolada/README.md says where each came from).
@Suite struct KoladaTests {
    static let folder = TestSupport.packageRoot + "/Tests/Fixtures/kolada/"

    static func catalogue() throws -> KoladaCatalogue {
        try KoladaCatalogue.load(folder + "kpi-catalogue.json", displayPath: "kpi-catalogue.json")
    }

    @Test func theCatalogueReadsTheAPIsShape() throws {
        let catalogue = try Self.catalogue()
        #expect(catalogue.kpis.count == 38)
        let kpi = try #require(catalogue["N15428"])
        #expect(kpi.title == "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)")
        #expect(kpi.dividedBySex)
        #expect(catalogue["N15813"]?.dividedBySex == false)
        #expect(catalogue["N15429"] == nil)
    }

    @Test func searchRanksTitlesByTheWordsTheyShare() throws {
        let hits = try Self.catalogue().search("behöriga yrkesprogram").map(\.id)
        #expect(Array(hits.prefix(2)) == ["N15428", "N15436"])
        #expect(try Self.catalogue().search("N15613").first?.id == "N15613")
        #expect(try Self.catalogue().search("och i på").isEmpty)
    }

    @Test(arguments: [
        ("Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)", KoladaWords.Unit.percent),
        ("Soliditet kommun, (%)", .percent), ("Invånare totalt, antal", .count),
        ("Nettokostnad grundskola, kr/inv", .money),
    ])
    func theUnitIsReadFromTheEndOfTheTitle(title: String, unit: KoladaWords.Unit) {
        #expect(KoladaWords.unit(ofTitle: title) == unit)
    }

    @Test func aCountWordInsideTheTitleIsNotItsUnit() {
        #expect(KoladaWords.unit(ofTitle: "Väntetid i antal dagar från ansökningsdatum till första erbjudet inflyttningsdatum till särskilt boende, medelvärde") == nil)
    }

    /// The example municipality's plans against the real catalogue: every id exists and
    /// every name fits its title; two indicators are marked divided by sex where Kolada
    /// does not divide the KPI.
    @Test func theExamplePlansAgainstTheCatalogue() throws {
        let root = try TestSupport.repository([:])
        defer { try? FileManager.default.removeItem(atPath: root) }
        for item in ["plans", "reports", "styrlint.yml"] {
            try FileManager.default.copyItem(atPath: TestSupport.packageRoot + "/" + item, toPath: root + "/" + item)
        }
        try FileManager.default.copyItem(atPath: Self.folder + "kpi-catalogue.json", toPath: root + "/kolada-kpi.json")
        let config = try String(contentsOfFile: root + "/styrlint.yml", encoding: .utf8) + "kolada:\n  katalog: kolada-kpi.json\n"
        try config.write(toFile: root + "/styrlint.yml", atomically: true, encoding: .utf8)
        var request = CheckRequest(paths: [], checkDate: Day(iso: "2026-02-15")!)
        request.currentDirectory = root
        request.selection = RuleSelection(select: ["MV011", "MV012", "MV013", "MV014"])
        let findings = try Checker.run(request).findings
        #expect(findings.map { "\($0.file):\($0.line):\($0.column) \($0.rule) \($0.variant ?? "-")" } == [
            "plans/bun-2025.yaml:126:23 MV013 sexExtra",
            "plans/kf-2025.yaml:132:23 MV013 sexExtra",
        ])
        #expect(findings.first?.message.contains("\"Lärare (heltidstjänster) med lärarlegitimation") == true)
    }

    @Test func aMissingCatalogueIsAConfigurationErrorAtItsKey() throws {
        let root = try TestSupport.repository(["styrlint.yml": "sökvägar: [.]\nkolada:\n  katalog: saknas.json\n", "a.yaml": "typ: verksamhetsplan\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try TestSupport.run(["check"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr.contains("styrlint.yml:3:12: kolada.katalog:"))
    }

    @Test func searchFromTheCommandLine() throws {
        let run = try TestSupport.run(["kolada", "sök", "trygg skolan", "--katalog", Self.folder + "kpi-catalogue.json", "--antal", "2"])
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").map { String($0.prefix(6)) } == ["N15613", "N15643"])
        #expect(run.stdout.contains("[könsuppdelat]"))
    }

    /// `kolada hämta` against a stand-in for the API on loopback: never the internet.
    @Test func fetchFollowsThePagesAndWritesNothingOnFailure() throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", Self.folder + "serve.py"]
        let pipe = Pipe()
        server.standardOutput = pipe
        try server.run()
        // Polled, as TestSupport.run does: waitUntilExit can block a test task on Linux.
        func stop() {
            // SIGKILL: a child may inherit an ignored SIGTERM from the test runner.
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            let deadline = Date().addingTimeInterval(10)
            while server.isRunning && Date() < deadline { usleep(10_000) }
        }
        defer { stop() }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let port = try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        let folder = try TestSupport.repository(["README": "a folder for the fetched catalogue\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let output = folder + "/kpi.json"
        let fetched = try TestSupport.run(["kolada", "hämta", "--output", output, "--url", "http://127.0.0.1:\(port)/v2/kpi", "--per-sida", "20"])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let written = try KoladaCatalogue.load(output, displayPath: "kpi.json")
        #expect(written.kpis.map(\.id) == (try Self.catalogue()).kpis.map(\.id))
        #expect(fetched.stderr.contains("sida 2: 38 nyckeltal"))

        let broken = folder + "/broken.json"
        let bad = try TestSupport.run(["kolada", "hämta", "--output", broken, "--url", "http://127.0.0.1:\(port)/broken/kpi"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("inget skrevs"))
        #expect(!FileManager.default.fileExists(atPath: broken))

        // A port nobody listens on: no connection, a clear message, nothing written.
        stop()
        let offline = try TestSupport.run(["kolada", "hämta", "--output", broken, "--url", "http://127.0.0.1:\(port)/v2/kpi", "--timeout", "5"])
        #expect(offline.status == 2)
        #expect(offline.stderr.contains("ingen förbindelse"))
        #expect(!FileManager.default.fileExists(atPath: broken))
    }
}
