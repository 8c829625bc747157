/// The röda tråden as one model, built once per repository on the reference index: each
/// goal's `bidrar_till` links resolved in the scope its level looks in (a fullmäktigemål
/// names a målområde of its own plan, any other goal a goal of its `överordnad` plan), the
/// links that lead nowhere, and for every goal and målområde the goals that carry it.
/// RT005's and RT006's coverage, the auditor's tree and the graph read the same links.
public struct RedThread: Sendable {
    public struct Goal: Sendable {
        public let document: Document
        /// The goal's mapping.
        public let node: YAMLNode
        /// Its id, when it has one (a goal without one still carries what it links to).
        public let id: String?
        /// What other goals' links resolve to, when the goal has an id in a plan that is
        /// the first with its id.
        public let definition: ReferenceIndex.Definition?
        public let level: PlanLevel?
        /// Links to something of the kind this goal's level must name, each once.
        public let valid: [ReferenceIndex.Definition]
        /// Links to nothing, or to the wrong kind (a nämnd goal naming a målområde): RT003's.
        public let broken: [ReferenceIndex.Reference]
        /// The `bidrar_till` ids as written (a single value read as a list of one).
        public let written: [String]

        /// Has a mandate of its own (`grund`) instead of, or beside, a link upwards.
        public var hasMandate: Bool { node.has("grund") }
    }

    /// Where a goal's mapping starts in its document.
    struct Position: Hashable {
        let path: String
        let start: SourcePosition
    }

    public let goals: [Goal]
    /// The röda tråden's part of the reference index: its goals, målområden and links.
    public let index: ReferenceIndex
    private let carriersByKey: [ReferenceIndex.Key: [Int]]
    private let goalByPosition: [Position: Int]

    /// The kind a goal's links must name at its level.
    public static func expectedTarget(of level: PlanLevel?) -> ReferenceIndex.Kind {
        level == .fullmäktige ? .focusArea : .goal
    }

    public init(_ repository: Repository) {
        let index = ReferenceIndex(repository, extent: .redThread)
        self.index = index
        // A link belongs to the goal that holds it (an alias's value is written elsewhere,
        // so its position says nothing about its goal).
        var linksByGoal: [Position: [ReferenceIndex.Reference]] = [:]
        for reference in index.references where reference.field == "bidrar_till" {
            guard let owner = reference.owner else { continue }
            linksByGoal[Position(path: reference.document.path, start: owner.range.start), default: []].append(reference)
        }
        var definitions: [Position: ReferenceIndex.Definition] = [:]
        for definition in index.definitions where definition.kind == .goal {
            definitions[Position(path: definition.document.path, start: definition.node.range.start)] = definition
        }
        var goals: [Goal] = []
        var carriers: [ReferenceIndex.Key: [Int]] = [:]
        var byPosition: [Position: Int] = [:]
        for document in repository.plans {
            let level = document.level
            let expected = Self.expectedTarget(of: level)
            for node in document.goals where node.isMapping {
                let position = Position(path: document.path, start: node.range.start)
                guard byPosition[position] == nil else { continue }
                let links = linksByGoal[position] ?? []
                var seen = Set<ReferenceIndex.Key>()
                let valid = links.compactMap { $0.target?.kind == expected ? $0.target : nil }.filter { seen.insert(Self.key($0)).inserted }
                let number = goals.count
                goals.append(Goal(document: document, node: node, id: node.text("id"), definition: definitions[position], level: level,
                                  valid: valid, broken: links.filter { $0.target?.kind != expected }, written: links.map(\.value)))
                for target in valid { carriers[Self.key(target), default: []].append(number) }
                byPosition[position] = number
            }
        }
        self.goals = goals
        carriersByKey = carriers
        goalByPosition = byPosition
    }

    static func key(_ definition: ReferenceIndex.Definition) -> ReferenceIndex.Key {
        ReferenceIndex.key(definition.kind, definition.scope, definition.id)
    }

    /// The goals whose valid links name `definition` (a goal or a målområde), in path order.
    public func carriers(of definition: ReferenceIndex.Definition?) -> [Goal] {
        guard let definition else { return [] }
        return (carriersByKey[Self.key(definition)] ?? []).map { goals[$0] }
    }

    /// The goal whose mapping is `node` in `document`.
    public func goal(_ document: Document, _ node: YAMLNode) -> Goal? {
        goalByPosition[Position(path: document.path, start: node.range.start)].map { goals[$0] }
    }
}
