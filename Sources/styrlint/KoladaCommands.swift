import ArgumentParser
import Foundation
import StyrlintCore

struct Kolada: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kolada",
        abstract: "Koladas nyckeltalskatalog / fetch and search Kolada's KPI catalogue.",
        discussion: "Name the saved catalogue in styrlint.yml (kolada: {katalog: kolada-kpi.json}) and the MV011–MV014 rules check each indicator's Kolada id, name, division by sex and unit against it. See docs/import.md.",
        subcommands: [Fetch.self, Search.self])

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hämta",
            abstract: "Hämta katalogen från Koladas API / fetch the catalogue from Kolada's API into a file.",
            discussion: "Pages through the API (curl does the HTTPS), with a timeout per page, and writes one file in the API's shape. Needs curl and a network connection; nothing is written when a page fails.")

        @Option(help: "The file to write.")
        var output: String

        // Kolada closed version 2 of its API on 31 March 2026; version 3 pages the same way
        // (`next_url` where version 2 had `next_page`), and both are read.
        @Option(help: "The API's KPI address.")
        var url: String = "https://api.kolada.se/v3/kpi"

        @Option(name: .customLong("per-sida"), help: "KPIs per page.")
        var perPage: Int = 5000

        @Option(help: "Seconds a page may take.")
        var timeout: Int = 60

        @Option(help: "Message language: sv or en.")
        var lang: Language = .sv

        func validate() throws {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw ValidationError(lang == .en ? "--url: an http or https address" : "--url: en http- eller https-adress")
            }
            guard (1...10_000).contains(perPage), (1...3600).contains(timeout) else {
                throw ValidationError(lang == .en ? "--per-sida 1–10000, --timeout 1–3600" : "--per-sida 1–10000, --timeout 1–3600")
            }
        }

        func run() throws {
            let cwd = FileManager.default.currentDirectoryPath
            try OutputTargets.validate([output], inputs: [], cwd: cwd)
            var kpis: [KoladaCatalogue.KPI] = []
            var next: String? = url + (url.contains("?") ? "&" : "?") + "per_page=\(perPage)"
            var pages = 0
            while let address = next {
                pages += 1
                guard pages <= 200 else {
                    throw StyrlintError(sv: "\(url): fler än 200 sidor; avbröt", en: "\(url): more than 200 pages; stopped")
                }
                let body = try Curl.get(address, timeout: timeout)
                let page = try KoladaCatalogue.page(body, displayPath: address)
                kpis += page.values
                next = page.nextPage.flatMap { $0.isEmpty ? nil : $0 }
                try Output.error(lang == .sv ? "sida \(pages): \(kpis.count) nyckeltal" : "page \(pages): \(kpis.count) KPIs")
            }
            let catalogue = KoladaCatalogue(kpis: kpis)
            try Output.write(try catalogue.encoded(), to: output, context: .json)
            try Output.print(lang == .sv ? "\(catalogue.kpis.count) nyckeltal skrivna till \(output)." : "\(catalogue.kpis.count) KPIs written to \(output).")
        }
    }

    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sök",
            abstract: "Sök nyckeltal i katalogen / search the saved catalogue by words or id.",
            discussion: "Lists the KPIs whose titles share the most words with the query (Swedish word forms match: \"behörig\" finds \"behöriga\"), with id and whether Kolada divides them by sex.")

        @Argument(help: "Words from the title, or an id.")
        var query: String

        @Option(help: "The catalogue file (default: kolada.katalog in styrlint.yml).")
        var katalog: String?

        @Option(help: "At most this many hits.")
        var antal: Int = 20

        @Option(help: "Message language: sv or en.")
        var lang: Language = .sv

        func run() throws {
            let cwd = FileManager.default.currentDirectoryPath
            let catalogue: KoladaCatalogue
            if let katalog {
                catalogue = try KoladaCatalogue.load(RepositoryLoader.absolute(katalog, cwd: cwd), displayPath: katalog)
            } else if let root = RepositoryLoader.findRoot(from: cwd),
                      let loaded = try Config.load(file: (root as NSString).appendingPathComponent(Config.fileName),
                                                   displayPath: RepositoryLoader.relativePath((root as NSString).appendingPathComponent(Config.fileName), from: cwd)).kolada.loaded {
                catalogue = loaded
            } else {
                throw StyrlintError(sv: "ingen katalog: ange --katalog FIL eller kolada.katalog i styrlint.yml (hämta den med styrlint kolada hämta --output kolada-kpi.json)",
                                    en: "no catalogue: give --katalog FILE or kolada.katalog in styrlint.yml (fetch it with styrlint kolada hämta --output kolada-kpi.json)")
            }
            let hits = catalogue.search(query, limit: max(1, antal))
            guard !hits.isEmpty else {
                try Output.print(lang == .sv ? "Inga nyckeltal matchar \"\(query)\"." : "No KPI matches \"\(query)\".")
                return
            }
            for kpi in hits {
                let sex = kpi.dividedBySex ? (lang == .sv ? "  [könsuppdelat]" : "  [by sex]") : ""
                try Output.print("\(kpi.id)  \(kpi.title)\(sex)")
            }
        }
    }
}

