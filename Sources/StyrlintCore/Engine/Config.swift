import Foundation

/// `styrlint.yml` at a repository root. Every key is checked: an unknown key or rule id
/// is an error with a suggestion, so a typo never silently turns a setting off.
public struct Config: Sendable {
    public struct RuleSetting: Sendable {
        /// nil keeps the rule's default; `.some(nil)` turns the rule off.
        public var severity: Severity??
        public var parameters: [String: OptionValue] = [:]
        /// Where the rule id and each parameter stand in the config, for error messages.
        public var position = SourcePosition.start
        public var parameterPositions: [String: SourcePosition] = [:]
        public var parameterValuePositions: [String: SourcePosition] = [:]
    }

    public struct Ignore: Sendable {
        public var pattern: String
        public var rules: [String]?
    }

    public var paths: [String] = []
    /// Where each of `paths` is written, for errors about it.
    public var pathPositions: [SourcePosition] = []
    /// Where each of `ruleDirectories` is written.
    public var ruleDirectoryPositions: [SourcePosition] = []
    public var ruleDirectories: [String] = []
    public var rules: [String: RuleSetting] = [:]
    public var ignores: [Ignore] = []
    public var limits = ParseLimits()
    public var maxFileBytes = 5 * 1024 * 1024
    public var maxDocuments = 100_000
    public var risk = RiskSettings()
    public var deviation = DeviationSettings()
    public var calendar = ReportingCalendar.standard
    /// Workbooks, Word documents and CSV files read as plans (`import:`).
    public var imports = ImportSettings()
    /// Kolada's KPI catalogue, when the repository keeps one (`kolada:`).
    public var kolada = KoladaSettings()
    /// What rules weigh in the auditor's traffic light, over the rules' own `signal:`.
    public var signal = SignalSettings()
    /// Where `årshjul` stands in the config, for findings about the calendar itself.
    public var calendarRange: SourceRange?
    /// Where the config came from, for messages; nil when defaults are used.
    public var file: String?
    /// Set for a `--config` file: findings about the config (RP012) point at it.
    public var explicitFile: String?
    /// Size and SHA-256 of the configuration file as read.
    public var digest: InputDigest?
    /// Where the configuration file was read from, as an absolute path when it was given one.
    public var readFrom: String?
    /// The files `ärver` read before this one, nearest first.
    public var inherited: [String] = []

    public init() {}

    public static let fileName = "styrlint.yml"

    public static let knownKeys = ["version", "ärver", "sökvägar", "regelmappar", "regler", "ignorera", "profiler", "gränser", "risk",
                            "budgetavvikelse", "årshjul", "import", "kolada", "signal"]

    /// Named rule selections (`profiler: {dokument: {ignorera: [RP, IK008]}}`), chosen with `--profil`.
    public var profiles: [String: RuleSelection] = [:]
    /// The selection in force: the chosen profile, then the command line's.
    public var selection = RuleSelection()

    /// The largest configuration file read: settings are a few kilobytes.
    public static let maxBytes = 1 << 20

    public static func load(file: String, displayPath: String) throws -> Config {
        try load(file: file, displayPath: displayPath, chain: [])
    }

    /// `ärver: ../gemensam-styrlint.yml`: the inherited file is read first and every key
    /// this file sets replaces it (`regler` rule by rule), so a county can share settings
    /// and a municipality refine them. A chain of at most eight files, without cycles.
    static func load(file: String, displayPath: String, chain: [String]) throws -> Config {
        let bytes = try InputFile.read(file, limit: maxBytes, displayPath: displayPath, what: .configuration)
        var (config, keys, parent) = try parseWithKeys(bytes: bytes, displayPath: displayPath)
        config.digest = InputDigest(of: bytes)
        config.readFrom = file
        if let catalogue = config.kolada.catalogue {
            let folder = (file as NSString).deletingLastPathComponent
            let position = config.kolada.position ?? .start
            let shown = RepositoryLoader.relativePath(RepositoryLoader.absolute(catalogue, cwd: folder), from: FileManager.default.currentDirectoryPath)
            do {
                config.kolada.loaded = try KoladaCatalogue.load(RepositoryLoader.absolute(catalogue, cwd: folder), displayPath: shown)
                config.kolada.readFrom = RepositoryLoader.absolute(catalogue, cwd: folder)
            } catch let error as StyrlintError {
                throw StyrlintError(sv: "\(displayPath):\(position.line):\(position.column): kolada.katalog: \(error.swedish)",
                                    en: "\(displayPath):\(position.line):\(position.column): kolada.katalog: \(error.english)")
            }
        }
        guard let parent else { return config }
        let folder = (file as NSString).deletingLastPathComponent
        let parentFile = RepositoryLoader.absolute(parent.path, cwd: folder)
        let identity = RepositoryLoader.realPath(parentFile)
        let place = "\(displayPath):\(parent.position.line):\(parent.position.column)"
        guard !chain.contains(identity), identity != RepositoryLoader.realPath(file) else {
            throw StyrlintError(sv: "\(place): ärver: '\(parent.path)' ärver i sin tur den här filen; bryt cirkeln", en: "\(place): ärver: '\(parent.path)' inherits this file in turn; break the cycle")
        }
        guard chain.count < 8 else {
            throw StyrlintError(sv: "\(place): ärver: fler än åtta led; platta ut kedjan", en: "\(place): ärver: more than eight levels; flatten the chain")
        }
        let base = try load(file: parentFile, displayPath: parent.path, chain: chain + [RepositoryLoader.realPath(file)])
        var merged = base.overlaid(with: config, keys: keys)
        merged.inherited = [parentFile] + base.inherited
        return merged
    }

    /// This config's values for the keys the inheriting file set, the base's for the rest.
    func overlaid(with child: Config, keys: Set<String>) -> Config {
        var merged = self
        merged.file = child.file
        merged.digest = child.digest
        merged.readFrom = child.readFrom
        merged.explicitFile = child.explicitFile
        if keys.contains("sökvägar") { merged.paths = child.paths; merged.pathPositions = child.pathPositions }
        if keys.contains("regelmappar") { merged.ruleDirectories = child.ruleDirectories; merged.ruleDirectoryPositions = child.ruleDirectoryPositions }
        if keys.contains("regler") { merged.rules.merge(child.rules) { _, new in new } }
        if keys.contains("ignorera") { merged.ignores += child.ignores }
        if keys.contains("profiler") { merged.profiles.merge(child.profiles) { _, new in new } }
        if keys.contains("gränser") { merged.limits = child.limits; merged.maxFileBytes = child.maxFileBytes; merged.maxDocuments = child.maxDocuments }
        if keys.contains("risk") { merged.risk = child.risk }
        if keys.contains("budgetavvikelse") { merged.deviation = child.deviation }
        if keys.contains("årshjul") { merged.calendar = child.calendar; merged.calendarRange = child.calendarRange }
        if keys.contains("import") { merged.imports = child.imports }
        if keys.contains("kolada") { merged.kolada = child.kolada }
        if keys.contains("signal") { merged.signal = child.signal }
        return merged
    }

    public static func parse(bytes: [UInt8], displayPath: String) throws -> Config {
        try parseWithKeys(bytes: bytes, displayPath: displayPath).config
    }

    static func parseWithKeys(bytes: [UInt8], displayPath: String) throws
        -> (config: Config, keys: Set<String>, parent: (path: String, position: SourcePosition)?) {
        var keys = Set<String>()
        var parent: (path: String, position: SourcePosition)?
        var config = Config()
        config.file = displayPath
        let parsed = YAMLParser.parse(bytes, limits: ParseLimits(maxDepth: 32, maxExpandedNodes: 50_000))
        let reader = ConfigReader(file: displayPath)
        if let problem = parsed.problems.first {
            // Two texts, not the " / " form: a key or alias name in the problem may hold " / ".
            let location = "\(displayPath):\(problem.position.line):\(problem.position.column)"
            throw StyrlintError(sv: "\(location): ogiltig YAML: \(problem.text(.sv))", en: "\(location): invalid YAML: \(problem.text(.en))")
        }
        guard let root = parsed.tree?.root else { return (config, keys, parent) }
        if root.isNull { return (config, keys, parent) }
        try reader.expectMapping(root, "styrlint.yml")
        for (key, value) in root.entries {
            let name = key.scalar ?? ""
            keys.insert(name)
            switch name {
            case "ärver":
                guard let path = value.scalar, !path.isEmpty else {
                    throw reader.error(value, "ärver: ange sökvägen till en annan styrlint.yml / name the path of another styrlint.yml")
                }
                parent = (path, value.start)
            case "profiler": config.profiles = try reader.profiles(value)
            case "version":
                guard ScalarValue.integer(value) == 1 else { throw reader.error(value, "version: bara 1 stöds / only 1 is supported") }
            case "sökvägar":
                config.paths = try reader.stringList(value, name)
                config.pathPositions = value.isSequence ? value.items.map(\.start) : []
            case "regelmappar":
                config.ruleDirectories = try reader.stringList(value, name)
                config.ruleDirectoryPositions = value.isSequence ? value.items.map(\.start) : []
            case "regler": config.rules = try reader.ruleSettings(value)
            case "ignorera": config.ignores = try reader.ignores(value)
            case "gränser": try reader.limits(value, into: &config)
            case "risk":
                config.risk = try RiskSettings(value, reader)
                if config.risk.threshold > config.risk.scale * config.risk.scale {
                    throw reader.error(value, sv: "risk.tröskel \(config.risk.threshold) är högre än det högsta riskvärdet \(config.risk.scale * config.risk.scale) på skalan \(config.risk.scale), så IK004 kan aldrig slå till",
                                       en: "risk.tröskel \(config.risk.threshold) is above the highest risk value \(config.risk.scale * config.risk.scale) on the scale \(config.risk.scale), so IK004 could never fire")
                }
            case "budgetavvikelse": config.deviation = try DeviationSettings(value, reader)
            case "årshjul":
                config.calendar = try ReportingCalendar(value, reader)
                config.calendarRange = key.range
            case "import": config.imports = try ImportSettings(value, reader)
            case "kolada": config.kolada = try KoladaSettings(value, reader)
            case "signal": config.signal = try SignalSettings(value, reader)
            default:
                throw reader.unknownKey(key, known: knownKeys)
            }
        }
        return (config, keys, parent)
    }

    /// Whether `path` (repository-relative) is ignored for `rule`.
    public func isIgnored(path: String, rule: String) -> Bool {
        ignores.contains { ignore in
            (ignore.rules?.contains(rule) ?? true) && Glob.matches(ignore.pattern, path)
        }
    }
}

public struct RiskSettings: Sendable, Equatable {
    /// Points on the sannolikhet and konsekvens scales, unless the plan's riskanalys says otherwise.
    public var scale = 4
    /// A risk value (sannolikhet × konsekvens) at or above this demands a control or action.
    public var threshold = 9

    public init() {}

    init(_ node: YAMLNode, _ reader: ConfigReader) throws {
        try reader.expectMapping(node, "risk")
        for (key, value) in node.entries {
            switch key.scalar ?? "" {
            case "skala": scale = try reader.integer(value, "risk.skala", in: 2...10)
            case "tröskel": threshold = try reader.integer(value, "risk.tröskel", in: 1...100)
            default: throw reader.unknownKey(key, known: ["skala", "tröskel"])
            }
        }
    }
}

/// `signal: {form: [MV005], styrning: [DOK007], ingen: [VP002]}`: rules by id, family or name,
/// weighed otherwise than their rule files say. An id or a name outranks a family, so
/// `{form: [MV], styrning: [MV001]}` keeps MV001 governance.
public struct SignalSettings: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// Upper-cased, as `--select` and `profiler` read ids, families and names.
        public var entry: String
        public var weight: SignalWeight
        /// The file it is written in (a file `ärver` read, or the repository's own).
        public var file: String
        public var position: SourcePosition

        /// An id or a name names one rule; a family names many and gives way to them.
        var isSpecific: Bool { !entry.allSatisfy(\.isLetter) || entry.contains("-") }
    }

    public var entries: [Entry] = []

    public init() {}

    init(_ node: YAMLNode, _ reader: ConfigReader) throws {
        try reader.expectMapping(node, "signal")
        for (key, value) in node.entries {
            guard let weight = key.scalar.flatMap(SignalWeight.init(rawValue:)) else {
                throw reader.unknownKey(key, known: SignalWeight.allCases.map(\.rawValue))
            }
            let list = try reader.stringList(value, "signal.\(weight.rawValue)")
            for (item, text) in zip(value.items, list) {
                let entry = text.uppercased()
                if let earlier = entries.first(where: { $0.entry == entry }) {
                    throw reader.error(item, sv: "signal: \(text) står redan under \(earlier.weight.rawValue) (rad \(earlier.position.line)); en regel har en vikt",
                                       en: "signal: \(text) is already under \(earlier.weight.rawValue) (line \(earlier.position.line)); a rule has one weight")
                }
                entries.append(Entry(entry: entry, weight: weight, file: reader.file, position: item.start))
            }
        }
    }

    /// The rule's weight: the configuration's most specific entry, else the rule file's.
    public func weight(of rule: Rule) -> SignalWeight {
        let matching = entries.filter { RuleSelection.matches($0.entry, rule) }
        return (matching.first(where: \.isSpecific) ?? matching.first)?.weight ?? rule.signal
    }

    /// Two entries that name the same rule equally specifically (its id and its name, or two
    /// families) with different weights: which one holds would be an accident of order.
    public func conflict(among rules: [Rule]) -> (rule: Rule, first: Entry, second: Entry)? {
        for rule in rules {
            let matching = entries.filter { RuleSelection.matches($0.entry, rule) }
            for specific in [true, false] {
                let level = matching.filter { $0.isSpecific == specific }
                if let first = level.first, let second = level.first(where: { $0.weight != first.weight }) { return (rule, first, second) }
            }
        }
        return nil
    }

    /// Entries that name no rule, family or rule name of `rules`.
    public func unknownEntries(among rules: [Rule]) -> [Entry] {
        entries.filter { entry in !rules.contains { RuleSelection.matches(entry.entry, $0) } }
    }
}

public struct DeviationSettings: Sendable, Equatable {
    /// A deviation counts when |prognos − budget| exceeds this share of the budget, in percent...
    public var percent: Double = 1.0
    /// ...and exceeds this many tkr.
    public var tkr: Double = 0

    public init() {}

    init(_ node: YAMLNode, _ reader: ConfigReader) throws {
        try reader.expectMapping(node, "budgetavvikelse")
        for (key, value) in node.entries {
            switch key.scalar ?? "" {
            case "procent": percent = try reader.number(value, "budgetavvikelse.procent", min: 0)
            case "tkr": tkr = try reader.number(value, "budgetavvikelse.tkr", min: 0)
            default: throw reader.unknownKey(key, known: ["procent", "tkr"])
            }
        }
    }

    public func isDeviation(budget: Double, forecast: Double) -> Bool {
        let difference = abs(forecast - budget)
        return difference > abs(budget) * percent / 100 && difference > tkr
    }
}

/// Reads config values, turning every mistake into an error with file:line:col.
struct ConfigReader {
    let file: String

    func error(at position: SourcePosition, _ message: String) -> StyrlintError {
        StyrlintError(at: "\(file):\(position.line):\(position.column)", bilingual: message)
    }

    func error(_ node: YAMLNode, _ message: String) -> StyrlintError {
        error(at: node.start, message)
    }

    func error(_ node: YAMLNode, sv: String, en: String) -> StyrlintError {
        let location = "\(file):\(node.start.line):\(node.start.column)"
        return StyrlintError(sv: "\(location): \(sv)", en: "\(location): \(en)")
    }

    func profiles(_ node: YAMLNode) throws -> [String: RuleSelection] {
        try expectMapping(node, "profiler")
        var profiles: [String: RuleSelection] = [:]
        for (key, value) in node.entries {
            guard let name = key.scalar, !name.isEmpty else { throw error(key, "profiler: varje profil behöver ett namn / each profile needs a name") }
            try expectMapping(value, "profiler.\(name)")
            var selection = RuleSelection()
            for (field, list) in value.entries {
                switch field.scalar ?? "" {
                case "välj": selection.select = try stringList(list, "profiler.\(name).välj").map { $0.uppercased() }
                case "utöka": selection.extendSelect = try stringList(list, "profiler.\(name).utöka").map { $0.uppercased() }
                case "ignorera": selection.ignore = try stringList(list, "profiler.\(name).ignorera").map { $0.uppercased() }
                default: throw unknownKey(field, known: ["välj", "utöka", "ignorera"])
                }
                for item in list.isSequence ? Array(list.items) : [list] {
                    guard let entry = item.scalar?.uppercased(), selection.entryPlaces[entry] == nil else { continue }
                    selection.entryPlaces[entry] = "\(file):\(item.start.line):\(item.start.column): profiler.\(name).\(field.scalar ?? "")"
                }
            }
            selection.position = key.start
            profiles[name] = selection
        }
        return profiles
    }

    func unknownKey(_ key: YAMLNode, known: [String]) -> StyrlintError {
        let name = key.scalar ?? ""
        let suggestion = Suggestion.closest(to: name, among: known)
        return error(key, sv: "okänd nyckel '\(name)'.\(suggestion.map { " Menade du '\($0)'?" } ?? "") Kända: \(known.joined(separator: ", "))",
                     en: "unknown key '\(name)'.\(suggestion.map { " Did you mean '\($0)'?" } ?? "") Known: \(known.joined(separator: ", "))")
    }

    func expectMapping(_ node: YAMLNode, _ what: String) throws {
        guard node.isMapping else { throw error(node, "\(what): ska vara en mappning / must be a mapping") }
    }

    func stringList(_ node: YAMLNode, _ what: String) throws -> [String] {
        guard node.isSequence else { throw error(node, "\(what): ska vara en lista / must be a list, e.g. [plans, reports]") }
        return try node.items.map { item in
            guard let text = item.scalar, !text.isEmpty else { throw error(item, "\(what): varje post ska vara text / each item must be text") }
            return text
        }
    }

    func integer(_ node: YAMLNode, _ what: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = ScalarValue.integer(node), range.contains(value) else {
            throw error(node, "\(what): ska vara ett heltal \(range.lowerBound)–\(range.upperBound) / must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func number(_ node: YAMLNode, _ what: String, min: Double) throws -> Double {
        guard case .success(let value) = ScalarValue.number(node), value >= min else {
            throw error(node, sv: "\(what): ska vara ett tal ≥ \(min) (skriv 1.5, inte \"1,5\")", en: "\(what): must be a number ≥ \(min) (write 1.5, not \"1,5\")")
        }
        return value
    }

    func severity(_ node: YAMLNode, _ what: String) throws -> Severity? {
        let text = node.scalar ?? ""
        if text == "av" || text == "off" { return nil }
        if let severity = Severity(rawValue: text) { return severity }
        throw error(node, "\(what): allvarlighet ska vara fel, varning, info eller av / severity must be fel, varning, info or av")
    }

    func ruleSettings(_ node: YAMLNode) throws -> [String: Config.RuleSetting] {
        try expectMapping(node, "regler")
        var settings: [String: Config.RuleSetting] = [:]
        for (key, value) in node.entries {
            let id = key.scalar ?? ""
            var setting = Config.RuleSetting()
            setting.position = key.start
            if value.isScalar {
                setting.severity = .some(try severity(value, "regler.\(id)"))
            } else {
                try expectMapping(value, "regler.\(id)")
                for (settingKey, settingValue) in value.entries {
                    switch settingKey.scalar ?? "" {
                    case "allvarlighet": setting.severity = .some(try severity(settingValue, "regler.\(id).allvarlighet"))
                    case "parametrar":
                        try expectMapping(settingValue, "regler.\(id).parametrar")
                        for (parameter, parameterValue) in settingValue.entries {
                            setting.parameters[parameter.scalar ?? ""] = OptionValue(parameterValue)
                            setting.parameterPositions[parameter.scalar ?? ""] = parameter.start
                            setting.parameterValuePositions[parameter.scalar ?? ""] = parameterValue.start
                        }
                    default: throw unknownKey(settingKey, known: ["allvarlighet", "parametrar"])
                    }
                }
            }
            settings[id] = setting
        }
        return settings
    }

    func ignores(_ node: YAMLNode) throws -> [Config.Ignore] {
        guard node.isSequence else { throw error(node, "ignorera: ska vara en lista / must be a list of {sökväg, regler}") }
        return try node.items.map { item in
            if let pattern = item.scalar { return Config.Ignore(pattern: pattern, rules: nil) }
            try expectMapping(item, "ignorera")
            var pattern: String?
            var rules: [String]?
            for (key, value) in item.entries {
                switch key.scalar ?? "" {
                case "sökväg": pattern = value.scalar
                case "regler": rules = try stringList(value, "ignorera.regler")
                default: throw unknownKey(key, known: ["sökväg", "regler"])
                }
            }
            guard let pattern else { throw error(item, "ignorera: varje post behöver 'sökväg' / each item needs 'sökväg'") }
            return Config.Ignore(pattern: pattern, rules: rules)
        }
    }

    func limits(_ node: YAMLNode, into config: inout Config) throws {
        try expectMapping(node, "gränser")
        for (key, value) in node.entries {
            switch key.scalar ?? "" {
            case "filstorlek_kb": config.maxFileBytes = try integer(value, "gränser.filstorlek_kb", in: 1...1_048_576) * 1024
            case "djup": config.limits.maxDepth = try integer(value, "gränser.djup", in: 8...10_000)
            case "alias_noder": config.limits.maxExpandedNodes = try integer(value, "gränser.alias_noder", in: 100...100_000_000)
            case "dokument": config.maxDocuments = try integer(value, "gränser.dokument", in: 1...10_000_000)
            case "sekunder_per_dokument": config.limits.maxSeconds = Double(try integer(value, "gränser.sekunder_per_dokument", in: 1...3600))
            default: throw unknownKey(key, known: ["filstorlek_kb", "djup", "alias_noder", "dokument", "sekunder_per_dokument"])
            }
        }
    }
}

/// Path globs for `ignorera`: `*` within a segment, `**` across segments, `?` one character.
///
/// Matched by dynamic programming over (pattern token, path position) with two rows:
/// time proportional to pattern × path whatever the stars, where a backtracking matcher
/// takes seconds on a long path and a pattern of many `**/`.
enum Glob {
    enum Token: Equatable {
        case literal(Character), one, star, anyDepth, anyFolders
    }

    static func tokens(_ pattern: String) -> [Token] {
        let characters = Array(pattern)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "*" {
                if index + 1 < characters.count, characters[index + 1] == "*" {
                    if index + 2 < characters.count, characters[index + 2] == "/" {
                        if tokens.last != .anyFolders { tokens.append(.anyFolders) }
                        index += 3
                    } else {
                        tokens.append(.anyDepth)
                        index += 2
                    }
                    continue
                }
                if tokens.last != .star { tokens.append(.star) }
            } else if character == "?" {
                tokens.append(.one)
            } else {
                tokens.append(.literal(character))
            }
            index += 1
        }
        return tokens
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        let text = Array(path)
        var current = [Bool](repeating: false, count: text.count + 1)
        current[0] = true
        for token in tokens(pattern) {
            var next = [Bool](repeating: false, count: text.count + 1)
            switch token {
            case .literal(let character):
                for j in 0..<text.count where current[j] && text[j] == character { next[j + 1] = true }
            case .one:
                for j in 0..<text.count where current[j] && text[j] != "/" { next[j + 1] = true }
            case .star:
                for j in 0...text.count {
                    next[j] = current[j] || (j > 0 && next[j - 1] && text[j - 1] != "/")
                }
            case .anyDepth:
                for j in 0...text.count { next[j] = current[j] || (j > 0 && next[j - 1]) }
            case .anyFolders:
                // Nothing, or any run of whole folders: "a/", "a/b/".
                var reachable = false
                for j in 0...text.count {
                    next[j] = current[j] || (j > 0 && text[j - 1] == "/" && reachable)
                    if current[j] { reachable = true }
                }
            }
            current = next
        }
        return current[text.count]
    }
}

extension Config {
    /// What the config waives, for auditors: rules off, severities changed, paths ignored.
    public var waivers: Waivers {
        Waivers(
            disabledRules: rules.filter { $0.value.severity == .some(nil) }.keys.sorted(),
            severityOverrides: rules.compactMap { id, setting -> String? in
                guard case .some(.some(let severity)) = setting.severity else { return nil }
                return "\(id): \(severity.rawValue)"
            }.sorted(),
            changedParameters: rules.filter { !$0.value.parameters.isEmpty }.map { id, setting in
                "\(id): " + setting.parameters.keys.sorted().map { "\($0)=\(setting.parameters[$0]!.description)" }.joined(separator: ", ")
            }.sorted(),
            ignores: ignores.map { "\($0.pattern)" + ($0.rules.map { " (\($0.joined(separator: ", ")))" } ?? "") },
            selection: selection.isEmpty ? nil : selection.description)
    }

    public struct Waivers: Sendable, Encodable, Equatable {
        public var disabledRules: [String]
        public var severityOverrides: [String]
        public var changedParameters: [String]
        public var ignores: [String]
        /// The rule selection in force (profile and command line), when there is one.
        public var selection: String?

        public var isEmpty: Bool { disabledRules.isEmpty && severityOverrides.isEmpty && changedParameters.isEmpty && ignores.isEmpty && selection == nil }
    }
}

/// Which rules run, as ruff selects them: `välj` (--select) replaces the set of rules,
/// `utöka` (--extend-select) adds to it, `ignorera` (--ignore) takes away; each entry is a
/// rule id (SM001), a family (RP) or a rule name (vague-goal).
public struct RuleSelection: Sendable, Equatable {
    public var select: [String]?
    public var extendSelect: [String] = []
    public var ignore: [String] = []
    /// Where a profile is defined, for errors.
    public var position: SourcePosition?
    /// Where each entry of a profile is written (file, line, column), for an entry that
    /// names no rule; entries from the command line have none.
    public var entryPlaces: [String: String] = [:]

    public init(select: [String]? = nil, extendSelect: [String] = [], ignore: [String] = []) {
        self.select = select
        self.extendSelect = extendSelect
        self.ignore = ignore
    }

    public var isEmpty: Bool { select == nil && extendSelect.isEmpty && ignore.isEmpty }

    static func matches(_ entry: String, _ rule: Rule) -> Bool { matches(entry, id: rule.id, name: rule.name) }

    /// An entry names a rule by id (SM001), family (SM) or name (upper-cased): as `--select`
    /// reads it, and as the auditor's `regler` do.
    public static func matches(_ entry: String, id: String, name: String) -> Bool {
        entry == id || entry == name.uppercased() || (entry.allSatisfy(\.isLetter) && id.hasPrefix(entry) && id.dropFirst(entry.count).allSatisfy(\.isNumber))
    }

    public func enables(_ rule: Rule) -> Bool {
        let selected = select.map { list in list.contains { Self.matches($0, rule) } } ?? true
        return (selected || extendSelect.contains { Self.matches($0, rule) }) && !ignore.contains { Self.matches($0, rule) }
    }

    /// `self` with `other` on top: another select replaces, extensions and ignores add.
    public func then(_ other: RuleSelection) -> RuleSelection {
        var merged = RuleSelection(select: other.select ?? select, extendSelect: extendSelect + other.extendSelect, ignore: ignore + other.ignore)
        merged.entryPlaces = entryPlaces.merging(other.entryPlaces) { first, _ in first }
        return merged
    }

    /// Entries that name no rule, family or rule name of `rules`.
    public func unknownEntries(among rules: [Rule]) -> [String] {
        ((select ?? []) + extendSelect + ignore).filter { entry in !rules.contains { Self.matches(entry, $0) } }
    }

    public var description: String {
        var parts: [String] = []
        if let select { parts.append("välj: " + select.joined(separator: ", ")) }
        if !extendSelect.isEmpty { parts.append("utöka: " + extendSelect.joined(separator: ", ")) }
        if !ignore.isEmpty { parts.append("ignorera: " + ignore.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
