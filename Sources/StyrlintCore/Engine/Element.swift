/// What a rule's `given` selects. Names are the format's own Swedish keys.
public enum ElementKind: String, Sendable, CaseIterable {
    /// Every file, including those that did not parse.
    case dokument
    case verksamhetsplan, internkontrollplan, rapport
    case mål, indikator, målområde, organ, investering, handlingsplan
    case risk, kontrollmoment, åtgärd
    case ekonomi, måluppfyllelse, utfall, kontroll
    /// The whole repository, once.
    case arkiv

    /// The schema of what the selector selects, for checking the paths rules name.
    public var schema: ObjectSchema? {
        switch self {
        case .dokument, .arkiv: return nil
        case .verksamhetsplan: return Schema.plan
        case .internkontrollplan: return Schema.internalControlPlan
        case .rapport: return Schema.report
        case .mål: return Schema.goal
        case .indikator: return Schema.indicator
        case .målområde: return Schema.focusArea
        case .organ: return Schema.organ
        case .investering: return Schema.investment
        case .handlingsplan: return Schema.actionItem
        case .risk: return Schema.risk
        case .kontrollmoment: return Schema.control
        case .åtgärd: return Schema.riskAction
        case .ekonomi: return Schema.economy
        case .måluppfyllelse: return Schema.assessment
        case .utfall: return Schema.outcome
        case .kontroll: return Schema.controlResult
        }
    }

    public var summary: String {
        switch self {
        case .dokument: return "every file, also those that did not load"
        case .verksamhetsplan: return "each verksamhetsplan (root)"
        case .internkontrollplan: return "each internkontrollplan (root)"
        case .rapport: return "each rapport (root)"
        case .mål: return "each goal of a verksamhetsplan (`mål` items)"
        case .indikator: return "each indicator of a goal"
        case .målområde: return "each målområde of a fullmäktige plan"
        case .organ: return "each `organisation` entry of a fullmäktige plan"
        case .investering: return "each `investeringar` item"
        case .handlingsplan: return "each `handlingsplan` item"
        case .risk: return "each risk of an internkontrollplan"
        case .kontrollmoment: return "each kontrollmoment of an internkontrollplan"
        case .åtgärd: return "each `åtgärder` item of an internkontrollplan"
        case .ekonomi: return "the `ekonomi` section of a rapport"
        case .måluppfyllelse: return "each goal assessment of a rapport"
        case .utfall: return "each `utfall` item of a goal assessment"
        case .kontroll: return "each `kontroller` item of an internkontrollrapport"
        case .arkiv: return "the repository as a whole, once"
        }
    }
}

/// One selected element: a node, the document it is in and, for nested elements, its owner.
/// A class, not a struct: every rule visits every element of its kind, and passing an
/// element then retains one object instead of each of its references.
public final class Element: Sendable {
    public let kind: ElementKind
    public let node: YAMLNode?
    public let document: Document?
    /// The goal of an indicator, the assessment of an utfall item.
    public let owner: YAMLNode?
    private let subjectForm: SubjectForm

    /// A list item's subject is spelled out only when a finding names it: most elements
    /// have none, and naming one looks up several keys and builds a string.
    private enum SubjectForm: Sendable {
        case fixed(String)
        case item(index: Int, ownerIndex: Int?)
    }

    public init(kind: ElementKind, node: YAMLNode?, document: Document?, owner: YAMLNode?, subject: String) {
        self.kind = kind
        self.node = node
        self.document = document
        self.owner = owner
        subjectForm = .fixed(subject)
    }

    /// The `index`-th item of its list (and of its owner's, `ownerIndex`, when nested).
    init(kind: ElementKind, item node: YAMLNode, document: Document, owner: YAMLNode?, index: Int, ownerIndex: Int?) {
        self.kind = kind
        self.node = node
        self.document = document
        self.owner = owner
        subjectForm = .item(index: index, ownerIndex: ownerIndex)
    }

