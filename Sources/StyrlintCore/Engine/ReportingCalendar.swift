/// The årshjul: which reports each organ delivers and when (§ 5.1), and by when plans
/// are adopted (§ 2, § 3). Days are counted from the end of the reported period.
public struct ReportingCalendar: Sendable, Equatable {
    public struct Interim: Sendable, Equatable {
        public var reportType: String
        /// Last month of the interim period (4 = January–April).
        public var month: Int
        public var days: Int
    }

    public struct MonthDay: Sendable, Equatable {
        public var month: Int
        public var day: Int
    }

    /// § 5.1 / § 5.2: februari, mars, april, maj, augusti, september, oktober, november.
    public var monthlyMonths: [Int] = [2, 3, 4, 5, 8, 9, 10, 11]
    /// Not in the routine: a month report is due 15 days after the month ends.
    public var monthlyDays = 15
    /// § 5.3 delårsrapport after four months, § 5.4 delårsbokslut after eight.
    public var interims: [Interim] = [
        Interim(reportType: "delårsrapport", month: 4, days: 31),
        Interim(reportType: "delårsbokslut", month: 8, days: 30),
    ]
    /// § 5.1 / § 5.5: årsbokslut in January, i.e. within 31 days of the year's end.
    public var annualDays = 31
    /// Not in the routine: the internkontrollrapport follows the årsbokslut.
    public var internalControlReportDays = 31
    /// § 2 / § 3: nämnder and bolag adopt their plans in October.
    public var boardPlanDeadline = MonthDay(month: 10, day: 31)
    /// § 2 / § 3: fullmäktige adopts the plan by the end of November.
    public var councilPlanDeadline = MonthDay(month: 11, day: 30)
    /// Not in the routine: a nämnd adopts its internkontrollplan by 31 December of the year before.
    public var internalControlPlanDeadline = MonthDay(month: 12, day: 31)

    public static let standard = ReportingCalendar()

    public init() {}

    static let keys = ["månadsrapport", "delår", "årsbokslut", "internkontrollrapport", "planbeslut", "internkontrollplan"]

    init(_ node: YAMLNode, _ reader: ConfigReader) throws {
        try reader.expectMapping(node, "årshjul")
        for (key, value) in node.entries {
            switch key.scalar ?? "" {
            case "månadsrapport":
                try reader.expectMapping(value, "årshjul.månadsrapport")
                for (field, fieldValue) in value.entries {
                    switch field.scalar ?? "" {
                    case "månader":
                        guard fieldValue.isSequence else { throw reader.error(fieldValue, "årshjul.månadsrapport.månader: en lista av månader 1-12 / a list of months 1-12") }
                        monthlyMonths = try fieldValue.items.map { try reader.integer($0, "årshjul.månadsrapport.månader", in: 1...12) }.sorted()
                    case "dagar": monthlyDays = try reader.integer(fieldValue, "årshjul.månadsrapport.dagar", in: 0...120)
                    default: throw reader.unknownKey(field, known: ["månader", "dagar"])
                    }
                }
            case "delår":
                guard value.isSequence else { throw reader.error(value, "årshjul.delår: en lista av {rapporttyp, månad, dagar} / a list of {rapporttyp, månad, dagar}") }
                interims = try value.items.map { item in
                    try reader.expectMapping(item, "årshjul.delår")
                    var interim = Interim(reportType: "", month: 0, days: 30)
                    for (field, fieldValue) in item.entries {
                        switch field.scalar ?? "" {
                        case "rapporttyp":
                            let type = fieldValue.scalar ?? ""
                            guard ["delårsrapport", "delårsbokslut"].contains(type) else {
                                throw reader.error(fieldValue, "årshjul.delår.rapporttyp: delårsrapport eller delårsbokslut")
                            }
                            interim.reportType = type
                        case "månad": interim.month = try reader.integer(fieldValue, "årshjul.delår.månad", in: 1...11)
                        case "dagar": interim.days = try reader.integer(fieldValue, "årshjul.delår.dagar", in: 0...365)
                        default: throw reader.unknownKey(field, known: ["rapporttyp", "månad", "dagar"])
                        }
                    }
                    guard !interim.reportType.isEmpty, interim.month > 0 else {
                        throw reader.error(item, "årshjul.delår: varje post behöver rapporttyp och månad / each item needs rapporttyp and månad")
                    }
                    return interim
                }
            case "årsbokslut": annualDays = try days(value, "årshjul.årsbokslut", reader)
            case "internkontrollrapport": internalControlReportDays = try days(value, "årshjul.internkontrollrapport", reader)
            case "planbeslut":
                try reader.expectMapping(value, "årshjul.planbeslut")
                for (field, fieldValue) in value.entries {
                    switch field.scalar ?? "" {
                    case "nämnd": boardPlanDeadline = try Self.monthDay(fieldValue, "årshjul.planbeslut.nämnd", reader)
                    case "fullmäktige": councilPlanDeadline = try Self.monthDay(fieldValue, "årshjul.planbeslut.fullmäktige", reader)
                    default: throw reader.unknownKey(field, known: ["nämnd", "fullmäktige"])
                    }
                }
            case "internkontrollplan":
                internalControlPlanDeadline = try Self.monthDay(value, "årshjul.internkontrollplan", reader)
            default:
                throw reader.unknownKey(key, known: Self.keys)
            }
        }
    }

