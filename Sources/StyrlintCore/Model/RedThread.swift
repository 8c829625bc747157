/// The röda tråden as one model, built once per repository on the reference index: each
/// goal's `bidrar_till` links resolved in the scope its level looks in (a fullmäktigemål
/// names a målområde of its own plan, any other goal a goal of its `överordnad` plan), the
/// links that lead nowhere, and for every goal and målområde the goals that carry it.
/// RT005's coverage, the auditor's tree, the graph and the editor read the same links.
public struct RedThread: Sendable {
    public struct Goal: Sendable {
        public let definition: ReferenceIndex.Definition
        public let level: PlanLevel?
        /// Links to something of the kind this goal's level must name.
        public let valid: [ReferenceIndex.Definition]
        /// Links to nothing, or to the wrong kind (a nämnd goal naming a målområde): RT003's.
        public let broken: [ReferenceIndex.Reference]
        /// The `bidrar_till` ids as written.
        public let written: [String]

        public var id: String { definition.id }
        public var document: Document { definition.document }
        public var node: YAMLNode { definition.node }
        /// Has a mandate of its own (`grund`) instead of, or beside, a link upwards.
        public var hasMandate: Bool { definition.node.has("grund") }
    }

    public let goals: [Goal]
    private let carriersByKey: [ReferenceIndex.Key: [Int]]
    private let goalByPosition: [Position: Int]

    /// Where a goal's mapping starts in its document.
    struct Position: Hashable {
        let path: String
        let start: SourcePosition
    }

    /// The kind a goal's links must name at its level.
    public static func expectedTarget(of level: PlanLevel?) -> ReferenceIndex.Kind {
        level == .fullmäktige ? .focusArea : .goal
    }

    /// The röda tråden's part of the reference index: its goals, målområden and links.
    public let index: ReferenceIndex

    public init(_ repository: Repository) {
        let index = ReferenceIndex(repository, extent: .redThread)
        self.index = index
        var linksByDocument: [String: [ReferenceIndex.Reference]] = [:]
        for reference in index.references where reference.field == "bidrar_till" && reference.document.kind == .verksamhetsplan {
            linksByDocument[reference.document.path, default: []].append(reference)
        }
        for key in linksByDocument.keys { linksByDocument[key]!.sort { $0.node.range.start < $1.node.range.start } }
        var goals: [Goal] = []
        var carriers: [ReferenceIndex.Key: [Int]] = [:]
        var byPosition: [Position: Int] = [:]
        for definition in index.definitions where definition.kind == .goal {
            let level = definition.document.level
            let expected = Self.expectedTarget(of: level)
            let range = definition.node.range
            // The goal's links are the ones its mapping holds: a binary search in the
            // document's links by position, so a plan of many goals costs no square.
            let all = linksByDocument[definition.document.path] ?? []
            var low = 0, high = all.count
            while low < high {
                let middle = (low + high) / 2
                if all[middle].node.range.start < range.start { low = middle + 1 } else { high = middle }
            }
            var links: [ReferenceIndex.Reference] = []
            while low < all.count, all[low].node.range.end <= range.end {
                links.append(all[low])
                low += 1
            }
            let valid = links.compactMap { $0.target?.kind == expected ? $0.target : nil }
            let broken = links.filter { $0.target?.kind != expected }
            let number = goals.count
            goals.append(Goal(definition: definition, level: level, valid: valid, broken: broken, written: definition.node.strings("bidrar_till")))
            for target in valid { carriers[Self.key(target), default: []].append(number) }
            byPosition[Position(path: definition.document.path, start: range.start)] = number
        }
        self.goals = goals
        carriersByKey = carriers
        goalByPosition = byPosition
    }

    static func key(_ definition: ReferenceIndex.Definition) -> ReferenceIndex.Key {
        ReferenceIndex.key(definition.kind, definition.scope, definition.id)
    }

    /// The goals whose valid links name `definition` (a goal or a målområde), in path order.
    public func carriers(of definition: ReferenceIndex.Definition) -> [Goal] {
        (carriersByKey[Self.key(definition)] ?? []).map { goals[$0] }
    }

    /// The goal whose mapping is `node` in `document`.
    public func goal(_ document: Document, _ node: YAMLNode) -> Goal? {
        goalByPosition[Position(path: document.path, start: node.range.start)].map { goals[$0] }
    }
}
