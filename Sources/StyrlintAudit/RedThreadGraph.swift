import Foundation
import StyrlintCore

/// The röda tråden as a graph: Graphviz DOT or a Mermaid flowchart (which GitHub and
/// GitLab render in Markdown). Edges run from a goal to what it is broken down from;
/// a link to something that does not exist is drawn dashed to a red "saknas" node.
///
/// Laid out for reading on paper: levels run left to right (målområden, fullmäktigemål,
/// nämnd- and bolagsmål, verksamhetsmål), so the page's width holds four columns however
/// many goals there are; each organ's goals sit in one frame, each fullmäktigemål in the
/// frame of its målområde; labels wrap and keep the full text as the SVG's tooltip.
public struct RedThreadGraph: Sendable {
    public struct Node: Sendable, Hashable {
        public var key: String
        /// The goal's or målområde's id as written (the missing id for a missing node).
        public var id: String
        public var text: String
        public var kind: Kind
        public var organ: String
        /// The frame the node is drawn in: `area:MO1`, `organ:bun`, or empty.
        public var cluster: String
        /// The table the goal is a row of in the plan layout: `plan:bun-vp-2025`, or its
        /// målområde's frame for a fullmäktigemål.
        public var table: String = ""

        /// The id and the text on one line, as a list shows it.
        public var label: String { text.isEmpty ? id : kind == .area ? "\(id) \(text)" : "\(id): \(text)" }
    }

    public enum Kind: String, Sendable {
        case area, council, board, unit, missing

