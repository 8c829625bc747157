import ArgumentParser
import Foundation
import StyrlintCorpus

/// Generates realistic plan repositories for benchmarks and scaling tests:
/// the same seed gives the same bytes on every machine.
@main
struct Corpus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "styrlint-corpus",
        abstract: "Generate a deterministic corpus of municipal plan repositories (one per kommun).",
        discussion: "Each kommun gets its own folder with a styrlint.yml, a fullmäktige plan, 8–12 nämnd and bolag plans, 1–4 verksamhet plans per nämnd, an internkontrollplan per nämnd and a year of reports per organ. --kommuner 290 is the national corpus.")

    @Option(help: "Number of municipalities.")
    var kommuner = 10

    @Option(help: "Random seed: the same seed gives byte-identical output.")
    var seed: UInt64 = 1

    @Option(help: "Output folder (created; existing files are overwritten).")
    var out: String

    @Option(help: "Share of elements with a deliberate defect, in percent.")
    var defekter: Double = 3

    func validate() throws {
        guard (1...10_000).contains(kommuner) else { throw ValidationError("--kommuner must be 1...10000") }
    }

    func run() throws {
        var documents = 0, bytes = 0
        for index in 0..<kommuner {
            for (path, text) in CorpusGenerator.municipality(index: index, seed: seed, defectPercent: defekter) {
                let full = URL(fileURLWithPath: out).appendingPathComponent(path)
                try FileManager.default.createDirectory(at: full.deletingLastPathComponent(), withIntermediateDirectories: true)
                let data = Data(text.utf8)
                try data.write(to: full)
                if path.hasSuffix(".yaml") { documents += 1 }
                bytes += data.count
            }
        }
        print("\(kommuner) kommuner, \(documents) dokument, \(bytes / 1024) kB i \(out)")
    }
}

