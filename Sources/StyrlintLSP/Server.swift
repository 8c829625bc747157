import Foundation
import StyrlintCore
#if canImport(Glibc)
import Glibc
#endif

/// `styrlint lsp`: the checks, the röda tråden and the rule catalogue in the editor, on
/// the same engine as `check`. One serial queue owns all state; the reader thread only
/// frames messages and marks cancellations, so a request cancelled while an earlier one
/// runs is answered with RequestCancelled instead of being computed.
public final class LanguageServer: @unchecked Sendable {
    public struct Settings: Sendable, Equatable {
        public var config: String?
        /// A profile of styrlint.yml (`profiler:`), as `--profil` chooses one.
        public var profile: String?
        public var per: Day?
        public var language: Language = .sv
        public var debounce: Double = 0.15
    }

    /// What the server knows about one repository after its latest check.
    struct RepositoryState {
        let root: String
        let result: CheckResult
        let repository: Repository
        let index: ReferenceIndex
        /// Diagnostics last published, by URI.
        var published: [String: [LSP.Diagnostic]]
    }

    struct OpenDocument {
        var uri: String
        var text: String
        var version: Int?
    }

    let writer: MessageWriter
    let queue = DispatchQueue(label: "styrlint.lsp")
    var settings = Settings()
    var encoding: PositionMap.Encoding = .utf16
    var initialized = false
    var shutdownRequested = false
    var open: [String: OpenDocument] = [:]
    var states: [String: RepositoryState] = [:]
    var generations: [String: Int] = [:]
    var workspaceFolders: [String] = []
    /// Files outside any plan repository already told about, so the log says it once.
    var notified = Set<String>()
    /// Repositories whose check failed (a broken configuration): not checked again for each
    /// request, only after the next change.
    var failedRoots = Set<String>()
    let cancelledLock = NSLock()
    var cancelled = Set<String>()
    let rules: [Rule] = (try? RuleLoader.builtinRules()) ?? []

    public init(output: Int32 = STDOUT_FILENO) {
        writer = MessageWriter(descriptor: output)
    }

    /// Serves until `exit` or the end of input; returns the process's exit code (0 after
    /// `shutdown`, 1 otherwise, as the protocol asks).
    public func run(input: Int32 = STDIN_FILENO) -> Int32 {
        let reader = MessageReader(descriptor: input)
        while true {
            switch reader.next() {
            case .end:
                return queue.sync { shutdownRequested ? 0 : 1 }
            case .malformed(let problem):
                writer.respond(.null, error: .parseError, problem)
            case .invalid(let id, let problem):
                writer.respond(id, error: .invalidRequest, problem)
            case .message(let message):
                if message.method == "$/cancelRequest", let id = message.params["id"] {
                    cancelledLock.withLock { _ = cancelled.insert(Self.key(id)) }
                    continue
                }
                if message.method == "exit" {
                    return queue.sync { shutdownRequested ? 0 : 1 }
                }
                queue.async { self.handle(message) }
            }
            if !writer.open { return queue.sync { shutdownRequested ? 0 : 1 } }
        }
    }

    static func key(_ id: JSONValue) -> String {
        switch id {
        case .string(let text): return "s:\(text)"
        case .integer(let number): return "n:\(number)"
        case .number(let number): return number.rounded() == number && abs(number) < 9e18 ? "n:\(Int64(number))" : "n:\(number)"
        default: return "?"
        }
    }

    func log(_ text: String, type: Int = 4) {
        writer.notify("window/logMessage", .object(["type": .number(Double(type)), "message": .string(text)]))
    }

    // MARK: Dispatch

