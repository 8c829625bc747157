import Foundation
import StyrlintCore

/// Deterministic generation of realistic plan repositories: the same seed gives the
/// same bytes on every machine. Used by `styrlint-corpus`, the benchmark and the
/// scaling test.
public enum CorpusGenerator {
    /// Every file of municipality `index`, as (path relative to the corpus root, text),
    /// under a folder `kommun-NNN/`.
    public static func municipality(index: Int, seed: UInt64, defectPercent: Double = 3) -> [(path: String, text: String)] {
        var generator = MunicipalityGenerator(index: index, seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15, defectPercent: defectPercent)
        return generator.files().map { (path: $0.0, text: $0.1) }
    }
}

/// Draws for the generator, on the shared seeded generator.
struct Random {
    var generator: SeededRandom

    init(state: UInt64) {
        generator = SeededRandom(seed: state)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + generator.next(below: range.count)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func chance(_ percent: Double) -> Bool { Double(generator.next() % 10_000) < percent * 100 }
}

struct MunicipalityGenerator {
    let index: Int
    var random: Random
    let defectPercent: Double
    let year = 2025

    init(index: Int, seed: UInt64, defectPercent: Double) {
        self.index = index
        self.random = Random(state: seed)
        self.defectPercent = defectPercent
    }

    static let prefixes = ["Björk", "Ek", "Sjö", "Berg", "Ås", "Dal", "Lunda", "Mark", "Strand", "Hed", "Älv", "Norr", "Söder", "Väster", "Öster", "Fors"]
    static let suffixes = ["by", "köping", "sala", "holm", "vik", "stad", "hult", "torp", "ås", "berga"]
    static let boards: [(id: String, name: String, type: String, areas: [String])] = [
        ("ks", "Kommunstyrelsen", "styrelse", ["hållbar samhällsutveckling", "ekonomi"]),
        ("bun", "Barn- och utbildningsnämnden", "nämnd", ["förskola", "grundskola", "gymnasieskola"]),
        ("son", "Socialnämnden", "nämnd", ["hemtjänst", "särskilt boende", "individ- och familjeomsorg"]),
        ("tn", "Tekniska nämnden", "nämnd", ["gator och vägar", "vatten och avlopp", "måltider"]),
        ("kfn", "Kultur- och fritidsnämnden", "nämnd", ["bibliotek", "fritidsgårdar"]),
        ("mbn", "Miljö- och byggnämnden", "nämnd", ["bygglov", "miljötillsyn"]),
        ("vn", "Vård- och omsorgsnämnden", "nämnd", ["LSS", "hälso- och sjukvård"]),
        ("an", "Arbetsmarknadsnämnden", "nämnd", ["vuxenutbildning", "arbetsmarknadsinsatser"]),
        ("ofn", "Överförmyndarnämnden", "nämnd", ["ställföreträdarskap"]),
        ("bab", "Bostads AB", "bolag", ["hyresbostäder"]),
        ("eab", "Energi AB", "bolag", ["fjärrvärme", "elnät"]),
        ("vab", "Vatten AB", "bolag", ["dricksvatten"]),
    ]
    static let measures = [
        ("Andel elever i årskurs 9 som är behöriga till yrkesprogram", "procent", "N15436", true),
        ("Brukarbedömning hemtjänst, helhetssyn", "procent", "U21468", true),
        ("Väntetid till särskilt boende från ansökan", "dagar", "N23890", false),
        ("Sjukfrånvaro bland medarbetarna", "procent", "N00090", true),
        ("Nöjd-Kund-Index för bygglov", "index", "U00809", false),
        ("Andel ekologiska livsmedel i måltidsverksamheten", "procent", "U07801", false),
        ("Resultat i procent av skatter och statsbidrag", "procent", "N03101", false),
        ("Antal besök på biblioteken per invånare", "antal", "U09404", false),
        ("Andel invånare som är nöjda med gatunätet", "procent", "U31401", true),
    ]
    static let reportCodes = ["månadsrapport": "mr", "delårsrapport": "dr", "delårsbokslut": "db", "årsbokslut": "ab"]
    static let areaNames = ["Lärande och uppväxt", "Trygghet och omsorg", "Hållbar samhällsutveckling", "God ekonomisk hushållning"]
    static let sentences = [
        "Arbetet bedrivs i nära samverkan med verksamheterna och följs upp i den ordinarie ledningsdialogen.",
        "Underlaget hämtas från Kolada och kommunens egna uppföljningssystem och redovisas uppdelat på kön där det är möjligt.",
        "Förvaltningen har under året genomfört en fördjupad analys av orsakerna bakom utvecklingen.",
        "Resultatet ska jämföras med liknande kommuner och med riket för att ge en rättvisande bild.",
        "Medarbetarna har varit delaktiga i att ta fram åtgärderna på arbetsplatsträffar under våren.",
    ]

