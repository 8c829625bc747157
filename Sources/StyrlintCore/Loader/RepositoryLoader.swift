import Foundation

/// Finds the plan repositories a run covers and the files of each.
///
/// A repository is a folder with `styrlint.yml` (found by walking up from a path), or
/// the current folder when there is none. A sub-folder with its own `styrlint.yml` is a
/// repository of its own: ids resolve within a repository, never across.
public struct RepositoryPlan: Sendable {
    /// Absolute root folder.
    public var root: String
    /// Absolute paths of its YAML files, sorted.
    public var files: [String] {
        get { ReadFiles.split(joinedFiles) }
        set {
            joinedFiles = ReadFiles.joined(newValue)
            fileCount = newValue.count
        }
    }
    /// The paths in one string, NUL between them: the walk plans every repository before
    /// the first is checked, and a string per path was the largest thing a national run
    /// held while it went.
    public private(set) var joinedFiles = ""
    public private(set) var fileCount = 0
    /// Repository-relative paths to report on; nil reports on every file.
    public var reported: Set<String>?
    /// The root's `styrlint.yml`, when it has one.
    public var configFile: String?
    /// Files and folders the walk could not take; each becomes a finding.
    public var skipped: [RepositoryLoader.Skipped] = []
    /// Only files were named (no folder, not the whole repository): a check of an edit.
    public var namedFilesOnly = false

    public init(root: String, files: [String], reported: Set<String>?, configFile: String?, skipped: [RepositoryLoader.Skipped] = [],
                namedFilesOnly: Bool = false) {
        self.root = root
        self.reported = reported
        self.configFile = configFile
        self.skipped = skipped
        self.namedFilesOnly = namedFilesOnly
        self.files = files
    }
}

public enum RepositoryLoader {
    static let fileManager = FileManager.default