        /// Levels from the top: målområde 1, fullmäktigemål 2, nämnd and bolag 3, verksamhet 4.
        var level: Int {
            switch self {
            case .area: return 1
            case .council: return 2
            case .board: return 3
            case .unit, .missing: return 4
            }
        }
    }

    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var broken: Bool
    }

    public var nodes: [Node] = []
    public var edges: [Edge] = []
    /// Frame key → its caption (an organ's name); table key → its caption (the plan's organ or unit).
    public var clusterNames: [String: String] = [:]

    /// Builds the graph from loaded repositories; with `organ`, only that organ's goals and
    /// what they link to.
    public init(repositories: [Repository], organ: String? = nil) {
        var nodes: [String: Node] = [:]
        var edges = Set<Edge>()
        var clusterNames: [String: String] = [:]
        for repository in repositories {
            let scope = repositories.count > 1 ? (repository.root as NSString).lastPathComponent + ":" : ""
            // Named files: their goals and what those goals link to (links are followed below).
            let named = Set(repository.plans.filter { repository.reportedPaths != nil && repository.isReported($0.path) }.compactMap(\.id))
            // The links as the repository's one röda tråden model resolves them: the scopes
            // RT003 judges by (a fullmäktige goal names a målområde, any other goal a goal of
            // its överordnad plan; a målområde there is a broken link, as RT003 says).
            let thread = repository.redThread
            for plan in repository.plans where plan.level == .fullmäktige {
                for organ in plan.root?.list("organisation") ?? .empty {
                    guard let id = organ.text("id") else { continue }
                    let name = organ.text("namn").map { "\($0) (\(id))" } ?? id
                    if clusterNames[scope + "organ:" + id] == nil { clusterNames[scope + "organ:" + id] = name }
                }
            }
            for plan in repository.plans where named.isEmpty || named.contains(plan.id ?? "") || Self.isAbove(plan, named, repository) {
                guard let level = plan.level else { continue }
                let kind: Kind = level == .fullmäktige ? .council : (level == .verksamhet || level == .enhet) ? .unit : .board
                let organID = plan.organ ?? ""
                if level == .fullmäktige {
                    for area in plan.root?.list("målområden") ?? .empty {
                        guard let id = area.text("id") else { continue }
                        nodes[scope + "area:" + id] = Node(key: scope + "area:" + id, id: id, text: area.text("namn") ?? "", kind: .area,
                                                           organ: organID, cluster: scope + "area:" + id, table: scope + "area:" + id)
                    }
                }
                let table = scope + "plan:" + (plan.id ?? plan.path)
                if level != .fullmäktige {
                    let organName = clusterNames[scope + "organ:" + organID] ?? organID
                    clusterNames[table] = plan.string("enhet").map { "\($0) (\(organID))" } ?? organName
                }
                for goal in plan.goals {
                    guard let id = goal.text("id") else { continue }
                    let key = scope + "goal:" + id
                    var cluster = level == .fullmäktige ? "" : scope + "organ:" + organID
                    if clusterNames[cluster] == nil, !cluster.isEmpty { clusterNames[cluster] = organID }
                    if let links = thread.goal(plan, goal) {
                        for target in links.valid {
                            let targetKey = scope + (target.kind == .focusArea ? "area:" : "goal:") + target.id
                            // A fullmäktigemål is framed with the first målområde it serves.
                            if level == .fullmäktige, cluster.isEmpty { cluster = targetKey }
                            edges.insert(Edge(from: key, to: targetKey, broken: false))
                        }
                        for reference in links.broken {
                            let target = scope + "missing:" + reference.value
                            nodes[target] = Node(key: target, id: reference.value, text: "", kind: .missing, organ: "", cluster: "")
                            edges.insert(Edge(from: key, to: target, broken: true))
                        }
                    }
                    nodes[key] = Node(key: key, id: id, text: goal.text("text") ?? "", kind: kind, organ: organID, cluster: cluster,
                                      table: level == .fullmäktige ? cluster : table)
                }
            }
        }
        if let organ {
            // The organ's goals and everything above them.
            // A breadth-first walk up the edges: each edge is followed once, however long
            // the chain of plans (a fixed-point loop over all edges was quadratic).
            let start = nodes.values.filter { $0.organ == organ && ($0.kind == .board || $0.kind == .unit) }.map(\.key)
            let keep = Self.reach(from: start, along: Dictionary(grouping: edges, by: \.from).mapValues { $0.map(\.to) }, limit: nil)
            nodes = nodes.filter { keep[$0.key] != nil }
            edges = edges.filter { keep[$0.from] != nil && keep[$0.to] != nil }
        }
        self.nodes = nodes.values.sorted { $0.key < $1.key }
        // A link resolves to a goal of a plan the graph leaves out (its level unreadable:
        // DOK010 says so): no edge into nothing.
        self.edges = edges.filter { nodes[$0.from] != nil && nodes[$0.to] != nil }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        let used = Set(self.nodes.map(\.cluster) + self.nodes.map(\.table))
        self.clusterNames = clusterNames.filter { used.contains($0.key) }
    }

    /// Every node reachable from `start` along `next`, with its distance; `limit` caps the distance.
    static func reach(from start: [String], along next: [String: [String]], limit: Int?) -> [String: Int] {
        var distance = Dictionary(start.map { ($0, 0) }, uniquingKeysWith: { first, _ in first })
        var queue = start
        var head = 0
        while head < queue.count {
            let key = queue[head]
            head += 1
            let steps = distance[key]! + 1
            if let limit, steps > limit { continue }
            for target in next[key] ?? [] where distance[target] == nil {
                distance[target] = steps
                queue.append(target)
            }
        }
        return distance
    }

    /// Ids of the goals in the graph, for `--mål` errors.
    public var goalIDs: [String] { nodes.filter { $0.kind != .area && $0.kind != .missing }.map(\.id).sorted() }

    /// One goal's tree: what it is broken down from, up to the målområde, and what is broken
    /// down from it, down to the verksamhetsmål; `depth` steps each way at most. Nil when no
    /// goal or målområde has the id.
    public func focused(on id: String, depth: Int?) -> RedThreadGraph? {
        let start = nodes.filter { $0.kind != .missing && $0.id.lowercased() == id.lowercased() }.map(\.key)
        guard !start.isEmpty else { return nil }
        let up = Self.reach(from: start, along: Dictionary(grouping: edges, by: \.from).mapValues { $0.map(\.to) }, limit: depth)
        let down = Self.reach(from: start, along: Dictionary(grouping: edges, by: \.to).mapValues { $0.map(\.from) }, limit: depth)
        // A goal below the focus keeps its broken links too: they are part of its story.
        var keep = Set(up.keys).union(down.keys)
        for edge in edges where edge.broken && down[edge.from] != nil { keep.insert(edge.to) }
        return restricted(to: keep)
    }

    /// The levels from the top down to `depth` (1: målområden, 2: fullmäktigemål, 3: nämnd
    /// and bolag, 4: verksamhet).
    public func cut(depth: Int) -> RedThreadGraph {
        var keep = Set(nodes.filter { $0.kind != .missing && $0.kind.level <= depth }.map(\.key))
        for edge in edges where edge.broken && keep.contains(edge.from) { keep.insert(edge.to) }
        return restricted(to: keep)
    }

    func restricted(to keep: Set<String>) -> RedThreadGraph {
        var graph = self
        graph.nodes = nodes.filter { keep.contains($0.key) }
        graph.edges = edges.filter { keep.contains($0.from) && keep.contains($0.to) }
        let used = Set(graph.nodes.map(\.cluster) + graph.nodes.map(\.table))
        graph.clusterNames = clusterNames.filter { used.contains($0.key) }
        return graph
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

    /// Text fit for a label: one line, no control character (labels reach a terminal in
    /// dot and mermaid, and XML in svg).
    static func clean(_ text: String) -> String {
        Escape.terminal(text.split(whereSeparator: \.isNewline).joined(separator: " "), singleLine: true)
    }

    /// Width of a label's line in characters: at 9 pt, four columns of this fit an A4
    /// landscape page with the frames and gaps between them.
    static let lineWidth = 30
    static let maxLines = 4

    /// The id on the first line, the text wrapped at word boundaries below it; text beyond
    /// `maxLines` ends in "…" (the full text is the tooltip).
    static func wrapped(_ node: Node, prefix: String = "") -> [String] {
        var lines = [prefix + clean(node.id)]
        var line = ""
        var truncated = false
        for word in clean(node.text).split(separator: " ") {
            var word = String(word)
            if word.count > lineWidth { word = String(word.prefix(lineWidth - 1)) + "…" }
            if line.isEmpty { line = word; continue }
            if line.count + 1 + word.count <= lineWidth { line += " " + word; continue }
            if lines.count == maxLines { truncated = true; break }
            lines.append(line)
            line = word
        }
        if !line.isEmpty {
            if lines.count >= maxLines { truncated = true } else { lines.append(line) }
        }
        if truncated, var last = lines.popLast() {
            if last.count >= lineWidth { last = String(last.prefix(lineWidth - 1)) }
            lines.append(last + "…")
        }
        return lines
    }

    /// DOT escString content: backslash and double quote escaped, so no `\N`-style escape
    /// of Graphviz's reaches the page from a document.
    static func dotEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    static func missingPrefix(_ language: Language) -> String { language == .sv ? "saknas: " : "missing: " }

    func orderedClusters() -> [String] {
        // Fullmäktige's målområden first, then the organs, each in id order.
        Array(Set(nodes.map(\.cluster)).subtracting([""])).sorted { ($0.contains("organ:") ? 1 : 0, $0) < ($1.contains("organ:") ? 1 : 0, $1) }
    }

    public func dot(language: Language) -> String {
        var lines = ["digraph roda_traden {",
                     "  rankdir=RL; newrank=true; nodesep=0.06; ranksep=0.22; fontname=\"Helvetica\"; fontsize=9; labeljust=l;",
                     "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=9, margin=\"0.06,0.03\", fillcolor=\"#f4f6f8\", color=\"#8a949e\"];",
                     "  edge [arrowsize=0.5, color=\"#56606b\"];"]
        let ids = Dictionary(nodes.enumerated().map { ($0.element.key, "n\($0.offset)") }, uniquingKeysWith: { first, _ in first })
        func statement(_ node: Node) -> String {
            let text = Self.wrapped(node, prefix: node.kind == .missing ? Self.missingPrefix(language) : "")
            var attributes = ["label=\"\(text.map { Self.dotEscape($0) + "\\l" }.joined())\""]
            if !node.text.isEmpty { attributes.append("tooltip=\"\(Self.dotEscape(String(Self.clean(node.label).prefix(2000))))\"") }
            switch node.kind {
            case .area: attributes.append("fillcolor=\"#e3ecf7\", color=\"#5b7fa6\"")
            case .council: attributes.append("fillcolor=\"#eef3e6\", color=\"#6d8f4e\"")
            case .unit: attributes.append("fillcolor=\"#fdf6e3\", color=\"#b59a5a\"")
            case .missing: attributes.append("fillcolor=\"#ffffff\", color=\"#b3261e\", fontcolor=\"#b3261e\", style=\"rounded,dashed\"")
            case .board: break
            }
            return "\(ids[node.key] ?? "n") [\(attributes.joined(separator: ", "))];"
        }
        let byCluster = Dictionary(grouping: nodes, by: \.cluster)
        for (index, cluster) in orderedClusters().enumerated() {
            let isOrgan = cluster.contains("organ:")
            lines.append("  subgraph cluster_\(index) {")
            lines.append(isOrgan ? "    label=\"\(Self.dotEscape(Self.clean(clusterNames[cluster] ?? "")))\"; style=\"rounded\"; color=\"#c5ccd4\";"
                                 : "    label=\"\"; style=\"rounded,filled\"; color=\"#d6e2f0\"; fillcolor=\"#f7f9fc\";")
            for node in byCluster[cluster] ?? [] { lines.append("    " + statement(node)) }
            lines.append("  }")
        }
        for node in byCluster[""] ?? [] { lines.append("  " + statement(node)) }
        // One column per level across all frames: a nämnd goal that no unit carries stays
        // in the nämnd column rather than sliding into the verksamhet column.
        for kind in [Kind.area, .council, .board, .unit] {
            let members = nodes.filter { $0.kind == kind }.compactMap { ids[$0.key] }
            if members.count > 1 { lines.append("  { rank=same; \(members.joined(separator: "; ")); }") }
        }
        for edge in edges {
            guard let from = ids[edge.from], let to = ids[edge.to] else { continue }
            let style = edge.broken ? " [style=dashed, color=\"#b3261e\"]" : ""
            lines.append("  \(from) -> \(to)\(style);")
        }
        lines.append("  " + legend(language))
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each character of `text` that `table` names replaced by its entry.
    static func replacing(_ text: String, _ table: [Character: String]) -> String {
        var output = ""
        for character in text {
            if let replacement = table[character] { output += replacement } else { output.append(character) }
        }
        return output
    }

    /// Text for an HTML-like label: `&`, `<`, `>` and `"` as entities, nothing else of a
    /// document's can become markup; Graphviz expands \N, \G, \L … in labels, tooltips
    /// and links, so a document's backslash is doubled to stay one.
    static let htmlEntities: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "\\": "\\\\"]

    static func htmlText(_ text: String) -> String { replacing(text, htmlEntities) }

    /// Characters of goal text a table row shows; the full text is the row's tooltip.
    static let rowWidth = 38

    /// The plan layout: each plan one table, each goal one row of it (the id and its text on
    /// one line), and each fullmäktigemål a row of its målområde's table; links run between
    /// rows. Far denser than a box per goal: the example municipality fits an A4 landscape
    /// page at 9 pt.
    public func dotTables(language: Language) -> String {
        var lines = ["digraph roda_traden {",
                     "  rankdir=RL; newrank=true; nodesep=0.08; ranksep=0.3; fontname=\"Helvetica\"; fontsize=9;",
                     "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=9];",
                     "  edge [arrowsize=0.5, color=\"#56606b\"];"]
        // Tables in a fixed order: målområden, then plans by the level of their goals and key.
        let tableKeys = Array(Set(nodes.filter { $0.kind != .missing }.map(\.table))).sorted { lhs, rhs in
            func rank(_ key: String) -> Int { nodes.first { $0.table == key }?.kind.level ?? 9 }
            return (rank(lhs), lhs) < (rank(rhs), rhs)
        }
        let tableIDs = Dictionary(tableKeys.enumerated().map { ($0.element, "t\($0.offset)") }, uniquingKeysWith: { first, _ in first })
        var place: [String: String] = [:]  // node key → "tN:pM" (or a plain node id for missing ones)
        var tableLevels: [Int: [String]] = [:]
        let byTable = Dictionary(grouping: nodes, by: \.table)
        for key in tableKeys {
            let members = (byTable[key] ?? []).sorted { ($0.kind.level, Self.naturalKey($0.id)) < ($1.kind.level, Self.naturalKey($1.id)) }
            guard let tableID = tableIDs[key], let first = members.first else { continue }
            tableLevels[first.kind.level, default: []].append(tableID)
            var rows: [String] = []
            if first.kind != .area {
                // Fullmäktigemål whose every målområde is missing share a table without one:
                // it needs a heading all the same, since Graphviz rejects an empty <b></b>.
                let heading = Self.clean(clusterNames[key] ?? "")
                let title = heading.isEmpty ? (language == .sv ? "Utan giltigt målområde" : "Without a valid målområde") : heading
                rows.append("<tr><td align=\"left\" bgcolor=\"#ffffff\"><b>\(Self.htmlText(title))</b></td></tr>")
            }
            for (index, node) in members.enumerated() {
                let port = "p\(index)"
                place[node.key] = "\(tableID):\(port)"
                let colour: String
                switch node.kind {
                case .area: colour = "#e3ecf7"
                case .council: colour = "#eef3e6"
                case .unit: colour = "#fdf6e3"
                default: colour = "#f4f6f8"
                }
                var text = Self.clean(node.text)
                if text.count > Self.rowWidth { text = String(text.prefix(Self.rowWidth - 1)) + "…" }
                let id = Self.htmlText(Self.clean(node.id))
                let label = node.kind == .area ? "<b>\(id) \(Self.htmlText(text))</b>" : "<b>\(id)</b> \(Self.htmlText(text))"
                // Graphviz shows a cell's tooltip only with a link; the link is our own anchor,
                // never document text (an attribute Graphviz writes into the SVG unescaped).
                let tooltip = Self.htmlText(String(Self.clean(node.label).prefix(2000)))
                rows.append("<tr><td port=\"\(port)\" align=\"left\" bgcolor=\"\(colour)\" href=\"#\(tableID)\(port)\" tooltip=\"\(tooltip)\">\(label)</td></tr>")
            }
            let frame = first.kind == .area ? "#5b7fa6" : first.kind == .council ? "#6d8f4e" : "#8a949e"
            lines.append("  \(tableID) [label=<<table border=\"1\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"0\" color=\"\(frame)\">\(rows.joined())</table>>];")
        }
        for (index, node) in nodes.filter({ $0.kind == .missing }).enumerated() {
            let id = "m\(index)"
            place[node.key] = id
            lines.append("  \(id) [shape=box, style=\"rounded,dashed\", color=\"#b3261e\", fontcolor=\"#b3261e\", label=\"\(Self.dotEscape(Self.missingPrefix(language) + Self.clean(node.id)))\"];")
        }
        for level in tableLevels.keys.sorted() where (tableLevels[level]?.count ?? 0) > 1 {
            lines.append("  { rank=same; \(tableLevels[level]!.joined(separator: "; ")); }")
        }
        for edge in edges {
            guard let from = place[edge.from], let to = place[edge.to], from.split(separator: ":").first != to.split(separator: ":").first else { continue }
            let head = to.contains(":") ? to + ":e" : to
            lines.append("  \(from):w -> \(head)\(edge.broken ? " [style=dashed, color=\"#b3261e\"]" : "");")
        }
        lines.append("  labelloc=b; labeljust=l; label=<\(legendRow(language))>;")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The legend on one line, for the foot of the plan layout.
    func legendRow(_ language: Language) -> String {
        let t = { (sv: String, en: String) in language == .sv ? sv : en }
        let cells = [("#e3ecf7", t("målområde", "focus area")), ("#eef3e6", t("fullmäktigemål", "council goal")),
                     ("#f4f6f8", t("nämnd- och bolagsmål", "board and company goal")), ("#fdf6e3", t("verksamhetsmål", "unit goal"))]
            .map { "<td bgcolor=\"\($0.0)\" border=\"1\" color=\"#c5ccd4\"> \($0.1) </td>" }.joined()
        return "<table border=\"0\" cellspacing=\"4\" cellpadding=\"1\"><tr><td><b>\(t("Teckenförklaring", "Legend")):</b></td>\(cells)"
            + "<td>→ \(t("bidrar till", "contributes to"))</td><td><font color=\"#b3261e\">⇢ \(t("bruten länk (saknas)", "broken link (missing)"))</font></td></tr>"
            + "<tr><td colspan=\"7\" align=\"left\">\(t("En tabell per plan, en rad per mål; hela måltexten visas när pekaren vilar på raden (SVG).", "One table per plan, a row per goal; the whole goal text shows on hover (SVG)."))</td></tr></table>"
    }

    /// Ids in the order people number them: BUN2 before BUN10.
    static func naturalKey(_ id: String) -> String {
        var parts: [String] = []
        var current = ""
        var digits = false
        for character in id {
            let isDigit = character.isASCII && character.isNumber
            if !current.isEmpty && isDigit != digits { parts.append(digits ? String(repeating: "0", count: max(0, 12 - current.count)) + current : current); current = "" }
            digits = isDigit
            current.append(character)
        }
        if !current.isEmpty { parts.append(digits ? String(repeating: "0", count: max(0, 12 - current.count)) + current : current) }
        return parts.joined()
    }

    /// The legend as one table node (our own words only: no document text in HTML labels).
    func legend(_ language: Language) -> String {
        let t = { (sv: String, en: String) in language == .sv ? sv : en }
        let rows = [("#e3ecf7", t("målområde", "focus area")), ("#eef3e6", t("fullmäktigemål", "council goal")),
                    ("#f4f6f8", t("nämnd- och bolagsmål", "board and company goal")), ("#fdf6e3", t("verksamhetsmål", "unit goal"))]
        var cells = "<tr><td colspan=\"2\" align=\"left\"><b>\(t("Teckenförklaring", "Legend"))</b></td></tr>"
        for (colour, name) in rows {
            cells += "<tr><td bgcolor=\"\(colour)\" width=\"14\"> </td><td align=\"left\">\(name)</td></tr>"
        }
        cells += "<tr><td><font color=\"#56606b\">→</font></td><td align=\"left\">\(t("bidrar till", "contributes to"))</td></tr>"
        cells += "<tr><td><font color=\"#b3261e\">⇢</font></td><td align=\"left\"><font color=\"#b3261e\">\(t("bruten länk (saknas)", "broken link (missing)"))</font></td></tr>"
        cells += "<tr><td colspan=\"2\" align=\"left\">\(t("Ramar: ett organs mål", "Frames: one organ's goals"))</td></tr>"
        return "legend [shape=plaintext, style=\"\", fillcolor=\"none\", label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"1\" cellpadding=\"2\" color=\"#c5ccd4\">\(cells)</table>>];"
    }

    /// Mermaid label text inside double quotes: quotes, angle brackets, `#` and `&` as
    /// entity codes, and `%` too: `%%{…}%%` is a Mermaid directive wherever it stands, so
    /// no document text may start one.
    static let mermaidEntities: [Character: String] = ["\"": "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "&": "#amp;", "%": "#37;"]

    static func mermaidText(_ text: String) -> String { replacing(text, mermaidEntities) }

    /// Each wrapped line escaped, joined by Mermaid's line break.
    static func mermaidLabel(_ lines: [String]) -> String {
        "\"" + lines.map(mermaidText).joined(separator: "<br>") + "\""
    }

    /// GitHub renders Mermaid with the library's default limits: a diagram over 50 000
    /// characters or 500 edges is not drawn.
    public static let mermaidCharacterLimit = 50_000
    public static let mermaidEdgeLimit = 500

    public func mermaid(language: Language) -> String {
        var lines = ["flowchart RL"]
        let ids = Dictionary(nodes.enumerated().map { ($0.element.key, "n\($0.offset)") }, uniquingKeysWith: { first, _ in first })
        func statement(_ node: Node) -> String {
            "\(ids[node.key] ?? "n")[\(Self.mermaidLabel(Self.wrapped(node, prefix: node.kind == .missing ? Self.missingPrefix(language) : "")))]"
        }
        let byCluster = Dictionary(grouping: nodes, by: \.cluster)
        for (index, cluster) in orderedClusters().enumerated() {
            let caption = cluster.contains("organ:") ? Self.clean(clusterNames[cluster] ?? "") : " "
            lines.append("  subgraph c\(index)[\"\(Self.mermaidText(caption))\"]")
            for node in byCluster[cluster] ?? [] { lines.append("    " + statement(node)) }
            lines.append("  end")
        }
        for node in byCluster[""] ?? [] { lines.append("  " + statement(node)) }
        for edge in edges {
            guard let from = ids[edge.from], let to = ids[edge.to] else { continue }
            lines.append("  \(from) \(edge.broken ? "-.->" : "-->") \(to)")
        }
        // The legend: one sample node per kind, in a frame of its own.
        let t = { (sv: String, en: String) in language == .sv ? sv : en }
        let samples: [(Kind?, String)] = [(.area, t("målområde", "focus area")), (.council, t("fullmäktigemål", "council goal")),
                                          (nil, t("nämnd- och bolagsmål", "board and company goal")), (.unit, t("verksamhetsmål", "unit goal")),
                                          (.missing, t("saknas: bruten länk", "missing: broken link"))]
        var legend: [Kind: [String]] = [:]
        lines.append("  subgraph c\(orderedClusters().count)[\"\(t("Teckenförklaring", "Legend"))\"]")
        for (offset, sample) in samples.enumerated() {
            let id = "n\(nodes.count + offset)"
            lines.append("    \(id)[\(Self.mermaidLabel([sample.1]))]")
            if let kind = sample.0 { legend[kind, default: []].append(id) }
        }
        lines.append("  end")
        lines.append("  classDef area fill:#e3ecf7,stroke:#5b7fa6")
        lines.append("  classDef council fill:#eef3e6,stroke:#6d8f4e")
        lines.append("  classDef unit fill:#fdf6e3,stroke:#b59a5a")
        lines.append("  classDef missing fill:#fff,stroke:#b3261e,stroke-dasharray:4 3,color:#b3261e")
        for kind in [Kind.area, .council, .unit, .missing] {
            let members = nodes.filter { $0.kind == kind }.compactMap { ids[$0.key] } + (legend[kind] ?? [])
            if !members.isEmpty { lines.append("  class \(members.joined(separator: ",")) \(kind.rawValue)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Why GitHub would not draw this Mermaid text, if it would not.
    public static func mermaidOverLimit(_ text: String, edges: Int, language: Language) -> String? {
        // Mermaid measures the text as JavaScript does: in UTF-16 code units.
        let characters = text.utf16.count
        guard characters > mermaidCharacterLimit || edges > mermaidEdgeLimit else { return nil }
        return language == .sv
            ? "varning: diagrammet har \(NumberText.format(Double(characters), .sv)) tecken och \(edges) pilar; GitHub ritar högst \(NumberText.format(Double(mermaidCharacterLimit), .sv)) tecken och \(mermaidEdgeLimit) pilar. Begränsa med --organ, --mål eller --djup."
            : "warning: the diagram has \(NumberText.format(Double(characters), .en)) characters and \(edges) edges; GitHub draws at most \(NumberText.format(Double(mermaidCharacterLimit), .en)) characters and \(mermaidEdgeLimit) edges. Narrow it with --organ, --mål or --djup."
    }
}