/// HTTPS through curl: the static release binary carries no TLS stack of its own, and
/// curl is on every machine that has a network worth fetching from. Started with
/// posix_spawn, its output read from pipes.
enum Curl {
    static func get(_ address: String, timeout: Int) throws -> [UInt8] {
        let arguments = ["curl", "--silent", "--show-error", "--fail", "--location", "--proto", "=http,https", "--proto-redir", "=http,https",
                         "--max-redirs", "5", "--connect-timeout", "\(min(timeout, 15))", "--max-time", "\(timeout)",
                         "--max-filesize", "\(128 * 1024 * 1024)", "--header", "Accept: application/json", "--", address]
        var output: [Int32] = [0, 0]
        var errors: [Int32] = [0, 0]
        guard pipe(&output) == 0, pipe(&errors) == 0 else {
            let reason = InputFile.errorNames(of: errno)
            throw StyrlintError(sv: "curl kan inte startas (pipe: \(reason.sv))", en: "curl cannot be started (pipe: \(reason.en))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        for descriptor in output + errors { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawnp(&pid, "curl", &actions, nil, argv, environ)
        close(output[1])
        close(errors[1])
        defer { close(output[0]); close(errors[0]) }
        guard spawned == 0 else {
            let reason = InputFile.errorNames(of: spawned)
            throw StyrlintError(sv: "curl finns inte eller kan inte startas (\(reason.sv)); installera curl (apt-get install curl)",
                                en: "curl is missing or cannot be started (\(reason.en)); install curl (apt-get install curl)")
        }
        // The page is read to its end before the error stream: with --silent, curl writes
        // at most one line of error, far below a pipe's buffer.
        let body = readAll(output[0])
        let errorBytes = readAll(errors[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        guard code == 0 else {
            let detail = String(decoding: errorBytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let (sv, en): (String, String)
            switch code {
            case 6: (sv, en) = ("värddatorn kan inte slås upp; är datorn ansluten till nätet?", "the host cannot be resolved; is the machine online?")
            case 7: (sv, en) = ("ingen förbindelse med servern; är datorn ansluten till nätet, eller är tjänsten nere?", "no connection to the server; is the machine online, or is the service down?")
            case 28: (sv, en) = ("servern svarade inte inom \(timeout) s; försök igen eller höj --timeout", "the server did not answer within \(timeout) s; try again or raise --timeout")
            case 22: (sv, en) = ("servern svarade med ett fel", "the server answered with an error")
            default: (sv, en) = ("hämtningen misslyckades (curl \(code))", "the download failed (curl \(code))")
            }
            throw StyrlintError(sv: "\(address): \(sv)\(detail.isEmpty ? "" : " (\(detail))"); inget skrevs",
                                en: "\(address): \(en)\(detail.isEmpty ? "" : " (\(detail))"); nothing was written")
        }
        return body
    }

    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }
}