    private func days(_ node: YAMLNode, _ what: String, _ reader: ConfigReader) throws -> Int {
        try reader.expectMapping(node, what)
        var days = 0
        for (field, value) in node.entries {
            guard field.scalar == "dagar" else { throw reader.unknownKey(field, known: ["dagar"]) }
            days = try reader.integer(value, "\(what).dagar", in: 0...365)
        }
        return days
    }

    /// `MM-DD` of the year before the plan year.
    private static func monthDay(_ node: YAMLNode, _ what: String, _ reader: ConfigReader) throws -> MonthDay {
        let parts = (node.scalar ?? "").split(separator: "-")
        guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]),
              Day(year: 2001, month: month, day: day) != nil else {
            throw reader.error(node, "\(what): skriv MM-DD, t.ex. \"10-31\" / write MM-DD, e.g. \"10-31\"")
        }
        return MonthDay(month: month, day: day)
    }

    /// The deadline of a report for a period, or nil when the årshjul does not ask for it.
    public func deadline(reportType: String, periodYear year: Int, month: Int?) -> Day? {
        switch reportType {
        case "månadsrapport":
            guard let month, monthlyMonths.contains(month) else { return nil }
            return Day.lastDay(ofMonth: month, year: year).adding(days: monthlyDays)
        case "delårsrapport", "delårsbokslut":
            guard let interim = interims.first(where: { $0.reportType == reportType }) else { return nil }
            if let month, month != interim.month { return nil }
            return Day.lastDay(ofMonth: interim.month, year: year).adding(days: interim.days)
        case "årsbokslut":
            return Day.lastDay(ofMonth: 12, year: year).adding(days: annualDays)
        case "internkontrollrapport":
            return Day.lastDay(ofMonth: 12, year: year).adding(days: internalControlReportDays)
        default:
            return nil
        }
    }

    /// Every report the årshjul asks of a reporting organ for one year.
    public func expectedReports(year: Int) -> [(reportType: String, period: String, deadline: Day)] {
        var expected: [(String, String, Day)] = []
        for month in monthlyMonths {
            let period = Month(year: year, month: month)!.description
            expected.append(("månadsrapport", period, deadline(reportType: "månadsrapport", periodYear: year, month: month)!))
        }
        for interim in interims {
            let period = Month(year: year, month: interim.month)!.description
            expected.append((interim.reportType, period, Day.lastDay(ofMonth: interim.month, year: year).adding(days: interim.days)))
        }
        expected.append(("årsbokslut", "\(year)", deadline(reportType: "årsbokslut", periodYear: year, month: nil)!))
        return expected
    }
}