    mutating func text(_ sentences: Int) -> String {
        (0..<sentences).map { _ in random.pick(Self.sentences) }.joined(separator: " ")
    }

    mutating func defect() -> Bool { random.chance(defectPercent) }

    static func quote(_ text: String) -> String { "\"\(text.replacingOccurrences(of: "\"", with: "'"))\"" }

    mutating func files() -> [(String, String)] {
        let name = random.pick(Self.prefixes) + random.pick(Self.suffixes) + (index >= 100 ? "-\(index)" : "")
        let folder = String(format: "kommun-%03d", index)
        var files: [(String, String)] = []
        let boardCount = random.int(8...12)
        let boards = Array(Self.boards.prefix(boardCount))
        let areas = ["MO1", "MO2", "MO3", "MO4"]
        // Fullmäktige plan.
        var kf = """
        typ: verksamhetsplan
        id: kf-vp-\(year)
        kommun: \(name) kommun
        organ: kf
        nivå: fullmäktige
        period: {från: \(year), till: \(year + 2)}
        status: beslutad
        beslut: {datum: \(year - 1)-11-2\(random.int(0...8)), organ: kf, paragraf: "§ \(random.int(80...140))"}
        vision: \(Self.quote("\(name) – en trygg och hållbar kommun där alla kan växa. " + text(2)))
        organisation:
          - {id: kf, namn: Kommunfullmäktige, typ: fullmäktige}

        """
        for board in boards { kf += "  - {id: \(board.id), namn: \(board.name), typ: \(board.type)}\n" }
        kf += "målområden:\n"
        for (number, area) in areas.enumerated() {
            let coordinators = (0..<2).map { _ in random.pick(boards).id }
            kf += "  - id: \(area)\n    namn: \(Self.areaNames[number])\n    beskrivning: \(Self.quote(text(2)))\n    samordning: [\(Array(Set(coordinators)).sorted().joined(separator: ", "))]\n"
        }
        kf += "ramar:\n"
        var frames: [String: Int] = [:]
        for board in boards where board.type != "bolag" {
            frames[board.id] = random.int(20...400) * 1000
            kf += "  \(board.id): \(frames[board.id]!)\n"
        }
        kf += "mål:\n"
        let councilGoals = (1...8).map { "KF\($0)" }
        for (number, goal) in councilGoals.enumerated() {
            let measure = random.pick(Self.measures)
            kf += """
              - id: \(goal)
                text: \(Self.quote("Kommunen ska nå en hög och jämlik nivå inom \(Self.areaNames[number % 4].lowercased())."))
                bidrar_till: [\(areas[number % 4])]
                perspektiv: \(number == 7 ? "ekonomi" : random.pick(["verksamhet", "personal"]))
                indikatorer:
                  - {id: \(goal).1, namn: \(Self.quote(measure.0)), kolada: \(measure.2), enhet: \(measure.1), könsuppdelad: \(measure.3),
                     utgångsvärde: {värde: 50, år: \(year - 2)}, målvärde: {värde: 60, år: \(year + 2), riktning: minst}}

            """
        }
        files.append(("\(folder)/plans/kf-\(year).yaml", kf))
        files.append(("\(folder)/styrlint.yml", "# \(name) kommun\nsökvägar: [plans, reports]\n"))

        for board in boards {
            let prefix = board.id.uppercased()
            let planID = "\(board.id)-vp-\(year)"
            var plan = """
            typ: verksamhetsplan
            id: \(planID)
            kommun: \(name) kommun
            organ: \(board.id)
            nivå: \(board.type == "bolag" ? "bolag" : "nämnd")
            överordnad: kf-vp-\(year)
            period: {från: \(year), till: \(year + 2)}
            status: beslutad
            beslut: {datum: \(year - 1)-10-\(random.int(10...28)), organ: \(board.id), paragraf: "§ \(random.int(40...120))"}
            uppdrag: \(Self.quote(board.name + " ansvarar för " + board.areas.joined(separator: ", ") + ". " + text(3)))

            """
            if let frame = frames[board.id] { plan += "budget: {ram: \(defect() ? frame + 1000 : frame)}\n" }
            plan += "mål:\n"
            let goalCount = random.int(4...7)
            for number in 1...goalCount {
                let measure = random.pick(Self.measures)
                let baseline = random.int(40...80)
                let target = min(95, baseline + random.int(2...12))
                let vague = defect()
                plan += """
                  - id: \(prefix)\(number)
                    text: \(Self.quote(vague ? "Förbättra kvaliteten inom \(random.pick(board.areas))." : "Minst \(target) % ska uppnås för \(measure.0.lowercased()) inom \(random.pick(board.areas))."))
                    bidrar_till: [\(defect() ? "KF9" : random.pick(councilGoals))]
                    perspektiv: \(["verksamhet", "personal", "ekonomi"][number % 3])
                    kvalitet: \(number == 1 ? "brukarupplevd" : random.pick(["struktur", "process", "resultat"]))
                    ansvarig: \(defect() ? "''" : "förvaltningschef")
                    klart: \(year + 2)
                    förankring: \(Self.quote(text(1)))
                    indikatorer:
                      - id: \(prefix)\(number).1
                        namn: \(Self.quote(measure.0))
                        typ: resultatindikator
                        kolada: \(defect() ? "N123" : measure.2)
                        enhet: \(measure.1)
                        utgångsvärde: {värde: \(baseline), år: \(year - 2)}
                        målvärde: {värde: \(target), år: \(year + 2), riktning: minst}
                        könsuppdelad: \(measure.3)

                """
            }
            files.append(("\(folder)/plans/\(board.id)-\(year).yaml", plan))
            // Verksamhet plans with handlingsplaner.
            if board.type != "bolag" {
                for unit in 1...random.int(1...4) {
                    var unitPlan = """
                    typ: verksamhetsplan
                    id: \(board.id)-v\(unit)-\(year)
                    organ: \(board.id)
                    nivå: verksamhet
                    enhet: \(Self.quote(random.pick(board.areas).capitalized))
                    överordnad: \(planID)
                    period: {från: \(year), till: \(year)}
                    status: beslutad
                    beslut: {datum: \(year - 1)-12-1\(random.int(0...9)), organ: \(board.id)}
                    mål:

                    """
                    for number in 1...random.int(2...4) {
                        unitPlan += """
                          - id: \(prefix)-V\(unit).\(number)
                            text: \(Self.quote("Minst 80 % av brukarna ska ha en aktuell plan senast i december."))
                            bidrar_till: [\(prefix)\(random.int(1...goalCount))]
                            ansvarig: enhetschef
                            klart: \(year)
                            indikatorer:
                              - {id: \(prefix)-V\(unit).\(number).1, namn: Andel brukare med aktuell plan, enhet: procent, könsuppdelad: true,
                                 utgångsvärde: {värde: 70, år: \(year - 1)}, målvärde: {värde: 80, år: \(year), riktning: minst}}

                        """
                    }
                    unitPlan += "handlingsplan:\n"
                    for number in 1...random.int(2...5) {
                        unitPlan += """
                          - id: \(prefix)-V\(unit)-H\(number)
                            mål: [\(prefix)-V\(unit).1]
                            åtgärd: \(Self.quote(text(1)))
                            hur: \(Self.quote(text(2)))
                            ansvarig: enhetschef
                            klart: \(year)-\(String(format: "%02d", random.int(3...12)))-15
                            uppföljning: \(defect() ? "''" : Self.quote("Följs upp i delårsbokslut och årsbokslut."))

                        """
                    }
                    files.append(("\(folder)/plans/verksamhet/\(board.id)-v\(unit)-\(year).yaml", unitPlan))
                }
                for planYear in [year, year + 1] {
                    files.append(("\(folder)/plans/internkontroll/\(board.id)-ik-\(planYear).yaml", internalControlPlan(board.id, prefix, planYear)))
                }
            }
            // A year of reports.
            let budget = frames[board.id] ?? random.int(50...200) * 1000
            for month in [2, 3, 4, 5, 8, 9, 10, 11] where !defect() {
                files.append(("\(folder)/reports/\(year)/\(board.id)/\(board.id)-mr-\(year)-\(String(format: "%02d", month)).yaml",
                              report(board.id, planID, "månadsrapport", "\(year)-\(String(format: "%02d", month))", month, budget, goals: nil)))
            }
            let goals = (1...goalCount).map { "\(prefix)\($0)" }
            files.append(("\(folder)/reports/\(year)/\(board.id)/\(board.id)-dr-\(year).yaml", report(board.id, planID, "delårsrapport", "\(year)-04", 4, budget, goals: goals)))
            files.append(("\(folder)/reports/\(year)/\(board.id)/\(board.id)-db-\(year).yaml", report(board.id, planID, "delårsbokslut", "\(year)-08", 8, budget, goals: goals)))
            files.append(("\(folder)/reports/\(year)/\(board.id)/\(board.id)-ab-\(year).yaml", report(board.id, planID, "årsbokslut", "\(year)", 12, budget, goals: goals)))
            if board.type != "bolag" {
                files.append(("\(folder)/reports/\(year)/\(board.id)/\(board.id)-ikr-\(year).yaml", controlReport(board.id, prefix)))
            }
        }
        return files
    }

    mutating func internalControlPlan(_ organ: String, _ boardPrefix: String, _ year: Int) -> String {
        let prefix = "\(boardPrefix)\(year % 100)"
        var plan = """
        typ: internkontrollplan
        id: \(organ)-ik-\(year)
        organ: \(organ)
        år: \(year)
        status: beslutad
        beslut: {datum: \(year - 1)-12-0\(random.int(1...9)), organ: \(organ), paragraf: "§ \(random.int(100...160))"}
        riskanalys: {datum: \(defect() ? year - 2 : year - 1)-10-0\(random.int(1...9)), genomförd_av: [förvaltningschef, controller], skala: 4}
        risker:

        """
        let riskCount = random.int(4...7)
        for number in 1...riskCount {
            let likelihood = random.int(1...4), consequence = random.int(1...4)
            plan += """
              - id: \(prefix)-R\(number)
                process: \(random.pick(["Upphandling", "Löner", "Attest", "Myndighetsutövning", "Dokumenthantering"]))
                beskrivning: \(Self.quote(text(1)))
                sannolikhet: \(likelihood)
                konsekvens: \(consequence)
                hantering: kontroll

            """
        }
        plan += "kontrollmoment:\n"
        for number in 1...riskCount where !defect() {
            plan += """
              - id: \(prefix)-K\(number)
                risker: [\(prefix)-R\(number)]
                kontroll: \(Self.quote(text(1)))
                metod: Stickprov
                frekvens: \(random.pick(["månadsvis", "kvartalsvis", "tertial", "årligen"]))
                ansvarig: controller
                rapporteras_till: nämnden
                rapportering: [\(year)-06-15, \(year)-12-15]

            """
        }
        return plan
    }

    mutating func report(_ organ: String, _ plan: String, _ type: String, _ period: String, _ month: Int,
                         _ budget: Int, goals: [String]?) -> String {
        let deadlineMonth = month == 12 ? 1 : min(12, month + 1)
        let deadlineYear = month == 12 ? year + 1 : year
        let day = defect() ? 28 : random.int(5...14)
        let deviation = random.chance(20) ? random.int(2...5) : 0
        let forecast = budget + budget * deviation / 100
        var report = """
        typ: rapport
        id: \(organ)-\(Self.reportCodes[type] ?? "r")-\(period)
        organ: \(organ)
        rapporttyp: \(type)
        plan: \(plan)
        period: \(period)
        inlämnad: \(deadlineYear)-\(String(format: "%02d", deadlineMonth))-\(String(format: "%02d", day))
        ekonomi:
          budget: \(budget)
          utfall: \(budget * month / 12)
          prognos: \(forecast)
          kommentar: \(Self.quote(text(2)))

        """
        if deviation > 0 && !defect() {
            report += """
              analys: \(Self.quote(text(3)))
              konsekvensbeskrivning: \(Self.quote(text(2)))
              åtgärder:
                - {åtgärd: \(Self.quote(text(1))), ansvarig: förvaltningschef, klart: \(year)-12-31}

            """
        }
        report += "personal: {sjukfrånvaro_procent: \(random.int(4...9)).\(random.int(0...9)), kommentar: \(Self.quote(text(1)))}\n"
        if let goals {
            report += "måluppfyllelse:\n"
            for goal in goals {
                let value = random.int(55...95)
                report += """
                  - mål: \(goal)
                    bedömning: delvis
                    utfall: [{indikator: \(goal).1, värde: \(value), år: \(year)}]
                    analys: \(Self.quote(text(3)))

                """
            }
        }
        return report
    }

    mutating func controlReport(_ organ: String, _ prefix: String) -> String {
        var report = """
        typ: rapport
        id: \(organ)-ikr-\(year)
        organ: \(organ)
        rapporttyp: internkontrollrapport
        plan: \(organ)-ik-\(year)
        period: \(year)
        inlämnad: \(year + 1)-01-2\(random.int(0...9))
        kontroller:

        """
        for number in 1...3 {
            let deviation = random.chance(15)
            report += "  - {kontrollmoment: \(prefix)\(year % 100)-K\(number), genomförd: \(year)-11-1\(random.int(0...9)), resultat: \(Self.quote(text(1))), avvikelse: \(deviation)"
            report += deviation && !defect() ? ", åtgärd: \(Self.quote(text(1)))}\n" : "}\n"
        }
        return report
    }
}
