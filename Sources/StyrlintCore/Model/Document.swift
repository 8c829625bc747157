/// One YAML file of a plan repository, parsed and typed against the schema.
public final class Document: Sendable {
    /// Path relative to the repository root, with `/` separators.
    public let path: String
    public let tree: YAMLTree?
    public let kind: DocumentKind?
    /// Problems the loader found (DOK001-DOK006), keyed by the schema check that found them.
    public let loadProblems: [LoadProblem]
    /// `# styrlint: ignorera ...` comments.
    public let suppressions: [Suppression]
    /// The input as it was read: its size and SHA-256, nil when it could not be read.
    public let digest: InputDigest?
    /// For a plan kept as a workbook, Word document or CSV file: the cell each line of the
    /// YAML it was read into came from.
    public let cells: CellMap?
    /// The top-level scalars every rule's `where` and most checks ask for, read once.
    /// `frequentKeys[i]`'s scalar at `topScalars[i]`.
    private let topScalars: [String?]
    /// `id`, `organ` and `nivå` first: the init reads them by position.
    static let frequentKeys = ["id", "organ", "nivå", "typ", "rapporttyp", "status", "plan", "överordnad", "period", "år"].map(YAMLKey.init)
    /// The document id when it is written as a valid scalar.
    public let id: String?
    public let organ: String?
    /// A verksamhetsplan's `nivå`, when it is one of the levels.
    public let level: PlanLevel?

    init(path: String, digest: InputDigest? = nil, tree: YAMLTree?, kind: DocumentKind?, loadProblems: [LoadProblem], suppressions: [Suppression] = [],
         cells: CellMap? = nil) {
        self.path = path
        self.cells = cells
        self.digest = digest
        self.tree = tree
        self.kind = kind
        self.loadProblems = loadProblems
        self.suppressions = suppressions
        let root = tree?.root.flatMap { $0.isMapping ? $0 : nil }
        let scalars = Self.frequentKeys.map { root?[$0]?.scalar }
        topScalars = scalars
        id = scalars[0].flatMap { $0.isEmpty ? nil : $0 }
        organ = scalars[1]
        level = kind == .verksamhetsplan ? scalars[2].flatMap(PlanLevel.init(rawValue:)) : nil
    }

    public var root: YAMLNode? { tree?.root.flatMap { $0.isMapping ? $0 : nil } }

    public func string(_ key: String) -> String? {
        string(YAMLKey(key))
    }

    /// A top-level scalar by a key numbered once (a rule's `where`), not per call.
    public func string(_ lookup: YAMLKey) -> String? {
        if lookup.id != YAMLKey.unknown, let index = Self.frequentKeys.firstIndex(where: { $0.id == lookup.id }) {
            return topScalars[index]
        }
        return root?[lookup]?.scalar
    }

    public func location(_ node: YAMLNode?) -> Location {
        Location(file: path, range: node?.range ?? root?.range ?? .fileStart)
    }

    /// Where a finding about a missing key points: the document's first line.
    public var startLocation: Location {
        Location(file: path, range: root.map { SourceRange(start: $0.start, end: $0.start) } ?? .fileStart)
    }

    /// `id` or the path, for subjects of findings.
    public var subjectID: String { id ?? path }
}

/// A loader-level problem, reported by the DOK rules through the `schema` function.
public struct LoadProblem: Sendable {
    public enum Check: String, Sendable, CaseIterable {
        case syntax, duplicateKey = "duplicate-key", documentType = "document-type",
             required, type, unknownKey = "unknown-key", importing = "import"
    }

    public var check: Check
    public var variant: String?
    public var arguments: [String: String]
    public var range: SourceRange
    public var subject: String
    /// The mechanical repair, when the message names exactly what to write.
    public var fix: Fix? = nil
}

/// Size and SHA-256 of the exact bytes a document was parsed from.
public struct InputDigest: Sendable, Hashable {
    public let bytes: Int
    public let sha256: String

    public init<Bytes: Collection>(of content: Bytes) where Bytes.Element == UInt8 {
        bytes = content.count
        sha256 = SHA256Digest.hex(content)
    }
}