    func handle(_ message: RPCMessage) {
        guard let method = message.method else { return }  // a response to a request of ours
        if let id = message.id {
            let wasCancelled = cancelledLock.withLock { cancelled.remove(Self.key(id)) != nil }
            if wasCancelled { return writer.respond(id, error: .requestCancelled, "cancelled") }
            if !initialized && method != "initialize" {
                return writer.respond(id, error: .serverNotInitialized, "the server is not initialized")
            }
            if shutdownRequested {
                return writer.respond(id, error: .invalidRequest, "the server is shutting down")
            }
            let result: Result<JSONValue, Failure>
            switch method {
            case "initialize": result = initialize(message.params)
            case "shutdown":
                shutdownRequested = true
                result = .success(.null)
            case "textDocument/definition": result = definition(message.params)
            case "textDocument/references": result = references(message.params)
            case "textDocument/hover": result = hover(message.params)
            case "textDocument/completion": result = completion(message.params)
            case "textDocument/documentSymbol": result = documentSymbols(message.params)
            case "workspace/symbol": result = workspaceSymbols(message.params)
            case "textDocument/codeAction": result = codeActions(message.params)
            default: result = .failure(Failure(code: .methodNotFound, message: "unknown method \(method)"))
            }
            switch result {
            case .success(let value): writer.respond(id, result: value)
            case .failure(let failure): writer.respond(id, error: failure.code, failure.message)
            }
            return
        }
        guard initialized || method == "initialized", !shutdownRequested else { return }
        switch method {
        case "textDocument/didOpen":
            guard let params = message.params.decode(LSP.DidOpenParams.self), let path = Self.path(params.textDocument.uri) else { return }
            guard params.textDocument.text.utf8.count <= Self.maximumDocument else { return tooLarge(path) }
            open[path] = OpenDocument(uri: params.textDocument.uri, text: params.textDocument.text, version: params.textDocument.version)
            // A little wait coalesces an editor opening many files at once into one check.
            schedule(path, delay: min(settings.debounce, 0.05))
        case "textDocument/didChange":
            guard let params = message.params.decode(LSP.DidChangeParams.self), let path = Self.path(params.textDocument.uri),
                  var document = open[path] else { return }
            for change in params.contentChanges {
                if let range = change.range {
                    document.text = Self.apply(change.text, at: range, to: document.text, encoding: encoding)
                } else {
                    document.text = change.text
                }
            }
            guard document.text.utf8.count <= Self.maximumDocument else {
                open[path] = nil
                return tooLarge(path)
            }
            open[path] = document
            schedule(path, delay: settings.debounce)
        case "textDocument/didClose":
            guard let uri = message.params["textDocument"]?["uri"]?.string, let path = Self.path(uri), open[path] != nil else { return }
            open[path] = nil
            schedule(path, delay: settings.debounce)
        case "textDocument/didSave", "workspace/didChangeWatchedFiles":
            for root in Array(states.keys) { schedule(root + "/" + Config.fileName, delay: settings.debounce) }
            if let uri = message.params["textDocument"]?["uri"]?.string, let path = Self.path(uri) { schedule(path, delay: 0) }
        case "workspace/didChangeConfiguration":
            applySettings(message.params["settings"]?["styrlint"] ?? message.params["settings"] ?? .null)
            for root in Array(states.keys) { schedule(root + "/" + Config.fileName, delay: 0) }
        default:
            break  // notifications the server does not need ("initialized", "$/setTrace", …)
        }
    }

    /// The largest text the server keeps for a document: a plan is kilobytes; a buffer of
    /// megabytes is not a plan, and keeping many would exhaust memory.
    static let maximumDocument = 8 << 20

    func tooLarge(_ path: String) {
        log(settings.language == .sv ? "styrlint: \(path) är större än \(Self.maximumDocument >> 20) MB och granskas inte i redigeraren"
                                     : "styrlint: \(path) is larger than \(Self.maximumDocument >> 20) MB and is not checked in the editor", type: 2)
    }

    struct Failure: Error {
        var code: RPCError
        var message: String
    }

    // MARK: Lifecycle

