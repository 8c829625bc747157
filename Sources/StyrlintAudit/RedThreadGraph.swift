import StyrlintCore

/// The röda tråden as a graph: Graphviz DOT or a Mermaid flowchart (which GitHub and
/// GitLab render in Markdown). Edges run from a goal to what it is broken down from;
/// a link to something that does not exist is drawn dashed to a red "saknas" node.
public struct RedThreadGraph: Sendable {
    public struct Node: Sendable, Hashable {
        public var key: String
        public var label: String
        public var kind: Kind
        public var organ: String
    }

    public enum Kind: String, Sendable { case area, council, board, unit, missing }

    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var broken: Bool
    }

    public var nodes: [Node] = []
    public var edges: [Edge] = []

    /// Builds the graph from loaded repositories; with `organ`, only that organ's goals and
    /// what they link to.
    public init(repositories: [Repository], organ: String? = nil) {
        var nodes: [String: Node] = [:]
        var edges = Set<Edge>()
        for repository in repositories {
            let scope = repositories.count > 1 ? (repository.root as NSString).lastPathComponent + ":" : ""
            // Named files: their goals and what those goals link to (links are followed below).
            let named = Set(repository.plans.filter { repository.reportedPaths != nil && repository.isReported($0.path) }.compactMap(\.id))
            // bidrar_till references by document and by the goal that holds them, grouped once.
            var referenceAt: [String: [SourcePosition: ReferenceIndex.Reference]] = [:]
            for reference in repository.references.references where reference.field == "bidrar_till" {
                referenceAt[reference.document.path, default: [:]][reference.node.range.start] = reference
            }
            var links: [String: [SourcePosition: [ReferenceIndex.Reference]]] = [:]
            for plan in repository.plans {
                for goal in plan.goals {
                    guard let list = goal["bidrar_till"] else { continue }
                    links[plan.path, default: [:]][goal.range.start] = (list.isSequence ? list.items : [list])
                        .compactMap { referenceAt[plan.path]?[$0.range.start] }
                }
            }
            for plan in repository.plans where named.isEmpty || named.contains(plan.id ?? "") || Self.isAbove(plan, named, repository) {
                guard let level = plan.level else { continue }
                let kind: Kind = level == .fullmäktige ? .council : (level == .verksamhet || level == .enhet) ? .unit : .board
                if level == .fullmäktige {
                    for area in plan.root?.list("målområden") ?? [] {
                        guard let id = area.text("id") else { continue }
                        nodes[scope + "area:" + id] = Node(key: scope + "area:" + id, label: "\(id) \(area.text("namn") ?? "")", kind: .area, organ: plan.organ ?? "")
                    }
                }
                for goal in plan.goals {
                    guard let id = goal.text("id") else { continue }
                    let key = scope + "goal:" + id
                    nodes[key] = Node(key: key, label: "\(id): \(goal.text("text") ?? "")", kind: kind, organ: plan.organ ?? "")
                    // The links as the reference index resolves them, the scopes RT003 judges
                    // by: a fullmäktige goal names a målområde, any other goal a goal of its
                    // överordnad plan (a målområde there is a broken link, as RT003 says).
                    for reference in links[plan.path, default: [:]][goal.range.start] ?? [] {
                        let link = reference.value
                        let expected: ReferenceIndex.Kind = level == .fullmäktige ? .focusArea : .goal
                        let known = reference.target?.kind == expected
                        let target = known ? scope + (level == .fullmäktige ? "area:" : "goal:") + link : scope + "missing:" + link
                        if !known { nodes[target] = Node(key: target, label: link, kind: .missing, organ: "") }
                        edges.insert(Edge(from: key, to: target, broken: !known))
                    }
                }
            }
        }
        if let organ {
            // The organ's goals and everything above them.
            // A breadth-first walk up the edges: each edge is followed once, however long
            // the chain of plans (a fixed-point loop over all edges was quadratic).
            var keep = Set(nodes.values.filter { $0.organ == organ && ($0.kind == .board || $0.kind == .unit) }.map(\.key))
            let upward = Dictionary(grouping: edges, by: \.from)
            var queue = Array(keep)
            while let key = queue.popLast() {
                for edge in upward[key] ?? [] where keep.insert(edge.to).inserted { queue.append(edge.to) }
            }
            nodes = nodes.filter { keep.contains($0.key) }
            edges = edges.filter { keep.contains($0.from) && keep.contains($0.to) }
        }
        self.nodes = nodes.values.sorted { $0.key < $1.key }
        self.edges = edges.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    /// Whether `plan` is an överordnad (at any distance) of one of the named plans.
    static func isAbove(_ plan: Document, _ named: Set<String>, _ repository: Repository) -> Bool {
        guard let id = plan.id else { return false }
        for start in named {
            var current = repository.plan(id: start)?.string("överordnad")
            var steps = 0
            while let parent = current, steps < 16 {
                if parent == id { return true }
                current = repository.plan(id: parent)?.string("överordnad")
                steps += 1
            }
        }
        return false
    }

    /// Every organ with a plan, for `--organ` errors.
    public static func organs(in repositories: [Repository]) -> [String] {
        Array(Set(repositories.flatMap { $0.plans.compactMap(\.organ) })).sorted()
    }

    static func shorten(_ text: String, _ limit: Int = 60) -> String {
        // Labels reach a terminal (dot, mermaid) and XML (svg): no control character survives.
        let line = Escape.terminal(text.split(whereSeparator: \.isNewline).joined(separator: " "), singleLine: true)
        return SchemaValidator.shorten(line, limit: limit)
    }

    /// DOT quoted-string escaping: backslash and double quote; newlines become spaces.
    static func dotString(_ text: String) -> String {
        "\"" + shorten(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    public func dot(language: Language) -> String {
        var lines = ["digraph roda_traden {", "  rankdir=BT;", "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fillcolor=\"#f4f6f8\"];"]
        let ids = Dictionary(nodes.enumerated().map { ($0.element.key, "n\($0.offset)") }, uniquingKeysWith: { first, _ in first })
        for node in nodes {
            var attributes = ["label=\(Self.dotString(node.label))"]
            switch node.kind {
            case .area: attributes.append("fillcolor=\"#e3ecf7\"")
            case .council: attributes.append("fillcolor=\"#eef3e6\"")
            case .missing:
                attributes.append("label=\(Self.dotString((language == .sv ? "saknas: " : "missing: ") + node.label))")
                attributes.append("color=\"#b3261e\", fontcolor=\"#b3261e\", style=\"dashed\"")
            default: break
            }
            lines.append("  \(ids[node.key]!) [\(attributes.joined(separator: ", "))];")
        }
        for edge in edges {
            let style = edge.broken ? " [style=dashed, color=\"#b3261e\"]" : ""
            lines.append("  \(ids[edge.from]!) -> \(ids[edge.to]!)\(style);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid label text inside double quotes: quotes and angle brackets as entity codes.
    static func mermaidLabel(_ text: String) -> String {
        var output = ""
        for character in shorten(text) {
            switch character {
            case "\"": output += "#quot;"
            case "<": output += "#lt;"
            case ">": output += "#gt;"
            case "#": output += "#35;"
            case "&": output += "#amp;"
            default: output.append(character)
            }
        }
        return "\"" + output + "\""
    }

    public func mermaid(language: Language) -> String {
        var lines = ["flowchart BT"]
        let ids = Dictionary(nodes.enumerated().map { ($0.element.key, "n\($0.offset)") }, uniquingKeysWith: { first, _ in first })
        for node in nodes {
            let label = node.kind == .missing ? (language == .sv ? "saknas: " : "missing: ") + node.label : node.label
            lines.append("  \(ids[node.key]!)[\(Self.mermaidLabel(label))]")
        }
        for edge in edges {
            lines.append("  \(ids[edge.from]!) \(edge.broken ? "-.->" : "-->") \(ids[edge.to]!)")
        }
        lines.append("  classDef area fill:#e3ecf7,stroke:#5b7fa6")
        lines.append("  classDef council fill:#eef3e6,stroke:#6d8f4e")
        lines.append("  classDef missing fill:#fff,stroke:#b3261e,stroke-dasharray:4 3,color:#b3261e")
        for kind in [Kind.area, .council, .missing] {
            let members = nodes.filter { $0.kind == kind }.map { ids[$0.key]! }
            if !members.isEmpty { lines.append("  class \(members.joined(separator: ",")) \(kind.rawValue)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation
