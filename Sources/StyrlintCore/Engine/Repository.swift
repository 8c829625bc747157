/// A loaded plan repository and the indexes cross-document rules use.
public final class Repository: Sendable {
    /// Absolute path of the root folder.
    public let root: String
    public let config: Config
    /// Every document, sorted by path.
    public let documents: [Document]
    /// Paths findings are reported for; nil reports on every document.
    public let reportedPaths: Set<String>?
    private let reportedBytes: Set<[UInt8]>?

    public let documentsByID: [String: [Document]]
    public let plans: [Document]
    public let internalControlPlans: [Document]
    public let reports: [Document]
    /// Plan id → plans whose `överordnad` names it.
    public let childPlans: [String: [Document]]
    /// Plan id → reports whose `plan` names it.
    public let reportsByPlan: [String: [Document]]
    /// Document id → ids of its goals, målområden, risks and kontrollmoment (the first
    /// document with an id wins, as everywhere).
    let goalIDs: [String: Set<String>]
    let areaIDs: [String: Set<String>]
    let riskIDs: [String: Set<String>]
    let controlIDs: [String: Set<String>]
    /// Goal id → its indicator ids.
    let indicatorIDs: [String: Set<String>]
    let documentIDs: Set<String>
    /// Organ id → its reports and internkontrollplaner (no scans of the whole repository per plan).
    public let reportsByOrgan: [String: [Document]]
    public let internalControlPlansByOrgan: [String: [Document]]
    let organTypesByCouncil: [String: [String: String]]
    let allOrganTypes: [String: String]
    let planIDs: Set<String>
    /// The `överordnad` chains, resolved once for all plans.
    let planChains: PlanChains
    let internalControlPlanIDs: Set<String>
    private let referenceCache = ReferenceCache()
    private let redThreadCache = RedThreadCache()

    /// Every id and every place that names one, built on first use: the röda tråden's
    /// links for the auditor's tree, the graph and the editor.
    public var references: ReferenceIndex { referenceCache.index(for: self) }

    /// The röda tråden's links and carriers, built on first use (on a reference index of its
    /// own, limited to the röda tråden): what RT005 and RT006 judge, the auditor's tree
    /// shows and the graph draws.
    public var redThread: RedThread { redThreadCache.model(for: self) }

    public init(root: String, config: Config, documents: [Document], reportedPaths: Set<String>?) {
        self.root = root
        self.config = config
        self.documents = documents.sorted { $0.path < $1.path }
        self.reportedPaths = reportedPaths
        reportedBytes = reportedPaths.map { Set($0.map { Array($0.utf8) }) }
        var byID: [String: [Document]] = [:]
        var children: [String: [Document]] = [:]
        var reportsByPlan: [String: [Document]] = [:]
        for document in self.documents {
            if let id = document.id { byID[id, default: []].append(document) }
            switch document.kind {
            case .verksamhetsplan?:
                if let parent = document.string("överordnad") { children[parent, default: []].append(document) }
            case .rapport?:
                if let plan = document.string("plan") { reportsByPlan[plan, default: []].append(document) }
            default: break
            }
        }
        documentsByID = byID
        func ids(_ key: String, _ document: Document) -> Set<String> { Set(document.root?.list(key).compactMap { $0.text("id") } ?? []) }
        var goalIDs: [String: Set<String>] = [:], areaIDs: [String: Set<String>] = [:]
        var riskIDs: [String: Set<String>] = [:], controlIDs: [String: Set<String>] = [:], indicatorIDs: [String: Set<String>] = [:]
        for document in self.documents {
            guard let id = document.id, goalIDs[id] == nil else { continue }
            goalIDs[id] = ids("mål", document)
            areaIDs[id] = ids("målområden", document)
            riskIDs[id] = ids("risker", document)
            controlIDs[id] = ids("kontrollmoment", document)
            for goal in document.goals {
                if let goalID = goal.text("id"), indicatorIDs[goalID] == nil {
                    indicatorIDs[goalID] = Set(goal.list("indikatorer").compactMap { $0.text("id") })
                }
            }
        }
        self.goalIDs = goalIDs
        self.areaIDs = areaIDs
        self.riskIDs = riskIDs
        self.controlIDs = controlIDs
        self.indicatorIDs = indicatorIDs
        documentIDs = Set(byID.keys)
        planIDs = Set(self.documents.filter { $0.kind == .verksamhetsplan }.compactMap(\.id))
        internalControlPlanIDs = Set(self.documents.filter { $0.kind == .internkontrollplan }.compactMap(\.id))
        plans = self.documents.filter { $0.kind == .verksamhetsplan }
        internalControlPlans = self.documents.filter { $0.kind == .internkontrollplan }
        reports = self.documents.filter { $0.kind == .rapport }
        planChains = PlanChains(plans: plans, byID: byID)
        reportsByOrgan = Dictionary(grouping: reports.filter { $0.organ != nil }, by: { $0.organ! })
        internalControlPlansByOrgan = Dictionary(grouping: internalControlPlans.filter { $0.organ != nil }, by: { $0.organ! })
        let councils = plans.filter { $0.level == .fullmäktige }
        allOrganTypes = Self.organTypes(of: councils)
        organTypesByCouncil = Dictionary(councils.compactMap { plan in plan.id.map { ($0, Self.organTypes(of: [plan])) } },
                                         uniquingKeysWith: { first, _ in first })
        childPlans = children
        self.reportsByPlan = reportsByPlan
    }

    public func document(id: String) -> Document? { documentsByID[id]?.first }

    public func plan(id: String) -> Document? {
        documentsByID[id]?.first { $0.kind == .verksamhetsplan }
    }

    /// The fullmäktige plan a plan's röda tråden leads to (following `överordnad`, cycle-safe).
    public func councilPlan(above document: Document) -> Document? {
        if document.level == .fullmäktige { return document }
        return planChains.council[ObjectIdentifier(document)] ?? nil
    }

    /// The plans of the `överordnad` cycle `document` stands on, starting with it; nil
    /// when it is on none.
    public func cycle(through document: Document) -> [Document]? {
        guard let member = planChains.cycleMembership[ObjectIdentifier(document)] else { return nil }
        let ring = planChains.rings[member.ring]
        return Array(ring[member.offset...] + ring[..<member.offset])
    }

    /// Every fullmäktige plan, or the one above `document` when there is one.
    public func councilPlans(for document: Document?) -> [Document] {
        if let document, let plan = councilPlan(above: document) { return [plan] }
        return plans.filter { $0.level == .fullmäktige }
    }

    /// Organ id → organ type, from the fullmäktige plans' `organisation` (computed once).
    public func organTypes(for document: Document?) -> [String: String] {
        if let document, let council = councilPlan(above: document), let id = council.id, let types = organTypesByCouncil[id] {
            return types
        }
        return allOrganTypes
    }

    static func organTypes(of plans: [Document]) -> [String: String] {
        var types: [String: String] = [:]
        for plan in plans {
            for organ in plan.root?.list("organisation") ?? .empty {
                if let id = organ.text("id"), types[id] == nil { types[id] = organ.text("typ") ?? "" }
            }
        }
        return types
    }

    public func isReported(_ path: String) -> Bool {
        guard let reportedPaths, let reportedBytes else { return true }
        // The config (RP012's subject) counts as checked when a folder was.
        if path == config.explicitFile { return reportedPaths.contains(Config.fileName) }
        // By bytes: a file's Unicode twin is equal to it as a Swift string, but was not named.
        return reportedBytes.contains(Array(path.utf8))
    }
}

/// Every plan's `överordnad` chain resolved in one pass. Each plan has at most one
/// parent, so the plans form a functional graph: one walk per plan, stopping at the
/// first plan already resolved, finds every council plan and every cycle in linear
/// time (a chain of thousands of plans once cost a walk per plan, and more per step).
struct PlanChains: Sendable {
    /// Plan → the fullmäktige plan above it (nil inside a value: none).
    let council: [ObjectIdentifier: Document?]
    /// Plan on a cycle → its ring (stored once per cycle) and its place in it.
    let cycleMembership: [ObjectIdentifier: (ring: Int, offset: Int)]
    let rings: [[Document]]
    /// Steps taken over all walks: linear in the plans, which a test measures.
    let steps: Int

    init(plans: [Document], byID: [String: [Document]]) {
        var steps = 0
        func parent(_ plan: Document) -> Document? {
            plan.string("överordnad").flatMap { id in byID[id]?.first { $0.kind == .verksamhetsplan } }
        }
        var council: [ObjectIdentifier: Document?] = [:]
        var cycleMembership: [ObjectIdentifier: (ring: Int, offset: Int)] = [:]
        var rings: [[Document]] = []
        for start in plans where council[ObjectIdentifier(start)] == nil {
            var path: [Document] = []
            var position: [ObjectIdentifier: Int] = [:]
            var current: Document? = start
            var answer: Document?
            while let plan = current {
                steps += 1
                let key = ObjectIdentifier(plan)
                if plan.level == .fullmäktige { answer = plan; break }
                if let known = council[key] { answer = known; break }
                if let index = position[key] {
                    let ring = Array(path[index...])
                    for (offset, member) in ring.enumerated() { cycleMembership[ObjectIdentifier(member)] = (rings.count, offset) }
                    rings.append(ring)
                    answer = nil
                    break
                }
                position[key] = path.count
                path.append(plan)
                current = parent(plan)
            }
            for plan in path { council[ObjectIdentifier(plan)] = .some(answer) }
        }
        self.council = council
        self.cycleMembership = cycleMembership
        self.rings = rings
        self.steps = steps
    }
}

import Foundation

/// Builds a repository's röda tråden model once, whichever thread asks first.
final class RedThreadCache: @unchecked Sendable {
    private let lock = NSLock()
    private var built: RedThread?

    func model(for repository: Repository) -> RedThread {
        lock.withLock {
            if let built { return built }
            let model = RedThread(repository)
            built = model
            return model
        }
    }
}

/// Builds a repository's reference index once, whichever thread asks first.
final class ReferenceCache: @unchecked Sendable {
    private let lock = NSLock()
    private var built: ReferenceIndex?

    func index(for repository: Repository) -> ReferenceIndex {
        lock.withLock {
            if let built { return built }
            let index = ReferenceIndex(repository)
            built = index
            return index
        }
    }
}