    func initialize(_ params: JSONValue) -> Result<JSONValue, Failure> {
        initialized = true
        let offered = params["capabilities"]?["general"]?["positionEncodings"]?.array?.compactMap(\.string) ?? []
        // UTF-32 counts characters as the parser does; UTF-16 is the protocol's default.
        encoding = offered.contains("utf-32") ? .utf32 : offered.contains("utf-8") ? .utf8 : .utf16
        applySettings(params["initializationOptions"] ?? .null)
        for folder in params["workspaceFolders"]?.array ?? [] {
            if let uri = folder["uri"]?.string, let path = Self.path(uri) { workspaceFolders.append(path) }
        }
        if let root = params["rootUri"]?.string.flatMap(Self.path) { workspaceFolders.append(root) }
        let capabilities: JSONValue = .object([
            "positionEncoding": .string(encoding.rawValue),
            "textDocumentSync": .object(["openClose": .bool(true), "change": .number(2), "save": .object(["includeText": .bool(false)])]),
            "definitionProvider": .bool(true),
            "referencesProvider": .bool(true),
            "hoverProvider": .bool(true),
            "completionProvider": .object(["triggerCharacters": .array([" ", "[", ",", "-"].map(JSONValue.string))]),
            "documentSymbolProvider": .bool(true),
            "workspaceSymbolProvider": .bool(true),
            "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix")])]),
        ])
        return .success(.object(["capabilities": capabilities,
                                 "serverInfo": .object(["name": .string("styrlint"), "version": .string(Version.current)])]))
    }

    func applySettings(_ options: JSONValue) {
        var problems: [String] = []
        if let config = options["config"]?.string { settings.config = config.isEmpty ? nil : config }
        if let per = options["per"]?.string {
            settings.per = per.isEmpty ? nil : Day(iso: per)
            if !per.isEmpty && settings.per == nil { problems.append("per: \(per)") }
        }
        if let lang = options["lang"], lang.string.flatMap(Language.init(rawValue:)) == nil { problems.append("lang") }
        if let debounce = options["debounceMs"], !(debounce.int.map { (0...5000).contains($0) } ?? false) { problems.append("debounceMs") }
        defer {
            if !problems.isEmpty {
                writer.notify("window/showMessage", .object(["type": .integer(2), "message": .string(settings.language == .sv
                    ? "styrlint: ogiltiga inställningar, används inte: \(problems.joined(separator: ", ")) (per: ÅÅÅÅ-MM-DD, lang: sv eller en, debounceMs: 0–5000)"
                    : "styrlint: invalid settings, not used: \(problems.joined(separator: ", ")) (per: YYYY-MM-DD, lang: sv or en, debounceMs: 0–5000)")]))
            }
        }
        if let profile = (options["profil"] ?? options["profile"])?.string { settings.profile = profile.isEmpty ? nil : profile }
        if let language = options["lang"]?.string.flatMap(Language.init(rawValue:)) { settings.language = language }
        if let debounce = options["debounceMs"]?.int, (0...5000).contains(debounce) { settings.debounce = Double(debounce) / 1000 }
    }

    // MARK: Checking

    static func path(_ uri: String) -> String? {
        // Only this machine's files: file:///… or file://localhost/….
        guard let url = URL(string: uri), url.isFileURL, (url.host ?? "").isEmpty || url.host == "localhost" else { return nil }
        return RepositoryLoader.absolute(url.path, cwd: "/")
    }

    static func uri(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }

    /// The URI a client knows a file by: the one it opened it with, else one made here.
    func uri(for path: String) -> String { open[path]?.uri ?? Self.uri(path) }

    /// The repository a file belongs to: the nearest folder at or above it holding
    /// styrlint.yml. Nil for a YAML file in no plan repository (a CI file, a home folder):
    /// the server leaves it alone rather than walk a folder that may hold anything.
    func root(for path: String) -> String? {
        RepositoryLoader.findRoot(from: (path as NSString).deletingLastPathComponent)
    }

    func schedule(_ path: String, delay: Double) {
        guard let root = root(for: path) else {
            if notified.insert(path).inserted {
                log(settings.language == .sv
                    ? "styrlint: \(path) ligger inte i något planarkiv (ingen styrlint.yml ovanför) och granskas inte"
                    : "styrlint: \(path) is in no plan repository (no styrlint.yml above it) and is not checked")
            }
            return
        }
        generations[root, default: 0] += 1
        failedRoots.remove(root)
        let generation = generations[root]!
        let work: @Sendable () -> Void = { [self] in
            guard generations[root] == generation else { return }
            check(root)
        }
        if delay <= 0 { work() } else { queue.asyncAfter(deadline: .now() + delay, execute: work) }
    }

    @discardableResult
    func check(_ root: String) -> RepositoryState? {
        var request = CheckRequest(paths: [root], checkDate: settings.per ?? Day.today, language: settings.language)
        request.currentDirectory = root
        request.configFile = settings.config.map { $0.hasPrefix("/") ? $0 : (workspaceFolders.first ?? root) + "/" + $0 }
        request.profile = settings.profile
        request.keepRepositories = true
        request.threads = 1
        request.overlays = Dictionary(open.filter { $0.key.hasPrefix(root + "/") }.map { ($0.key, Array($0.value.text.utf8)) },
                                      uniquingKeysWith: { first, _ in first })
        let result: CheckResult
        do {
            result = try Checker.run(request)
        } catch {
            let text = (error as? StyrlintError).map { settings.language == .sv ? $0.swedish : $0.english } ?? "\(error)"
            writer.notify("window/showMessage", .object(["type": .number(1), "message": .string("styrlint: \(text)")]))
            failedRoots.insert(root)
            return nil
        }
        guard let repository = result.loaded.first else { return nil }
        let index = ReferenceIndex(repository)
        var state = RepositoryState(root: root, result: result, repository: repository, index: index,
                                    published: states[root]?.published ?? [:])
        var diagnostics: [String: [LSP.Diagnostic]] = [:]
        for file in result.repositories.first?.files ?? [] { diagnostics[uri(for: root + "/" + file)] = [] }
        var maps: [String: PositionMap] = [:]
        for finding in result.active {
            let path = root + "/" + finding.file
            let uri = uri(for: path)
            if maps[path] == nil { maps[path] = positionMap(path) }
            diagnostics[uri, default: []].append(diagnostic(finding, map: maps[path]!, state: state, maps: &maps))
        }
        let firstCheck = states[root] == nil
        for uri in Set(diagnostics.keys).union(state.published.keys).sorted() {
            let list = diagnostics[uri] ?? []
            // Every file whose findings changed, not only the edited one; on the first check
            // the open files get their (possibly empty) list too.
            // A file never published counts as clean: only findings and changes are sent.
            if (state.published[uri] ?? []) != list || (firstCheck && open.values.contains { $0.uri == uri }) {
                writer.notify("textDocument/publishDiagnostics", JSONValue.from(LSP.PublishDiagnosticsParams(uri: uri, diagnostics: list)))
            }
            state.published[uri] = list
        }
        states[root] = state
        return state
    }

    /// The text of a file as the check saw it: the editor's buffer, else the disk.
    func text(_ path: String) -> String {
        if let document = open[path] { return document.text }
        if case .success(let bytes) = InputFile.read(path, limit: 16 << 20) { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    func positionMap(_ path: String) -> PositionMap { PositionMap(text: text(path), encoding: encoding) }

    func diagnostic(_ finding: Finding, map: PositionMap, state: RepositoryState, maps: inout [String: PositionMap]) -> LSP.Diagnostic {
        let start = SourcePosition(line: finding.line, column: finding.column)
        var end = SourcePosition(line: max(finding.endLine, finding.line), column: finding.endColumn)
        if end <= start { end = SourcePosition(line: start.line, column: start.column + 1) }
        var related: [LSP.DiagnosticRelatedInformation] = []
        let sv = settings.language == .sv
        func place(_ document: Document, _ range: SourceRange) -> LSP.Location {
            let path = state.root + "/" + document.path
            if maps[path] == nil { maps[path] = positionMap(path) }
            return LSP.Location(uri: uri(for: path), range: maps[path]!.lsp(range))
        }
        if let reference = state.index.reference(in: finding.file, at: start) {
            if let target = reference.target {
                related.append(.init(location: place(target.document, target.idNode.range),
                                     message: sv ? "\(reference.value) definieras här" : "\(reference.value) is defined here"))
            }
        }
        if let definition = state.index.definition(in: finding.file, at: start),
           let first = state.index.definition(definition.kind, scope: definition.scope, id: definition.id),
           first.document.path != definition.document.path || first.idNode.range != definition.idNode.range {
            related.append(.init(location: place(first.document, first.idNode.range),
                                 message: sv ? "första definitionen av \(definition.id)" : "first definition of \(definition.id)"))
        }
        return LSP.Diagnostic(
            range: LSP.Range(start: map.lsp(start), end: map.lsp(end)),
            severity: finding.severity == .fel ? 1 : finding.severity == .varning ? 2 : 3,
            code: finding.rule, codeDescription: .init(href: RuleCatalog.documentationURL(finding.rule)),
            source: "styrlint", message: finding.message, relatedInformation: related.isEmpty ? nil : related,
            data: finding.fingerprint)
    }

    /// The state for a file's repository, checking it first when it has not been.
    func state(for path: String) -> RepositoryState? {
        guard let root = root(for: path), !failedRoots.contains(root) else { return nil }
        return states[root] ?? check(root)
    }

    func relativePath(_ path: String, in state: RepositoryState) -> String {
        path.hasPrefix(state.root + "/") ? String(path.dropFirst(state.root.count + 1)) : path
    }

    /// Applies an incremental change (a range in the negotiated encoding) to a text.
    static func apply(_ replacement: String, at range: LSP.Range, to text: String, encoding: PositionMap.Encoding) -> String {
        let map = PositionMap(text: text, encoding: encoding)
        func index(_ position: LSP.Position) -> String.Index {
            guard let line = map.line(position.line) else { return text.endIndex }
            var units = 0
            var index = line.startIndex
            let scalars = line.unicodeScalars
            while index < line.endIndex, units < position.character {
                units += map.width(scalars[index])
                index = scalars.index(after: index)
            }
            return index
        }
        let start = index(range.start), end = index(range.end)
        guard start <= end else { return text }
        var result = text
        result.replaceSubrange(start..<end, with: replacement)
        return result
    }
}
