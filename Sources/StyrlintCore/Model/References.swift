/// The ids of a repository and the places that refer to them: the röda tråden as links
/// between positions. The editor's navigation (definition, references, hover, completion)
/// reads it; the references follow the same scopes as the `reference` check function
/// (a nämnd goal's `bidrar_till` looks in its `överordnad` plan, a fullmäktige goal's in
/// its own målområden, a report's `mål` in the plan the report follows up).
public struct ReferenceIndex: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case plan, report, goal, focusArea, indicator, risk, control, organ
    }

    /// Something an id names: where its id is written and the element around it.
    public struct Definition: Sendable {
        public let kind: Kind
        public let id: String
        /// The id of the document that holds it (the document's own id for a plan).
        public let scope: String
        public let document: Document
        /// The id's scalar.
        public let idNode: YAMLNode
        /// The element (a goal's mapping, a plan's root).
        public let node: YAMLNode
    }

    /// A scalar that names an id.
    public struct Reference: Sendable {
        public let document: Document
        public let node: YAMLNode
        public let field: String
        public let value: String
        /// What the reference may name, for completion (the ids in scope).
        public let kinds: [Kind]
        public let scope: String?
        public let target: Definition?
        /// The element whose field holds it (a goal, for `bidrar_till`).
        public var owner: YAMLNode? = nil
    }

    public let definitions: [Definition]
    public let references: [Reference]
    private let byKey: [Key: Definition]

    /// A definition's identity as a value: no string is built to look one up.
    struct Key: Hashable {
        let kind: Kind
        let scope: String
        let id: String
    }

    static func key(_ kind: Kind, _ scope: String, _ id: String) -> Key { Key(kind: kind, scope: scope, id: id) }

    /// What an index holds: everything (the editor, the graph), or only the röda tråden's
    /// goals, målområden and `bidrar_till` links, which a check run needs and builds faster.
    public enum Extent: Sendable { case all, redThread }

    public init(_ repository: Repository, extent: Extent = .all) {
        let all = extent == .all
        var definitions: [Definition] = []
        var byKey: [Key: Definition] = [:]
        func define(_ kind: Kind, _ id: String?, scope: String, _ document: Document, idNode: YAMLNode?, node: YAMLNode) {
            guard let id, let idNode, !id.isEmpty else { return }
            let definition = Definition(kind: kind, id: id, scope: scope, document: document, idNode: idNode, node: node)
            definitions.append(definition)
            // The first definition wins, as the checks read duplicates.
            let key = Self.key(kind, scope, id)
            if byKey[key] == nil { byKey[key] = definition }
        }
        var definedDocuments = Set<String>()
        for document in repository.documents {
            // The first document with an id holds what is scoped by it, as the checks read
            // duplicates (DOK007 reports the second).
            guard let root = document.root, let documentID = document.id, definedDocuments.insert(documentID).inserted else { continue }
            switch document.kind {
            case .verksamhetsplan? where all, .internkontrollplan? where all:
                define(.plan, documentID, scope: "", document, idNode: root["id"], node: root)
            case .rapport? where all:
                define(.report, documentID, scope: "", document, idNode: root["id"], node: root)
            default:
                break
            }
            guard document.kind == .verksamhetsplan || all else { continue }
            for goal in root.list("mål") where document.kind == .verksamhetsplan {
                define(.goal, goal.text("id"), scope: documentID, document, idNode: goal["id"], node: goal)
                for indicator in goal.list("indikatorer") where all {
                    define(.indicator, indicator.text("id"), scope: "\(documentID)/\(goal.text("id") ?? "")", document, idNode: indicator["id"], node: indicator)
                }
            }
            for area in root.list("målområden") { define(.focusArea, area.text("id"), scope: documentID, document, idNode: area["id"], node: area) }
            guard all else { continue }
            for organ in root.list("organisation") { define(.organ, organ.text("id"), scope: documentID, document, idNode: organ["id"], node: organ) }
            if document.kind == .internkontrollplan {
                for risk in root.list("risker") { define(.risk, risk.text("id"), scope: documentID, document, idNode: risk["id"], node: risk) }
                for control in root.list("kontrollmoment") {
                    define(.control, control.text("id"), scope: documentID, document, idNode: control["id"], node: control)
                }
            }
        }
        self.definitions = definitions
        self.byKey = byKey

        var references: [Reference] = []
        func scalars(_ node: YAMLNode?) -> [YAMLNode] {
            guard let node, !node.isNull else { return [] }
            return (node.isSequence ? Array(node.items) : [node]).filter { $0.isScalar && !$0.isNull }
        }
        func refer(_ document: Document, _ node: YAMLNode?, field: String, kinds: [Kind], scope: String?, owner: YAMLNode? = nil) {
            for item in scalars(node) {
                guard let value = item.scalar else { continue }
                var target: Definition?
                for kind in kinds where target == nil { target = byKey[Self.key(kind, scope ?? "", value)] }
                var reference = Reference(document: document, node: item, field: field, value: value, kinds: kinds, scope: scope, target: target)
                reference.owner = owner
                references.append(reference)
            }
        }
        // The röda tråden's links: a fullmäktige goal's in its own målområden, any other goal's
        // in its överordnad plan (whether or not its own plan has an id).
        func links(_ document: Document, _ root: YAMLNode, _ documentID: String?) {
            let parent = document.string("överordnad")
            for goal in root.list("mål") {
                if document.level == .fullmäktige {
                    refer(document, goal["bidrar_till"], field: "bidrar_till", kinds: [.focusArea], scope: documentID, owner: goal)
                } else {
                    // A målområde of the parent is a wrong level (RT003 says so) but still a place to go.
                    refer(document, goal["bidrar_till"], field: "bidrar_till", kinds: [.goal, .focusArea], scope: parent, owner: goal)
                }
            }
        }
        let councils = Set(repository.documents.filter { $0.level == .fullmäktige }.compactMap(\.id))
        for document in repository.documents {
            guard let root = document.root else { continue }
            guard let documentID = document.id else {
                if document.kind == .verksamhetsplan { links(document, root, nil) }
                continue
            }
            if !all {
                if document.kind == .verksamhetsplan { links(document, root, documentID) }
                continue
            }
            // The organisation an organ id is looked up in: the fullmäktige plan above the document.
            let council = repository.councilPlan(above: document)?.id ?? (councils.count == 1 ? councils.first : nil)
            refer(document, root["organ"], field: "organ", kinds: [.organ], scope: council)
            switch document.kind {
            case .verksamhetsplan?:
                refer(document, root["överordnad"], field: "överordnad", kinds: [.plan], scope: "")
                links(document, root, documentID)
                for action in root.list("handlingsplan") {
                    refer(document, action["mål"], field: "mål", kinds: [.goal], scope: documentID)
                }
            case .internkontrollplan?:
                for control in root.list("kontrollmoment") {
                    refer(document, control["risker"], field: "risker", kinds: [.risk], scope: documentID)
                }
                for action in root.list("åtgärder") {
                    refer(document, action["risker"], field: "risker", kinds: [.risk], scope: documentID)
                }
            case .rapport?:
                refer(document, root["plan"], field: "plan", kinds: [.plan], scope: "")
                let plan = document.string("plan")
                for assessment in root.list("måluppfyllelse") {
                    refer(document, assessment["mål"], field: "mål", kinds: [.goal], scope: plan)
                    let goal = assessment.text("mål") ?? ""
                    for outcome in assessment.list("utfall") {
                        refer(document, outcome["indikator"], field: "indikator", kinds: [.indicator], scope: plan.map { "\($0)/\(goal)" })
                    }
                }
                for result in root.list("kontroller") {
                    refer(document, result["kontrollmoment"], field: "kontrollmoment", kinds: [.control], scope: plan)
                }
            default:
                break
            }
        }
        self.references = references
    }

    public func definition(_ kind: Kind, scope: String, id: String) -> Definition? {
        byKey[Self.key(kind, scope, id)]
    }

    /// The ids a reference may name: what completion offers at it.
    public func candidates(for reference: Reference) -> [Definition] {
        definitions.filter { reference.kinds.contains($0.kind) && $0.scope == (reference.scope ?? "") }
    }

    /// Everything that refers to a definition.
    public func references(to definition: Definition) -> [Reference] {
        references.filter { reference in
            guard let target = reference.target else { return false }
            return target.kind == definition.kind && target.scope == definition.scope && target.id == definition.id
        }
    }

    /// The reference whose scalar holds a position (the end counts: a cursor after the id).
    public func reference(in path: String, at position: SourcePosition) -> Reference? {
        references.first { $0.document.path == path && Self.contains($0.node.range, position) }
    }

    /// The definition whose id scalar holds a position.
    public func definition(in path: String, at position: SourcePosition) -> Definition? {
        definitions.first { $0.document.path == path && Self.contains($0.idNode.range, position) }
    }

    static func contains(_ range: SourceRange, _ position: SourcePosition) -> Bool {
        range.start <= position && (position < range.end || position == range.end)
    }
}