    /// An absolute path, `.` and `..` resolved by name only: links are kept as written,
    /// so a named file that is a link out of the repository is seen as one.
    public static func absolute(_ path: String, cwd: String) -> String {
        let joined = path.hasPrefix("/") ? path : (cwd as NSString).appendingPathComponent(path)
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// A workbook, Word document or CSV file: a plan kept outside YAML, which `import.filer`
    /// describes or a DOK001 finding asks to be described. Excel's `~$` owner files, which
    /// exist while a workbook is open, are not plans.
    static func isPlanTableName(_ name: String) -> Bool {
        // `.txt` is imported when named (Excel's Unicode text) but is no plan when the walk meets it.
        !name.hasPrefix("~$") && !name.lowercased().hasSuffix(".txt") && PlanImporter.format(of: name) != nil
    }

    static func isYAMLName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    /// The canonical path, every link resolved (realpath(3)); the path itself when that fails.
    public static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return fileManager.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// The nearest folder at or above `start` that holds `styrlint.yml`.
    public static func findRoot(from start: String) -> String? {
        var current = start
        while true {
            if fileManager.fileExists(atPath: (current as NSString).appendingPathComponent(Config.fileName)) { return current }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    static func relative(_ path: String, to root: String) -> String {
        if path == root { return "" }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// `path` as seen from `folder`, with `..` where needed ("" for the folder itself).
    public static func relativePath(_ path: String, from folder: String) -> String {
        let target = path.split(separator: "/"), base = folder.split(separator: "/")
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }

    public static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// Plans the repositories for the given paths (none: the repository around `cwd`).
    /// With `forceExclude`, named files outside the configured `sökvägar` (and hidden
    /// files) are skipped, as when a pre-commit hook passes every changed YAML file.
    public static func plan(paths: [String], cwd: String, forceExclude: Bool = false, excludedFolders: [String] = [],
                            ruleFolders: (String) throws -> [String] = { _ in [] },
                            pathPositions: (String) throws -> [SourcePosition] = { _ in [] },
                            importedFiles: (String) throws -> [String] = { _ in [] },
                            includePaths: (String) throws -> [String]) throws -> [RepositoryPlan] {
        // Keyed by the roots' bytes: two folders whose names differ only in Unicode
        // normalisation are two repositories here, and a twin finding below, never one
        // folder's inputs quietly added to the other's.
        var inputsByRoot: [[UInt8]: (root: String, inputs: [String])] = [:]
        if paths.isEmpty {
            let root = findRoot(from: cwd) ?? cwd
            inputsByRoot[Array(root.utf8)] = (root, [root])
        }
        for path in paths {
            let full = absolute(path, cwd: cwd)
            guard fileManager.fileExists(atPath: full) else {
                throw StyrlintError(sv: "\(path): sökvägen finns inte", en: "\(path): no such file or folder")
            }
            let directory = isDirectory(full)
            let start = directory ? full : (full as NSString).deletingLastPathComponent
            let root = findRoot(from: start) ?? (isInside(full, cwd) ? cwd : start)
            inputsByRoot[Array(root.utf8), default: (root, [])].inputs.append(full)
        }
        var plans: [RepositoryPlan] = []
        for (root, inputs) in inputsByRoot.values.sorted(by: { $0.root.utf8.lexicographicallyPrecedes($1.root.utf8) }) {
            plans += try expand(root: root, inputs: inputs, forceExclude: forceExclude,
                                excluded: Set(excludedFolders.map(realPath)), ruleFolders: ruleFolders, pathPositions: pathPositions,
                                importedFiles: importedFiles, includePaths: includePaths)
        }
        // Two roots equal after Unicode normalisation (twin folders named on the command
        // line) are one repository to every index keyed by path: keep the first.
        var byRoot: [String: Int] = [:]
        var unique: [RepositoryPlan] = []
        for plan in plans.sorted(by: { $0.root.utf8.lexicographicallyPrecedes($1.root.utf8) }) {
            if let index = byRoot[plan.root] {
                if Array(unique[index].root.utf8) != Array(plan.root.utf8) {
                    let name = "../" + (plan.root as NSString).lastPathComponent
                    unique[index].skipped.append(Skipped(path: name, reason: .twin(of: "../" + (unique[index].root as NSString).lastPathComponent)))
                } else {
                    // The same repository reached twice (`check . sub`): one plan, reporting on both.
                    if unique[index].reported != nil {
                        unique[index].reported = plan.reported.map { unique[index].reported!.union($0) }
                    }
                    let known = Set(unique[index].files)
                    unique[index].files = (unique[index].files + plan.files.filter { !known.contains($0) }).sorted()
                }
                continue
            }
            byRoot[plan.root] = unique.count
            unique.append(plan)
        }
        return unique
    }

    /// The files of `root` (and of nested repositories found below it).
    static func expand(root: String, inputs allInputs: [String], forceExclude: Bool, excluded: Set<String>,
                       ruleFolders: (String) throws -> [String], pathPositions: (String) throws -> [SourcePosition],
                       importedFiles: (String) throws -> [String] = { _ in [] },
                       includePaths: (String) throws -> [String]) throws -> [RepositoryPlan] {
        let configFile = (root as NSString).appendingPathComponent(Config.fileName)
        let hasConfig = fileManager.fileExists(atPath: configFile)
        let configured = try includePaths(root).map { absolute($0, cwd: root) }
        let realRoot = realPath(root)
        let positions = try pathPositions(root)
        func place(_ index: Int) -> String {
            let file = relative(configFile, to: root)
            return index < positions.count ? "\(file):\(positions[index].line):\(positions[index].column)" : file
        }
        for (index, (written, path)) in zip(try includePaths(root), configured).enumerated() where !isInside(realPath(path), realRoot) {
            throw StyrlintError(sv: "\(place(index)): sökvägar: '\(Escape.terminal(written, singleLine: true))' ligger utanför arkivet \(Escape.terminal(root, singleLine: true)); styrlint läser bara filer i arkivet. Ange en mapp under arkivets rot",
                                en: "\(place(index)): sökvägar: '\(Escape.terminal(written, singleLine: true))' lies outside the repository \(Escape.terminal(root, singleLine: true)); styrlint reads only files inside it. Name a folder below the repository root")
        }
        for (index, path) in configured.enumerated() where !fileManager.fileExists(atPath: path) {
            throw StyrlintError(sv: "\(place(index)): sökvägar: '\(Escape.terminal(relative(path, to: root), singleLine: true))' finns inte i arkivet; rätta sökvägen eller skapa mappen",
                                en: "\(place(index)): sökvägar: '\(Escape.terminal(relative(path, to: root), singleLine: true))' does not exist in the repository; fix the path or create the folder")
        }
        let includes = configured.isEmpty ? [root] : configured
        // The config file is settings, never a document, even when named.
        var inputs = allInputs.filter { $0 != configFile }
        if forceExclude {
            inputs = inputs.filter { input in
                includes.contains { isInside(input, $0) }
                    && !relative(input, to: root).split(separator: "/").contains { $0.hasPrefix(".") }
            }
            if inputs.isEmpty { return [] }
        }
        var walker = Walker(root: root)
        // Rule folders (`regelmappar`, `--rules`) hold rules, never documents.
        walker.excluded = excluded.union(try ruleFolders(root).map { realPath(absolute($0, cwd: root)) })
        // Workbooks the configuration names (`import.filer`) are documents wherever they lie.
        walker.importable = Set(try importedFiles(root).map { absolute($0, cwd: root) })
        for include in includes {
            walker.walk(include)
        }
        for file in walker.importable.sorted() where !includes.contains(where: { isInside(file, $0) }) && fileManager.fileExists(atPath: file) {
            walker.walk(file)
        }
        // Inputs outside the configured paths are still read, and a named file is read
        // whatever its name: the user asked for it.
        for input in inputs where input != root && (!isDirectory(input) || !includes.contains(where: { isInside(input, $0) })) {
            // A named path that resolves outside the repository (a link, or a linked folder
            // on the way) is refused like a link found by the walk.
            if !isInside(realPath(input), realRoot) {
                walker.skipped.append(Skipped(path: input, reason: .outside))
                continue
            }
            walker.walk(input)
        }
        var reported: Set<String>?
        if !inputs.contains(root) {
            // A set of named paths and a walk up each file's folders: linear in files ×
            // depth, where testing every file against every name was quadratic for the
            // thousands of names pre-commit passes. Compared by bytes: as Swift strings a
            // name and its Unicode twin are equal, and the twin was not named.
            let named = Set(inputs.map(\.utf8Bytes))
            func isNamed(_ file: String) -> Bool {
                var current = file
                while true {
                    if named.contains(current.utf8Bytes) { return true }
                    let parent = (current as NSString).deletingLastPathComponent
                    if parent == current || parent.count < root.count { return false }
                    current = parent
                }
            }
            reported = Set(walker.files.filter(isNamed).map { relative($0, to: root) })
            if inputs.contains(where: isDirectory) { reported?.insert(Config.fileName) }
            // What the walk could not take inside the named paths is reported, and nothing
            // outside them: a pre-commit run on one file must not fail on another.
            reported?.formUnion(walker.skipped.filter { isNamed($0.path) }.map { relative($0.path, to: root) })
        }
        let skipped = walker.skipped.map { Skipped(path: relative($0.path, to: root), reason: $0.reason) }
        var plans = [RepositoryPlan(root: root, files: walker.files.sorted(), reported: reported, configFile: hasConfig ? configFile : nil,
                                    skipped: skipped, namedFilesOnly: reported != nil && !inputs.contains(where: isDirectory))]
        for nested in walker.nestedRoots.sorted() {
            let nestedInputs = inputs.contains { isInside(nested, $0) } ? [nested] : inputs.filter { isInside($0, nested) }
            guard !nestedInputs.isEmpty else { continue }
            plans += try expand(root: nested, inputs: nestedInputs, forceExclude: forceExclude, excluded: excluded,
                                ruleFolders: ruleFolders, pathPositions: pathPositions, importedFiles: importedFiles, includePaths: includePaths)
        }
        // A folder that only holds repositories is not a repository itself.
        return plans.filter { $0.fileCount > 0 || !$0.skipped.isEmpty || ($0.root == root && walker.nestedRoots.isEmpty) }
    }

    /// A file or folder the walk could not take, reported as a finding on that path.
    public struct Skipped: Sendable, Hashable {
        public enum Reason: Sendable, Hashable {
            /// Its name equals an earlier one's after Unicode normalisation (å precomposed or not).
            case twin(of: String)
            /// A folder that cannot be listed, with the `errno` value.
            case unlistable(Int32)
            /// A name that is not valid UTF-8, shown with its bytes escaped.
            case invalidName
            /// A link whose target lies outside the repository: never read, never quoted.
            case outside
        }
        public var path: String
        public var reason: Reason
    }

    /// The folder walk: `readdir` with `d_type`, so a file costs no `stat` and no `realpath`.
    /// Paths are compared as Swift strings, that is after Unicode normalisation: two names
    /// that differ only in how å is encoded are one name to a reader (and to macOS), so the
    /// second becomes a finding instead of a second document with the same path.
    struct Walker {
        let root: String
        /// Real paths of folders never read as documents (rule folders).
        var excluded: Set<String> = []
        /// Absolute paths of workbooks, Word documents and CSV files read as plans.
        var importable: Set<String> = []
        var files: [String] = []
        var nestedRoots: [String] = []
        var skipped: [Skipped] = []
        private var seenFiles = Set<String>()
        private var seenRoots = Set<String>()
        private var visited = Set<FileIdentity>()

        /// The root with every link resolved: the boundary nothing is read beyond.
        let realRoot: String

        init(root: String) {
            self.root = root
            realRoot = RepositoryLoader.realPath(root)
            // A link back to the root (`plans/loop -> ..`) is a loop, not a nested repository.
            if let identity = FileIdentity(root) { visited.insert(identity) }
        }

        /// A link (at any depth below the root) that leads out of the repository.
        func leadsOutside(_ path: String) -> Bool {
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return false }
            let target = RepositoryLoader.realPath(path)
            return !RepositoryLoader.isInside(target, realRoot)
        }

        /// `isLink`: what the listing's `d_type` said; nil asks `lstat`.
        mutating func addFile(_ path: String, isLink: Bool? = nil) {
            if isLink != false, leadsOutside(path) {
                skipped.append(Skipped(path: path, reason: .outside))
                return
            }
            if let first = seenFiles.firstIndexEqual(to: path) {
                if first != path.utf8Bytes { skipped.append(Skipped(path: path, reason: .twin(of: String(decoding: first, as: UTF8.self)))) }
                return
            }
            seenFiles.insert(path)
            files.append(path)
        }

        mutating func walk(_ path: String) {
            guard RepositoryLoader.isDirectory(path) else {
                if excluded.isEmpty || !excluded.contains(RepositoryLoader.realPath(path)) { addFile(path) }
                return
            }
            if path != root, leadsOutside(path) {
                skipped.append(Skipped(path: path, reason: .outside))
                return
            }
            // Follow links to folders once: a link loop ends here.
            guard let identity = FileIdentity(path), visited.insert(identity).inserted || path == root else { return }
            if !excluded.isEmpty, excluded.contains(RepositoryLoader.realPath(path)) { return }
            if path != root, fileManager.fileExists(atPath: (path as NSString).appendingPathComponent(Config.fileName)) {
                if let first = seenRoots.firstIndexEqual(to: path) {
                    skipped.append(Skipped(path: path, reason: .twin(of: String(decoding: first, as: UTF8.self))))
                } else {
                    seenRoots.insert(path)
                    nestedRoots.append(path)
                }
                return
            }
            let listing: [DirectoryEntry]
            switch DirectoryEntry.list(path) {
            case .success(let entries): listing = entries
            case .failure(let failure):
                skipped.append(Skipped(path: path, reason: .unlistable(failure.code)))
                return
            }
            for entry in listing where entry.name.first != UInt8(ascii: ".") {
                guard let name = String(validating: entry.name, as: UTF8.self) else {
                    skipped.append(Skipped(path: (path as NSString).appendingPathComponent(Escape.bytes(entry.name)), reason: .invalidName))
                    continue
                }
                let child = (path as NSString).appendingPathComponent(name)
                if entry.isDirectory ?? RepositoryLoader.isDirectory(child) {
                    walk(child)
                } else if (RepositoryLoader.isYAMLName(name) || importable.contains(child) || RepositoryLoader.isPlanTableName(name))
                            && !(path == root && name == Config.fileName)
                            && (excluded.isEmpty || !excluded.contains(RepositoryLoader.realPath(child))) {
                    addFile(child, isLink: entry.isLink)
                }
            }
        }
    }

    /// Reads and loads every file of a plan. Unreadable and oversized files become findings.
    /// `overlays` are texts that replace files on disk (an editor's unsaved buffers), by
    /// absolute path as the walk names the files.
    public static func loadDocuments(_ plan: RepositoryPlan, config: Config, threads: Int = 1,
                                     overlays: [String: [UInt8]] = [:], digests: Bool = true,
                                     identity: (@Sendable (FileIdentity) -> Void)? = nil,
                                     loaded: (@Sendable () -> Void)? = nil) -> [Document] {
        let all = plan.files
        let files = Array(all.prefix(config.maxDocuments))
        let importsByPath = Dictionary(config.imports.sources.map { (absolute($0.file, cwd: plan.root), $0.request) }, uniquingKeysWith: { first, _ in first })
        var documents = ConcurrentMap.map(files, threads: threads) { file in
            defer { loaded?() }
            if let bytes = overlays[file] {
                guard bytes.count <= config.maxFileBytes else {
                    return DocumentLoader.unreadable(path: relative(file, to: plan.root),
                                                     reason: "\(bytes.count / 1024) kB > \(config.maxFileBytes / 1024) kB", variant: "tooLarge")
                }
                return DocumentLoader.load(path: relative(file, to: plan.root), bytes: bytes, limits: config.limits, digest: digests)
            }
            return loadFile(file, relativePath: relative(file, to: plan.root), config: config, importing: importsByPath[file], digest: digests,
                            identity: identity)
        }
        for skipped in plan.skipped {
            switch skipped.reason {
            case .twin(let first):
                documents.append(DocumentLoader.unreadable(path: skipped.path, reason: relative(first, to: plan.root), variant: "twinName"))
            case .unlistable(let code):
                let reason = InputFile.errorNames(of: code)
                documents.append(DocumentLoader.unreadable(path: skipped.path, reason: reason.en, swedishReason: reason.sv, variant: "unlistable"))
            case .invalidName:
                documents.append(DocumentLoader.unreadable(path: skipped.path, reason: "", variant: "invalidName"))
            case .outside:
                documents.append(DocumentLoader.unreadable(path: skipped.path, reason: "", variant: "outsideRepository"))
            }
        }
        if let identity {
            // Files past the cap are not read, but are the repository's files all the same.
            for file in all.dropFirst(config.maxDocuments) { FileIdentity(file).map(identity) }
        }
        if all.count > config.maxDocuments {
            // Never drop files silently: the first one left out carries the finding.
            documents.append(DocumentLoader.unreadable(
                path: relative(all[config.maxDocuments], to: plan.root),
                reason: "\(all.count) > \(config.maxDocuments)", variant: "tooManyDocuments"))
        }
        return documents
    }

    static func loadFile(_ file: String, relativePath: String, config: Config, importing request: ImportRequest? = nil,
                         digest: Bool = true, identity: ((FileIdentity) -> Void)? = nil) -> Document {
        switch InputFile.read(file, limit: config.maxFileBytes, identity: identity) {
        case .success(let bytes):
            if let request {
                return DocumentLoader.loadImported(path: relativePath, bytes: bytes, request: request, limits: config.limits, digest: digest)
            }
            if PlanImporter.format(of: file) != nil && !isYAMLName(file) {
                return DocumentLoader.unreadable(path: relativePath, reason: "", variant: "importNotConfigured")
            }
            return DocumentLoader.load(path: relativePath, bytes: bytes, limits: config.limits, digest: digest)
        case .failure(.tooLarge(let size)):
            return DocumentLoader.unreadable(path: relativePath, reason: "\(size / 1024) kB > \(config.maxFileBytes / 1024) kB", variant: "tooLarge")
        case .failure(.notRegular(let mode)):
            let names = InputFile.kindNames(of: mode)
            return DocumentLoader.unreadable(path: relativePath, reason: names.en, swedishReason: names.sv, variant: "notRegular")
        case .failure(.unreadable(let code)):
            if code == ENAMETOOLONG {
                return DocumentLoader.unreadable(path: relativePath, reason: "\(PATH_MAX)", variant: "pathTooLong")
            }
            let reason = InputFile.errorNames(of: code)
            if let target = try? fileManager.destinationOfSymbolicLink(atPath: file), !fileManager.fileExists(atPath: file) {
                return DocumentLoader.unreadable(path: relativePath, reason: "", variant: "brokenLink", arguments: ["target": target])
            }
            return DocumentLoader.unreadable(path: relativePath, reason: reason.en, swedishReason: reason.sv)
        }
    }
}

/// Order-preserving parallel map: results come back in input order whatever the
/// scheduling, so output never depends on the number of threads.
public enum ConcurrentMap {
    public static let cores = ProcessInfo.processInfo.activeProcessorCount

    public static func map<T: Sendable, R: Sendable>(_ items: [T], threads: Int, _ transform: @Sendable (T) -> R) -> [R] {
        let workers = max(1, min(threads, items.count))
        if workers <= 1 { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer {
            // The results were copied out; the slots still own theirs until deinitialized.
            _ = results.deinitialize()
            results.deallocate()
        }
        let box = ResultsBox(results)
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            // Work-stealing by index: an expensive item does not hold up a fixed stride.
            while let index = next.take(below: items.count) {
                box.buffer[index] = transform(items[index])
            }
        }
        return results.map { $0! }
    }

    private final class ResultsBox<R>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<R?>
        init(_ buffer: UnsafeMutableBufferPointer<R?>) { self.buffer = buffer }
    }

    private final class NextIndex: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()

        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