    /// `document-id/element-id`, stable across edits elsewhere in the file.
    public var subject: String {
        switch subjectForm {
        case .fixed(let subject):
            return subject
        case .item(let index, let ownerIndex):
            let own = node?.text("id") ?? node?.text("mål") ?? node?.text("kontrollmoment") ?? node?.text("indikator") ?? node?.text("namn") ?? "#\(index + 1)"
            let ownerPart = owner.map { ($0.text("id") ?? $0.text("mål") ?? "#\((ownerIndex ?? 0) + 1)") + "/" } ?? ""
            return "\(document?.subjectID ?? "")/\(kind.rawValue):\(ownerPart)\(own)"
        }
    }

    public var id: String {
        switch kind {
        case .måluppfyllelse: return node?.text("mål") ?? ""
        case .kontroll: return node?.text("kontrollmoment") ?? ""
        case .utfall: return node?.text("indikator") ?? ""
        case .arkiv: return ""
        default: return node?.text("id") ?? ""
        }
    }

    public func location(_ target: YAMLNode? = nil) -> Location {
        document?.location(target ?? node) ?? Location(file: "", range: .fileStart)
    }

    /// Points at the key `key` of this element when present, else at the element.
    public func location(key: String) -> Location {
        location(node?.keyNode(key) ?? node)
    }

    /// Arguments every message may use.
    public var standardArguments: [String: String] {
        var arguments = ["id": id, "document": document?.subjectID ?? "", "file": document?.path ?? ""]
        if let owner { arguments["goal"] = owner.text("id") ?? owner.text("mål") ?? "" }
        if let text = node?.text("text") { arguments["text"] = SchemaValidator.shorten(text) }
        if let name = node?.text("namn") { arguments["name"] = SchemaValidator.shorten(name) }
        return arguments
    }

    static func elements(_ kind: ElementKind, in document: Document) -> [Element] {
        guard let root = document.root else {
            return kind == .dokument ? [Element(kind: kind, node: nil, document: document, owner: nil, subject: document.path)] : []
        }
        let documentID = document.subjectID
        func make(_ node: YAMLNode, _ owner: YAMLNode? = nil, index: Int, ownerIndex: Int? = nil) -> Element {
            Element(kind: kind, item: node, document: document, owner: owner, index: index, ownerIndex: ownerIndex)
        }
        func items(_ key: String) -> [Element] {
            root.list(key).enumerated().compactMap { $0.element.isMapping ? make($0.element, index: $0.offset) : nil }
        }
        func nested(_ outerKey: String, _ innerKey: String) -> [Element] {
            root.list(outerKey).enumerated().flatMap { outer in
                outer.element.list(innerKey).enumerated().compactMap {
                    $0.element.isMapping ? make($0.element, outer.element, index: $0.offset, ownerIndex: outer.offset) : nil
                }
            }
        }
        switch (kind, document.kind) {
        case (.dokument, _):
            return [Element(kind: kind, node: root, document: document, owner: nil, subject: documentID)]
        case (.verksamhetsplan, .verksamhetsplan?), (.internkontrollplan, .internkontrollplan?), (.rapport, .rapport?):
            return [Element(kind: kind, node: root, document: document, owner: nil, subject: documentID)]
        case (.mål, .verksamhetsplan?): return items("mål")
        case (.indikator, .verksamhetsplan?): return nested("mål", "indikatorer")
        case (.målområde, .verksamhetsplan?): return items("målområden")
        case (.organ, .verksamhetsplan?): return items("organisation")
        case (.investering, .verksamhetsplan?): return items("investeringar")
        case (.handlingsplan, .verksamhetsplan?): return items("handlingsplan")
        case (.risk, .internkontrollplan?): return items("risker")
        case (.kontrollmoment, .internkontrollplan?): return items("kontrollmoment")
        case (.åtgärd, .internkontrollplan?): return items("åtgärder")
        case (.ekonomi, .rapport?):
            guard let economy = root["ekonomi"], economy.isMapping else { return [] }
            return [Element(kind: kind, node: economy, document: document, owner: nil, subject: "\(documentID)/ekonomi")]
        case (.måluppfyllelse, .rapport?): return items("måluppfyllelse")
        case (.utfall, .rapport?): return nested("måluppfyllelse", "utfall")
        case (.kontroll, .rapport?): return items("kontroller")
        default: return []
        }
    }
}
