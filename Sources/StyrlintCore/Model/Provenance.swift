import Foundation

/// What a run examined, so two people can show they examined the same thing: a digest
/// of the exact bytes of every input (documents and config), and the git commit the
/// repository stands on when it is in a git repository.
public struct Provenance: Sendable, Equatable, Encodable {
    /// SHA-256 over the sorted lines `path<TAB>sha256` of every input read.
    public var inputSet: String
    /// The commit `HEAD` names, read from the repository's `.git` without running git (a
    /// plan repository under review is not trusted to run anything).
    public var commit: String?
    /// With a commit: whether any examined input differs from it (or is not in it); nil
    /// when that cannot be told from the repository's files.
    public var dirty: Bool?
    /// The inputs that differ from the commit, relative to the git work tree.
    public var uncommitted: [String]?

    public init(repository: Repository) {
        var lines = repository.documents.compactMap { document in document.digest.map { "\(document.path)\t\($0.sha256)" } }
        if let digest = repository.config.digest { lines.append("\(repository.config.file ?? Config.fileName)\t\(digest.sha256)") }
        inputSet = SHA256Digest.hex(Array(lines.sorted().joined(separator: "\n").utf8))
        commit = GitHead.commit(above: repository.root)
        guard commit != nil else { return }
        let root = repository.root.hasSuffix("/") ? repository.root : repository.root + "/"
        // Every file the run read: documents by the bytes examined, then what shaped the
        // findings without being a document (configuration, the files it inherits, rule
        // folders, the Kolada catalogue), by their bytes now.
        var files: [(path: String, sha256: String?)] = repository.documents.map { (root + $0.path, $0.digest?.sha256) }
        let config = repository.config
        if let file = config.readFrom, file.hasPrefix("/") { files.append((file, config.digest?.sha256)) }
        files += config.inherited.filter { $0.hasPrefix("/") }.map { ($0, nil) }
        if let catalogue = config.kolada.readFrom, catalogue.hasPrefix("/") { files.append((catalogue, nil)) }
        for folder in config.ruleDirectories.map({ RepositoryLoader.absolute($0, cwd: repository.root) }) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            files += names.sorted().prefix(10_000).map { ((folder as NSString).appendingPathComponent($0), nil) }
        }
        if let changed = GitWorktree.uncommitted(files: files, root: repository.root) {
            dirty = !changed.isEmpty
            uncommitted = changed.isEmpty ? nil : changed
        }
    }

    /// The commit part of a provenance line, with the state of the examined inputs against
    /// it: "commit 1a2b… (indata som i commit)", or the files that differ; nil without a commit.
    public static func commitText(_ all: [Provenance], language: Language, short: Bool = false) -> String? {
        let commits = Array(Set(all.compactMap(\.commit))).sorted()
        guard !commits.isEmpty else { return nil }
        let sv = language == .sv
        var text = "commit " + commits.map { short ? String($0.prefix(12)) : $0 }.joined(separator: ", ")
        let changed = all.flatMap { $0.uncommitted ?? [] }.sorted()
        if all.contains(where: { $0.dirty == true }) {
            let shown = changed.prefix(5).joined(separator: ", ") + (changed.count > 5 ? " …" : "")
            text += sv ? " (med ändringar som inte är incheckade, \(changed.count) \(changed.count == 1 ? "fil" : "filer"): \(shown))"
                       : " (with uncommitted changes, \(changed.count) \(changed.count == 1 ? "file" : "files"): \(shown))"
        } else if all.contains(where: { $0.commit != nil && $0.dirty == nil }) {
            text += sv ? " (om indata skiljer sig från commit gick inte att avgöra)" : " (whether the inputs differ from the commit could not be told)"
        } else {
            text += sv ? " (indata som i commit)" : " (inputs as committed)"
        }
        return text
    }

    /// The digest of several repositories' input sets, for a run over several.
    public static func combined(_ all: [Provenance]) -> String {
        SHA256Digest.hex(Array(all.map(\.inputSet).joined(separator: "\n").utf8))
    }
}

/// `HEAD` of the git repository at or above a folder, from the files alone: `.git/HEAD`,
/// a loose ref or `packed-refs`; a worktree's `.git` file is followed. Nil when there is
/// none or it cannot be read.
enum GitHead {
    static func commit(above folder: String) -> String? {
        locate(above: folder).flatMap { resolve($0.gitDirectory) }
    }

    /// The git directory for `folder` and the work tree it belongs to (the folder holding `.git`).
    static func locate(above folder: String) -> (gitDirectory: String, worktree: String)? {
        var current = folder
        for _ in 0..<64 {
            let dotGit = (current as NSString).appendingPathComponent(".git")
            if let gitDirectory = gitDirectory(dotGit) { return (gitDirectory, current) }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
        return nil
    }

    static func read(_ path: String) -> String? {
        guard case .success(let bytes) = InputFile.read(path, limit: 1 << 20) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func gitDirectory(_ dotGit: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return dotGit }
        // A worktree or submodule: "gitdir: <path>".
        guard let text = read(dotGit), text.hasPrefix("gitdir:") else { return nil }
        let target = text.dropFirst(7).trimmingCharacters(in: .whitespacesAndNewlines)
        return target.hasPrefix("/") ? target : ((dotGit as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
    }

    static func isCommitID(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    static func resolve(_ gitDirectory: String) -> String? {
        guard let head = read((gitDirectory as NSString).appendingPathComponent("HEAD"))?.trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        if isCommitID(head) { return head }
        guard head.hasPrefix("ref: ") else { return nil }
        let ref = String(head.dropFirst(5))
        guard !ref.contains(".."), ref.hasPrefix("refs/") else { return nil }
        // A worktree keeps its refs in the common directory.
        var directories = [gitDirectory]
        if let common = read((gitDirectory as NSString).appendingPathComponent("commondir"))?.trimmingCharacters(in: .whitespacesAndNewlines) {
            directories.append(common.hasPrefix("/") ? common : (gitDirectory as NSString).appendingPathComponent(common))
        }
        for directory in directories {
            if let loose = read((directory as NSString).appendingPathComponent(ref))?.trimmingCharacters(in: .whitespacesAndNewlines), isCommitID(loose) {
                return loose
            }
            for line in (read((directory as NSString).appendingPathComponent("packed-refs")) ?? "").split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1)
                if parts.count == 2, parts[1] == ref, isCommitID(String(parts[0])) { return String(parts[0]) }
            }
        }
        return nil
    }
}
