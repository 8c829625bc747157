import Foundation
import Testing
@testable import StyrlintCore
@testable import StyrlintLSP
#if canImport(Glibc)
import Glibc
#endif

/// A client that drives `styrlint lsp` through pipes, as an editor does: every wait has
/// a deadline, so a server that does not answer fails the test instead of hanging it.
final class LSPClient {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private var buffer: [UInt8] = []
    var notifications: [JSONValue] = []
    private var nextID = 1

    init(in directory: String, arguments: [String] = ["lsp"]) throws {
        process.executableURL = URL(fileURLWithPath: TestSupport.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    func sendRaw(_ bytes: [UInt8]) {
        input.fileHandleForWriting.write(Data(bytes))
    }

    func send(_ message: JSONValue) {
        let body = try! JSONEncoder().encode(message)
        sendRaw(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body))
    }

    func notify(_ method: String, _ params: JSONValue) {
        send(.object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params]))
    }

    @discardableResult
    func request(_ method: String, _ params: JSONValue, id: Int? = nil) -> Int {
        let id = id ?? { defer { nextID += 1 }; return nextID }()
        send(.object(["jsonrpc": .string("2.0"), "id": .number(Double(id)), "method": .string(method), "params": params]))
        return id
    }

    /// The next message, or nil after `timeout` seconds or at the end of output.
    func next(timeout: Double = 10) -> JSONValue? {
        let deadline = Date().addingTimeInterval(timeout)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while true {
            if let message = frame() { return message }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000)) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 65_536) }
            guard count > 0 else { return nil }
            buffer += chunk[0..<count]
        }
    }

    private func frame() -> JSONValue? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headerEnd = (0..<max(0, buffer.count - 3)).first(where: { Array(buffer[$0..<$0 + 4]) == separator }) else { return nil }
        let header = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
        guard let length = header.split(separator: "\r\n").compactMap({ line -> Int? in
            let parts = line.split(separator: ":")
            return parts.count == 2 && parts[0].lowercased() == "content-length" ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }).first, buffer.count >= headerEnd + 4 + length else { return nil }
        let body = Array(buffer[(headerEnd + 4)..<(headerEnd + 4 + length)])
        buffer.removeFirst(headerEnd + 4 + length)
        return try? JSONDecoder().decode(JSONValue.self, from: Data(body))
    }

    /// The response to request `id`; notifications on the way are kept.
    func response(_ id: Int, timeout: Double = 15) -> JSONValue? {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            guard let message = next(timeout: deadline.timeIntervalSinceNow) else { return nil }
            if message["id"]?.int == id && message["method"] == nil { return message }
            notifications.append(message)
        }
        return nil
    }

    /// The next diagnostics published for `uri` (kept ones first).
    func diagnostics(for uri: String, timeout: Double = 15) -> [JSONValue]? {
        if let index = notifications.firstIndex(where: { $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.string == uri }) {
            return notifications.remove(at: index)["params"]?["diagnostics"]?.array
        }
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            guard let message = next(timeout: deadline.timeIntervalSinceNow) else { return nil }
            if message["method"]?.string == "textDocument/publishDiagnostics" && message["params"]?["uri"]?.string == uri {
                return message["params"]?["diagnostics"]?.array
            }
            notifications.append(message)
        }
        return nil
    }

    /// Waits through the publishes for `uri` until one satisfies `condition`.
    func diagnostics(for uri: String, until condition: ([JSONValue]) -> Bool) -> [JSONValue]? {
        for _ in 0..<10 {
            guard let list = diagnostics(for: uri) else { return nil }
            if condition(list) { return list }
        }
        return nil
    }

    func initialize(_ root: String, options: JSONValue = .object(["per": .string("2026-02-15")]), capabilities: JSONValue = .object([:])) -> JSONValue? {
        let id = request("initialize", .object(["processId": .null, "rootUri": .string(LanguageServer.uri(root)),
                                                "capabilities": capabilities, "initializationOptions": options]))
        let result = response(id)
        notify("initialized", .object([:]))
        return result
    }

    func open(_ path: String, text: String) {
        notify("textDocument/didOpen", .object(["textDocument": .object([
            "uri": .string(LanguageServer.uri(path)), "languageId": .string("yaml"), "version": .number(1), "text": .string(text)])]))
    }

    func change(_ path: String, text: String) {
        notify("textDocument/didChange", .object(["textDocument": .object(["uri": .string(LanguageServer.uri(path)), "version": .number(2)]),
                                                  "contentChanges": .array([.object(["text": .string(text)])])]))
    }

    /// Waits for the server to end; nil when it is still running after `timeout`.
    func exitCode(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && deadline.timeIntervalSinceNow > 0 { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

@Suite struct LSPTests {
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
    mål:
      - id: KF1
        text: Barn och elever i Lillåsa når goda kunskapsresultat.
        bidrar_till: [MO1]

    """

    /// A goal text with characters outside the BMP and two-byte letters before the link,
    /// so positions in UTF-16 differ from characters and from bytes.
    static let board = """
    typ: verksamhetsplan
    id: bun-vp-2026
    organ: bun
    nivå: nämnd
    överordnad: kf-vp-2026
    period: {från: 2026, till: 2028}
    mål:
      - {id: BUN1, text: "Läsning 📚 för alla", bidrar_till: [KF9]}
      - id: BUN2
        text: Minst 90 procent av eleverna i åk 5 känner sig trygga i skolan.
        bidrar_till: [KF1]

    """

    static func repository() throws -> String {
        try TestSupport.repository(["styrlint.yml": "version: 1\n", "plans/kf.yaml": council, "plans/bun.yaml": board])
    }

    static func position(_ line: Int, _ character: Int) -> JSONValue {
        .object(["line": .number(Double(line)), "character": .number(Double(character))])
    }

    static func at(_ path: String, _ line: Int, _ character: Int) -> JSONValue {
        .object(["textDocument": .object(["uri": .string(LanguageServer.uri(path))]), "position": position(line, character)])
    }

    @Test func lifecycleAndProtocolErrors() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try LSPClient(in: root)
        // Before initialize: the protocol's error, not an answer.
        let early = client.request("textDocument/hover", Self.at(root + "/plans/bun.yaml", 0, 0))
        #expect(client.response(early)?["error"]?["code"]?.int == -32002)
        let initialize = try #require(client.initialize(root))
        let capabilities = try #require(initialize["result"]?["capabilities"])
        #expect(capabilities["positionEncoding"]?.string == "utf-16")
        #expect(capabilities["definitionProvider"]?.bool == true)
        // Unknown method, a body that is not JSONValue, a header without a length: answered or
        // reported, and the server carries on.
        let unknown = client.request("styrlint/unknown", .object([:]))
        #expect(client.response(unknown)?["error"]?["code"]?.int == -32601)
        client.sendRaw(Array("Content-Length: 9\r\n\r\n{not json".utf8))
        #expect(client.next()?["error"]?["code"]?.int == -32700)
        client.sendRaw(Array("X-Other: 1\r\n\r\n".utf8))
        #expect(client.next()?["error"]?["code"]?.int == -32700)
        let symbols = client.request("workspace/symbol", .object(["query": .string("")]))
        #expect(client.response(symbols)?["result"] != nil)
        let shutdown = client.request("shutdown", .null)
        #expect(client.response(shutdown)?["result"] == .null)
        let late = client.request("textDocument/hover", Self.at(root + "/plans/bun.yaml", 0, 0))
        #expect(client.response(late)?["error"]?["code"]?.int == -32600)
        client.notify("exit", .null)
        #expect(client.exitCode() == 0)
    }

    @Test func protocolEdgesAreAnsweredAsTheSpecificationSays() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try LSPClient(in: root)
        _ = client.initialize(root)
        func raw(_ body: String) { client.sendRaw(Array("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)) }
        // A batch is valid JSON but no message of this protocol; so is an empty object.
        raw("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}]")
        #expect(client.next()?["error"]?["code"]?.int == -32600)
        raw("{}")
        #expect(client.next()?["error"]?["code"]?.int == -32600)
        // A method that is not a string keeps its id in the answer.
        raw("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":5}")
        let invalid = client.next()
        #expect(invalid?["error"]?["code"]?.int == -32600 && invalid?["id"]?.int == 7)
        // Ids beyond 2^53 come back exactly as sent.
        raw("{\"jsonrpc\":\"2.0\",\"id\":1234567890123456789,\"method\":\"workspace/symbol\",\"params\":{\"query\":\"\"}}")
        #expect(client.next()?["id"] == .integer(1234567890123456789))
        // A frame one byte too long swallows the start of the next message, which is lost;
        // the stream falls back in step at the Content-Length after it.
        let body = "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}"
        client.sendRaw(Array("Content-Length: \(body.utf8.count + 1)\r\n\r\n\(body)".utf8))
        _ = client.request("workspace/symbol", .object(["query": .string("BUN")]))
        let next = client.request("workspace/symbol", .object(["query": .string("BUN")]))
        var answered = false
        for _ in 0..<6 {
            guard let message = client.next(timeout: 5) else { break }
            if message["id"]?.int == next { answered = message["result"] != nil; break }
        }
        #expect(answered, "a request after a bad frame is answered")
    }

    @Test func theClientsURIIsKeptAndABrokenConfigIsReportedOnce() throws {
        let root = try TestSupport.repository(["styrlint.yml": "version: 1\n", "plans/kf kopia (2).yaml": Self.council, "plans/bun.yaml": Self.board])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try LSPClient(in: root)
        _ = client.initialize(root)
        // The client's own spelling of the URI, with lowercase escapes.
        let uri = LanguageServer.uri(root + "/plans/bun.yaml").replacingOccurrences(of: "file://", with: "file://localhost")
        client.notify("textDocument/didOpen", .object(["textDocument": .object([
            "uri": .string(uri), "languageId": .string("yaml"), "version": .number(1), "text": .string(Self.board)])]))
        #expect(client.diagnostics(for: uri) != nil, "diagnostics come back under the URI the client opened")
        // A configuration that cannot be read: one message, not one per request.
        client.notify("workspace/didChangeConfiguration", .object(["settings": .object(["styrlint": .object(["config": .string("saknas.yml")])])]))
        for _ in 0..<3 { _ = client.response(client.request("textDocument/hover", .object(["textDocument": .object(["uri": .string(uri)]), "position": Self.position(0, 0)]))) }
        let messages = client.notifications.filter { $0["method"]?.string == "window/showMessage" }
        #expect(messages.count == 1)
    }

    @Test func aYAMLFileInNoRepositoryIsLeftAlone() throws {
        let folder = try TestSupport.repository(["ci/workflow.yaml": "on: push\njobs: {}\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let client = try LSPClient(in: folder)
        _ = client.initialize(folder)
        let file = folder + "/ci/workflow.yaml"
        client.open(file, text: "on: push\njobs: {}\n")
        // A request answered after the open: everything the open caused has been sent.
        _ = client.response(client.request("workspace/symbol", .object(["query": .string("")])))
        #expect(!client.notifications.contains { $0["method"]?.string == "textDocument/publishDiagnostics" })
        #expect(client.notifications.contains {
            $0["method"]?.string == "window/logMessage" && $0["params"]?["message"]?.string?.contains("ingen styrlint.yml") == true
        })
        let hover = client.response(client.request("textDocument/hover", Self.at(file, 0, 1)))
        #expect(hover?["result"] == .null)
    }

    @Test func aClientThatDisappearsEndsTheServer() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try LSPClient(in: root)
        _ = client.initialize(root)
        client.open(root + "/plans/bun.yaml", text: Self.board)
        try client.input.fileHandleForWriting.close()
        // No shutdown came first: exit code 1, and no hang.
        #expect(client.exitCode() == 1)
    }

    @Test func diagnosticsFollowEditsAcrossFiles() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try LSPClient(in: root)
        _ = client.initialize(root, options: .object(["per": .string("2026-02-15"), "debounceMs": .number(0)]))
        let board = root + "/plans/bun.yaml", council = root + "/plans/kf.yaml"
        client.open(board, text: Self.board)
        let first = try #require(client.diagnostics(for: LanguageServer.uri(board)))
        let rt003 = try #require(first.first { $0["code"]?.string == "RT003" })
        // Line 8 (0-based 7): `  - {id: BUN1, text: "Läsning 📚 för alla", bidrar_till: [KF9]}`; KF9 starts at
        // character 58 in UTF-16 (📚 is two code units), 57 in characters.
        #expect(rt003["range"]?["start"] == Self.position(7, 58))
        #expect(rt003["range"]?["end"] == Self.position(7, 61))
        #expect(rt003["severity"]?.int == 1)
        #expect(rt003["source"]?.string == "styrlint")
        #expect(rt003["codeDescription"]?["href"]?.string?.hasSuffix("docs/rules.md#rt003") == true)
        // Adding KF9 to the council plan in the editor clears the finding in the other file.
        client.open(council, text: Self.council)
        let withGoal = Self.council + "  - {id: KF9, text: Alla barn läser med god förståelse., bidrar_till: [MO1]}\n"
        client.change(council, text: withGoal)
        let cleared = client.diagnostics(for: LanguageServer.uri(board)) { !$0.contains { $0["code"]?.string == "RT003" } }
        #expect(cleared != nil, "the RT003 in bun.yaml is cleared once kf.yaml has KF9")
        // Half-typed YAML: a finding with its position, never a crash.
        client.change(council, text: "typ: verksamhetsplan\nmål:\n  - id: [\n")
        let broken = client.diagnostics(for: LanguageServer.uri(council)) { $0.contains { $0["code"]?.string == "DOK001" } }
        #expect(broken != nil)
        let alive = client.request("workspace/symbol", .object(["query": .string("BUN")]))
        #expect(client.response(alive)?["result"]?.array?.isEmpty == false)
    }

    @Test func navigationHoverCompletionAndSymbols() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try LSPClient(in: root)
        _ = client.initialize(root)
        let board = root + "/plans/bun.yaml", council = root + "/plans/kf.yaml"
        client.open(board, text: Self.board)
        _ = client.diagnostics(for: LanguageServer.uri(board))
        // KF1 in `    bidrar_till: [KF1]` (0-based line 10, KF1 at 18).
        let definition = client.response(client.request("textDocument/definition", Self.at(board, 10, 20)))
        let target = try #require(definition?["result"]?.array?.first)
        #expect(target["uri"]?.string == LanguageServer.uri(council))
        #expect(target["range"]?["start"] == Self.position(11, 8))
        // References from the definition: the nämnd goal that points at it.
        let references = client.response(client.request("textDocument/references", .object([
            "textDocument": .object(["uri": .string(LanguageServer.uri(council))]), "position": Self.position(11, 9),
            "context": .object(["includeDeclaration": .bool(false)])])))
        let places = try #require(references?["result"]?.array)
        #expect(places.count == 1)
        #expect(places.first?["uri"]?.string == LanguageServer.uri(board))
        #expect(places.first?["range"]?["start"] == Self.position(10, 18))
        let hover = client.response(client.request("textDocument/hover", Self.at(board, 10, 20)))
        let text = try #require(hover?["result"]?["contents"]?["value"]?.string)
        #expect(text.contains("**KF1** (mål i kf-vp-2026, nivå fullmäktige)"))
        #expect(text.contains("Barn och elever i Lillåsa når goda kunskapsresultat."))
        // Completion where an id goes: the goals of the överordnad plan.
        let completion = client.response(client.request("textDocument/completion", Self.at(board, 10, 19)))
        let labels = completion?["result"]?["items"]?.array?.compactMap { $0["label"]?.string } ?? []
        #expect(labels == ["KF1"])
        // Keys of a goal at a new key position, and accepted values after a key.
        var edited = Self.board + "    perspektiv: \n"
        client.change(board, text: edited)
        let values = client.response(client.request("textDocument/completion", Self.at(board, 11, 16)))
        let valueLabels = values?["result"]?["items"]?.array?.compactMap { $0["label"]?.string } ?? []
        #expect(valueLabels.contains("verksamhet") && valueLabels.contains("ekonomi"))
        edited = Self.board + "    kl\n"
        client.change(board, text: edited)
        let keys = client.response(client.request("textDocument/completion", Self.at(board, 11, 6)))
        let keyLabels = keys?["result"]?["items"]?.array?.compactMap { $0["label"]?.string } ?? []
        #expect(keyLabels.contains("klart") && keyLabels.contains("indikatorer"))
        #expect(!keyLabels.contains("text"), "keys already written are not offered again")
        // Rule ids after a suppression comment, with a hover on the rule.
        edited = Self.board + "    # styrlint: ignorera S\n"
        client.change(board, text: edited)
        let rules = client.response(client.request("textDocument/completion", Self.at(board, 11, 26)))
        #expect(rules?["result"]?["items"]?.array?.contains { $0["label"]?.string == "SM001" } == true)
        client.change(board, text: Self.board + "    # styrlint: ignorera SM001 -- följs upp\n")
        let ruleHover = client.response(client.request("textDocument/hover", Self.at(board, 11, 27)))
        #expect(ruleHover?["result"]?["contents"]?["value"]?.string?.contains("SM001") == true)
        // The outline: the plan, its goals.
        client.change(board, text: Self.board)
        let symbols = client.response(client.request("textDocument/documentSymbol", .object(["textDocument": .object(["uri": .string(LanguageServer.uri(board))])])))
        let plan = try #require(symbols?["result"]?.array?.first)
        #expect(plan["name"]?.string == "bun-vp-2026")
        #expect(plan["children"]?.array?.compactMap { $0["name"]?.string } == ["BUN1", "BUN2"])
    }

    @Test func codeActionsKeepTheLayout() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try LSPClient(in: root)
        _ = client.initialize(root)
        let board = root + "/plans/bun.yaml"
        let text = Self.board.replacingOccurrences(of: "nivå: nämnd", with: "nivå: Nämnd")
        client.open(board, text: text)
        let diagnostics = try #require(client.diagnostics(for: LanguageServer.uri(board)))
        let typo = try #require(diagnostics.first { $0["code"]?.string == "DOK005" })
        let actions = client.response(client.request("textDocument/codeAction", .object([
            "textDocument": .object(["uri": .string(LanguageServer.uri(board))]), "range": typo["range"]!,
            "context": .object(["diagnostics": .array([typo])])])))
        let list = try #require(actions?["result"]?.array)
        let fix = try #require(list.first { $0["title"]?.string == "Åtgärda: skriv nämnd" })
        #expect(fix["isPreferred"]?.bool == true)
        let edit = try #require(fix["edit"]?["changes"]?[LanguageServer.uri(board)]?.array?.first)
        #expect(edit["newText"]?.string == "nämnd")
        #expect(edit["range"]?["start"] == Self.position(3, 6))
        #expect(edit["range"]?["end"] == Self.position(3, 11))
        let ignore = try #require(list.first { $0["title"]?.string == "Undanta DOK005 här med en motivering" })
        let comment = try #require(ignore["edit"]?["changes"]?[LanguageServer.uri(board)]?.array?.first)
        #expect(comment["newText"]?.string == "# styrlint: ignorera DOK005 -- \n")
        #expect(comment["range"]?["start"] == Self.position(3, 0))
    }

    @Test func genderSplitAndDuplicatesAndSettings() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try LSPClient(in: root)
        _ = client.initialize(root)
        let board = root + "/plans/bun.yaml"
        let text = Self.board + """
            indikatorer:
              - id: BUN2.1
                namn: Andel elever i åk 5 som känner sig trygga i skolan
                enhet: procent
          - id: BUN2
            text: Minst 80 procent av eleverna i åk 9 ska känna sig trygga i skolan 2028.

        """
        client.open(board, text: text)
        let diagnostics = try #require(client.diagnostics(for: LanguageServer.uri(board)))
        // The second BUN2 points at the first.
        let duplicate = try #require(diagnostics.first { $0["code"]?.string == "DOK007" })
        let related = try #require(duplicate["relatedInformation"]?.array?.first)
        #expect(related["location"]?["range"]?["start"] == Self.position(8, 8))
        #expect(related["message"]?.string == "första definitionen av BUN2")
        // MV006: `könsuppdelad: true` under the indicator's keys, at their indentation.
        let mv006 = try #require(diagnostics.first { $0["code"]?.string == "MV006" })
        let actions = client.response(client.request("textDocument/codeAction", .object([
            "textDocument": .object(["uri": .string(LanguageServer.uri(board))]), "range": mv006["range"]!,
            "context": .object(["diagnostics": .array([mv006])])])))
        let add = try #require(actions?["result"]?.array?.first { $0["title"]?.string == "Lägg till könsuppdelad: true" })
        let edit = try #require(add["edit"]?["changes"]?[LanguageServer.uri(board)]?.array?.first)
        #expect(edit["newText"]?.string == "        könsuppdelad: true\n")
        #expect(edit["range"]?["start"] == Self.position(15, 0))
        // Settings change the language of every message.
        client.notify("workspace/didChangeConfiguration", .object(["settings": .object(["styrlint": .object(["lang": .string("en")])])]))
        let english = client.diagnostics(for: LanguageServer.uri(board)) { $0.contains { $0["message"]?.string?.hasPrefix("indicator Andel elever") == true } }
        #expect(english != nil)
    }

    @Test func aCancelledRequestIsNotAnswered() throws {
        let root = try Self.repository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let client = try LSPClient(in: root)
        _ = client.initialize(root)
        // A first request makes the server check the repository (it has no state yet), which
        // keeps it busy; the next request and its cancellation arrive meanwhile, in one write.
        let board = root + "/plans/bun.yaml"
        var bytes: [UInt8] = []
        func frame(_ message: JSONValue) {
            let body = try! JSONEncoder().encode(message)
            bytes += Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body)
        }
        frame(.object(["jsonrpc": .string("2.0"), "id": .number(76), "method": .string("textDocument/documentSymbol"),
                       "params": .object(["textDocument": .object(["uri": .string(LanguageServer.uri(board))])])]))
        frame(.object(["jsonrpc": .string("2.0"), "id": .number(77), "method": .string("textDocument/hover"), "params": Self.at(board, 10, 20)]))
        frame(.object(["jsonrpc": .string("2.0"), "method": .string("$/cancelRequest"), "params": .object(["id": .number(77)])]))
        client.sendRaw(bytes)
        #expect(client.response(77)?["error"]?["code"]?.int == -32800)
    }

    @Test func positionsInEveryEncoding() {
        let text = "a: \"📚\"\nnivå: Nämnd\n"
        let utf16 = PositionMap(text: text, encoding: .utf16)
        let utf8 = PositionMap(text: text, encoding: .utf8)
        let utf32 = PositionMap(text: text, encoding: .utf32)
        let afterBook = SourcePosition(line: 1, column: 6)
        #expect(utf16.lsp(afterBook) == LSP.Position(line: 0, character: 6))
        #expect(utf8.lsp(afterBook) == LSP.Position(line: 0, character: 8))
        #expect(utf32.lsp(afterBook) == LSP.Position(line: 0, character: 5))
        for map in [utf16, utf8, utf32] {
            #expect(map.source(map.lsp(afterBook)) == afterBook)
            #expect(map.source(map.lsp(SourcePosition(line: 2, column: 7))) == SourcePosition(line: 2, column: 7))
        }
        // An incremental change lands where the client meant, in its encoding.
        let changed = LanguageServer.apply("nämnd", at: LSP.Range(start: LSP.Position(line: 1, character: 6), end: LSP.Position(line: 1, character: 11)),
                                           to: text, encoding: .utf16)
        #expect(changed == "a: \"📚\"\nnivå: nämnd\n")
    }
}

/// The framing reader on random and mutated input: every outcome is a message, an error
/// or the end, never a trap or a hang, and a valid frame after garbage is still read.
@Suite struct MessageReaderFuzzTests {
    static func outcomes(_ bytes: [UInt8]) -> [String] {
        var pipe: [Int32] = [0, 0]
        _ = pipe.withUnsafeMutableBufferPointer { Glibc.pipe($0.baseAddress!) }
        let writeEnd = pipe[1]
        let writer = Thread {
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.write(writeEnd, $0.baseAddress! + offset, min(4096, bytes.count - offset)) }
                if written <= 0 { break }
                offset += written
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(pipe[0]) }
        let reader = MessageReader(descriptor: pipe[0])
        var seen: [String] = []
        for _ in 0..<10_000 {
            switch reader.next() {
            case .end: return seen
            case .message(let message): seen.append("message:\(message.method ?? "-")")
            case .malformed: seen.append("malformed")
            case .invalid: seen.append("invalid")
            }
        }
        return seen
    }

    @Test func garbageNeverTrapsAndAFrameAfterItIsRead() {
        var random = SeededRandom(seed: 2026)
        let frame = Array("Content-Length: 52\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}".utf8)
        let pieces: [[UInt8]] = [Array("Content-Length: ".utf8), Array("\r\n".utf8), Array("\r\n\r\n".utf8), Array("{".utf8), Array("}".utf8),
                                 Array("-1".utf8), Array("99999999999999999999".utf8), [0], [0xFF, 0xFE], Array("[]".utf8), frame]
        for round in 0..<200 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 12) {
                if random.next() % 3 == 0 {
                    bytes += (0..<Int(random.next() % 40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                } else {
                    bytes += pieces[Int(random.next() % UInt64(pieces.count))]
                }
            }
            // A newline and a blank line end whatever header the garbage began; then a frame.
            let seen = Self.outcomes(bytes + Array("\r\n\r\n".utf8) + frame + frame)
            #expect(seen.last == "message:initialized", "round \(round): \(seen.suffix(3))")
        }
    }
}
