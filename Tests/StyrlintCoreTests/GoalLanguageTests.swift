import Foundation
import Testing
@testable import StyrlintCore

/// The goal-text analyser and the rules that read goal language, measured on a labelled
/// corpus of goal texts written the way Swedish municipalities write them.
@Suite struct GoalLanguageTests {
    static let path = TestSupport.packageRoot + "/Tests/Fixtures/goals/corpus.yaml"

    @Test("the corpus is large and labelled for every rule")
    func corpusShape() throws {
        let entries = try GoalCorpus.load(Self.path)
        #expect(entries.count >= 250)
        #expect(Set(entries.map(\.id)).count == entries.count)
        for rule in GoalCorpus.rules {
            #expect(entries.filter { $0.fires.contains(rule) }.count >= 20, "\(rule): too few positive examples")
            #expect(entries.filter { $0.silent.contains(rule) }.count >= 20, "\(rule): too few labelled negatives")
        }
        #expect(entries.allSatisfy { $0.fires.isDisjoint(with: $0.silent) })
    }

    @Test("precision ≥ 0.97 and recall ≥ 0.95 per rule on the goal corpus and the held-out set",
          arguments: ["corpus.yaml", "heldout.yaml"])
    func precisionAndRecall(file: String) throws {
        let path = TestSupport.packageRoot + "/Tests/Fixtures/goals/" + file
        let scores = try GoalCorpus.score(try GoalCorpus.load(path), rules: TestSupport.builtinRules)
        print(GoalCorpus.table(scores), terminator: "")
        for rule in GoalCorpus.rules {
            let score = scores[rule] ?? GoalCorpus.Score()
            #expect(score.precision >= 0.97, "\(rule) precision \(score.precision): \(score.misses.joined(separator: "; "))")
            #expect(score.recall >= 0.95, "\(rule) recall \(score.recall): \(score.misses.joined(separator: "; "))")
        }
    }
}

/// The red-team set (`redteam.yaml`: texts an independent review wrote against the rules,
/// each judged for the rules it names) and the fresh set (`fresh.yaml`: texts written from
/// the documentation alone, never seen by the analyser's authors before their first run).
/// Each holds the analyser to what it reads now, rule by rule; a change may raise these
/// figures, never lower them. First-run figures and the texts still misjudged are in
/// docs/goal-language.md.
@Suite struct GoalEvaluationSetTests {
    static let floors: [String: [String: (precision: Double, recall: Double)]] = [
        "redteam.yaml": [
            "SM001": (1.0, 1.0), "SM007": (1.0, 0.875), "SM008": (1.0, 0.904), "SM009": (1.0, 1.0),
            "MV006": (0.928, 0.928), "MV008": (1.0, 0.888), "MV010": (0.888, 0.888),
        ],
        "fresh.yaml": [
            "SM001": (0.785, 0.916), "SM007": (1.0, 1.0), "SM008": (1.0, 1.0), "SM009": (0.8, 0.666),
            "MV006": (0.8, 0.8), "MV008": (1.0, 1.0), "MV010": (0.916, 1.0),
        ],
    ]

    @Test("every rule reads the evaluation set at least as well as when its classes were fixed", arguments: ["redteam.yaml", "fresh.yaml"])
    func floors(file: String) throws {
        let entries = try GoalCorpus.load(TestSupport.packageRoot + "/Tests/Fixtures/goals/" + file)
        #expect(entries.count >= 120)
        let scores = try GoalCorpus.score(entries, rules: TestSupport.builtinRules)
        for rule in GoalCorpus.rules {
            let score = try #require(scores[rule]), floor = try #require(Self.floors[file]?[rule])
            #expect(score.truePositive + score.falseNegative >= 6, "\(rule): too few positive examples")
            #expect(score.precision >= floor.precision, "\(rule) precision \(score.precision): \(score.misses.joined(separator: "; "))")
            #expect(score.recall >= floor.recall, "\(rule) recall \(score.recall): \(score.misses.joined(separator: "; "))")
        }
    }
}

/// The quantity reader on every number form Swedish goal texts use.
@Suite struct QuantityReaderTests {
    static func levels(_ text: String) -> [Double] { GoalText(text).levels.map(\.value) }
    static func kinds(_ text: String) -> [Quantity.Kind] { GoalText(text).quantities.map(\.kind) }

    @Test func thousandsAndDecimals() {
        #expect(Self.levels("minst 2 050 deltagare") == [2050])
        #expect(Self.levels("minst 2\u{00A0}050 deltagare") == [2050])
        #expect(Self.levels("minst 2.000 besök") == [2000])
        #expect(Self.levels("högst 12,5 procent") == [12.5])
        #expect(GoalText("10–15 procent").levels.first?.upper == 15)
    }

    @Test func numberWordsAndFractions() {
        #expect(Self.levels("ska minska med fem procent") == [5])
        #expect(Self.levels("Högst tjugofem procent") == [25])
        #expect(Self.levels("minst nittio procent") == [90])
        #expect(Self.levels("hälften av eleverna") == [50])
        #expect(Self.levels("två tredjedelar av brukarna").map { ($0 * 10).rounded() } == [667])
        #expect(Self.levels("var tredje invånare").map { $0.rounded() } == [33])
        #expect(Self.levels("Barnen ska känna sig trygga") == [])
        #expect(Self.levels("Det finns sex förskolor").isEmpty)
    }

    @Test func notLevels() {
        #expect(Self.kinds("Mål 2: Tryggheten i centrum ska öka") == [.label])
        #expect(Self.kinds("Tryggheten ska förbättras till 2026") == [.year])
        #expect(Self.kinds("under perioden 2024–2026") == [.period])
        #expect(Self.kinds("läsåret 2025/26").first == .period)
        #expect(Self.kinds("handlagda senast den 30 april") == [.date])
        #expect(Self.kinds("klart 2025-03-31").first == .date)
        #expect(Self.kinds("Barnen i årskurs 3 ska läsa") == [.grade])
        #expect(Self.kinds("elever i åk 9") == [.grade])
        #expect(Self.kinds("ungdomar 16–19 år") == [.age])
        #expect(Self.kinds("personer 65 år och äldre") == [.age])
        #expect(Self.kinds("ska få arbete inom 12 månader") == [.duration])
        #expect(Self.kinds("1.2 Eleverna ska nå målen").first == .label)
    }

    @Test func decimalsSharesOfTimeAndCounts() {
        #expect(Self.levels("Sjukfrånvaron ska vara högst 5.5 procent.") == [5.5])
        #expect(Self.levels("Trygghetsenkäten ska genomföras under första hälften av året.") == [])
        #expect(Self.levels("Elevhälsan ska följa upp tryggheten var tredje månad.") == [])
        #expect(Self.levels("Biblioteket ska ha minst 2000 besökare per månad.") == [2000])
        #expect(Self.kinds("1.2 Eleverna ska nå målen.") == [.label])
        #expect(Self.kinds("Under 2025 ska andelen öka.") == [.year])
        #expect(Self.levels("minst 2.000 besök") == [2000])
    }

    @Test func comparators() {
        #expect(GoalText("minst 85 procent").levels.first?.comparator == .atLeast)
        #expect(GoalText("högst 14 dagar").levels.first?.comparator == .atMost)
        #expect(GoalText("färre än 20 anmälningar").levels.first?.comparator == .atMost)
        #expect(GoalText("mer än 300 besökare").levels.first?.comparator == .atLeast)
        #expect(GoalText("inte mer än 5 procent").levels.first?.comparator == .atMost)
        #expect(GoalText("ska minska till 7 procent").levels.first?.comparator == .atMost)
        #expect(GoalText("ska öka med 10 procent").levels.first?.kind == .change)
    }

    @Test("a number that names rather than measures is no level", arguments: [
        "Antalet anmälda brott per 1000 invånare ska minska.",
        "Elevhälsan ska utvecklas i enlighet med skollagen (2010:800).",
        "Stödlinjen ska vara tillgänglig 24/7.",
        "Resultaten i de 3 nationella proven ska förbättras.",
        "Nämnden ska bidra till att uppfylla de 17 globala målen.",
        "Vården ska finnas dygnet runt, 7 dagar i veckan.",
        "Sjukfrånvaron ska minska under 2026 jämfört med 2025.",
    ])
    func references(text: String) {
        #expect(GoalText(text).levels.isEmpty, "\(GoalText(text).levels.map(\.written))")
    }

    @Test func rangesMultipliersAndChangesInWords() {
        let between = GoalText("Andelen ska vara mellan 40 och 50 procent.").levels
        #expect(between.count == 1 && between[0].value == 40 && between[0].upper == 50 && between[0].unit == .percent)
        let span = GoalText("Andelen ska vara 10 till 15 procent.").levels
        #expect(span.count == 1 && span[0].upper == 15)
        // "från 80 till 85 procent" is a change from one level to another, not a range.
        #expect(GoalText("Andelen ska öka från 80 till 85 procent.").levels.allSatisfy { $0.upper == nil })
        #expect(GoalText("i åk 5 till 90 procent").levels.map(\.value) == [90])
        #expect(Self.levels("Överskottet ska vara minst 2,5 miljoner kronor.") == [2_500_000])
        #expect(Self.levels("Minst 5 tusen besökare per år.") == [5000])
        #expect(GoalText("Kulturskolan ska ha tvåhundra elever.").levels.map(\.value) == [200])
        for text in ["ska öka med minst 5 procentenheter", "ska minska med högst 10 procent", "ska öka med cirka 3 procent"] {
            #expect(GoalText(text).levels.map(\.kind) == [.change], "\(text)")
        }
        #expect(GoalText("Besökarna ska öka till 2050 per vecka.").levels.map(\.value) == [2050])
        #expect(GoalText("Barnen ska vara ute 2–3 timmar varje dag.").levels.count == 1)
    }

    @Test func aCountedWordIsNeverAFunctionWord() {
        // Messages quote the level with what it counts: "500 besökare", never "500 per".
        #expect(GoalText("minst 500 per kväll").levels.map(\.written) == ["500"])
        #expect(GoalText("mellan 40 och 50 procent").levels.map(\.written) == ["40 och 50 procent"])
        #expect(GoalText("minst 500 besökare").levels.map(\.written) == ["500 besökare"])
    }

    @Test func hostileTextsStayLinear() {
        // A megabyte of goal text is read whole, in one pass.
        let long = String(repeating: "Förbättra 1 000 ", count: 70_000)
        #expect(GoalText(long).tokens.count == 140_000)
        // A number of 10,000 digits is still a stated level, quoted by its first digits.
        let digits = String(repeating: "9", count: 10_000)
        let huge = GoalText("minst \(digits) procent").levels
        #expect(huge.count == 1 && huge[0].written.count < 40 && huge[0].written.hasPrefix("99999"))
        let numbers = (0..<10_000).map(String.init).joined(separator: " ")
        #expect(GoalText(numbers).quantities.count > 0)
        #expect(GoalText("för\u{200B}bättra").words == ["förbättra"])
        #expect(GoalText("sa\u{030A}kra").words == ["såkra"])
    }
}

/// Word lists in base forms matched by stem.
@Suite struct WordPatternTests {
    static func found(_ entries: [String], _ text: String, mainClauseOnly: Bool = false) -> [String] {
        WordPatterns(entries).find(in: GoalText(text), mainClauseOnly: mainClauseOnly).map(\.words)
    }

    @Test func genitivesCompoundsAndEndings() {
        #expect(Self.found(["elev"], "Elevers upplevelse av studiero") == ["elevers"])
        #expect(Self.found(["ungdom"], "Ungdomars deltagande") == ["ungdomars"])
        #expect(Self.found(["enligt *lagen"], "Handläggningen ska ske enligt socialtjänstlagen.") == ["enligt socialtjänstlagen"])
        #expect(Self.found(["*lagens krav"], "Kvalitetsarbetet ska uppfylla skollagens krav.") == ["skollagens krav"])
        #expect(Self.found(["enligt *lagen"], "Handläggningen ska ske enligt rutinen.") == [])
        // A word of three letters matches only its own forms: "farligt" shares the stem of "far".
        #expect(Self.found(["far"], "Antal transporter av farligt avfall") == [])
        #expect(WordPatterns(["sköterska", "anställd"]).find(in: GoalText("Andel undersköterskor och heltidsanställda"), compounds: true)
                    .map(\.words) == ["undersköterskor", "heltidsanställda"])
    }

    @Test func anAdverbMayStandInsideAPhrase() {
        #expect(Self.found(["arbeta för:verb"], "Förvaltningen ska arbeta målmedvetet för att minska sjukfrånvaron.") == ["arbeta målmedvetet för"])
        #expect(Self.found(["sträva efter"], "Nämnden ska sträva ständigt efter bättre resultat.") == ["sträva ständigt efter"])
        // Never before a phrase's first word, and never a word that is no adverb.
        #expect(Self.found(["arbeta för:verb"], "Förvaltningen ska arbeta hemma för att minska resorna.") == [])
    }

    @Test func införIsAlsoAPreposition() {
        #expect(Self.found(["införa:verb"], "Eleverna ska vara behöriga inför gymnasievalet.") == [])
        #expect(Self.found(["införa:verb"], "Inför 2026 ska sjukfrånvaron vara högst 6 procent.") == [])
        #expect(Self.found(["införa:verb"], "Nämnden inför ett nytt ärendesystem.") == ["inför"])
        #expect(Self.found(["införa:verb"], "Kommunen ska införa digital signering.") == ["införa"])
    }

    @Test func inflections() {
        #expect(Self.found(["höja"], "Standarden på gång- och cykelvägarna höjs") == ["höjs"])
        #expect(Self.found(["minska"], "Antalet hushåll med försörjningsstöd minskar") == ["minskar"])
        #expect(Self.found(["öka"], "ökad delaktighet") == ["ökad"])
        #expect(Self.found(["vårdnadshavare"], "Vårdnadshavarnas nöjdhet") == ["vårdnadshavarnas"])
        #expect(Self.found(["patient"], "Patienternas upplevelse av bemötandet") == ["patienternas"])
        #expect(Self.found(["verka för"], "Nämnden verkar för trygghet") == ["verkar för"])
    }

    @Test func nounsDoNotMatchVerbs() {
        #expect(Self.found(["utveckla"], "Alla nyanställda ska ha en individuell utvecklingsplan") == [])
        #expect(Self.found(["förbättra"], "förbättringsarbetet fortsätter") == [])
    }

    @Test func verbReadings() {
        #expect(Self.found(["säkra:verb"], "Barnen ska känna sig säkra i trafiken") == [])
        #expect(Self.found(["säkra:verb"], "Parkerna ska vara trygga och säkra") == [])
        #expect(Self.found(["säkra:verb"], "Säkra tillgången till förskola") == ["säkra"])
        #expect(Self.found(["öka", "säkra:verb"], "Öka och säkra tillgången") == ["öka", "säkra"])
        #expect(Self.found(["genomföra:verb"], "ska vara genomförda inom ett år") == [])
        #expect(Self.found(["förbättra:verb", "minska:verb"], "Förbättra elevernas läsförmåga och minska frånvaron") == ["förbättra", "minska"])
        #expect(Self.found(["säkra:verb"], "Trygga och säkra skolvägar") == [])
        #expect(Self.found(["öka:verb", "stärka:verb"], "Ökad delaktighet och stärkt inflytande") == [])
        #expect(Self.found(["samtliga"], "Resultaten ska förbättras samt tryggheten öka") == [])
    }

    @Test func relativeClauses() {
        #expect(Self.found(["ta fram:verb", "tas fram"], "Minst 90 procent av de åtgärder som tas fram ska vara genomförda", mainClauseOnly: true) == [])
        #expect(Self.found(["tas fram"], "En plan ska tas fram", mainClauseOnly: true) == ["tas fram"])
    }

    @Test func longListsStayLinear() {
        let entries = (0..<20_000).map { "ord\($0)" }
        let text = String(repeating: "ord19999 annat ", count: 500)
        #expect(Self.found(entries, text).count == 500)
    }
}

/// Whole rules on one goal each: the classes the evaluation sets found, as the check reads them.
@Suite struct GoalRuleClassTests {
    static func rules(_ text: String, indicator: String = "") throws -> Set<String> {
        let plan = TestSupport.boardPlanHeader + "  - id: BUN1\n    text: \"\(text)\"\n    ansvarig: chef\n    klart: 2027\n" + indicator
        return Set(try TestSupport.findings(["plan.yaml": plan]).filter { $0.file == "plan.yaml" }.map(\.rule))
    }

    static func indicator(_ unit: String, baseline: Double, target: Double, direction: String = "minst") -> String {
        "    indikatorer:\n      - id: BUN1.1\n        namn: Mått\n        enhet: \(unit)\n        könsuppdelad: true\n"
            + "        utgångsvärde: {värde: \(baseline.formattedPlain), år: 2023}\n"
            + "        målvärde: {värde: \(target.formattedPlain), år: 2027, riktning: \(direction)}\n"
    }

    @Test func aChangeInAnotherUnitAgreesWithTheTargetsChange() throws {
        let fired = try Self.rules("Nettokostnaden ska minska med 3,5 mnkr till 2027.",
                                   indicator: Self.indicator("tkr", baseline: 21_500, target: 18_000, direction: "högst"))
        #expect(!fired.contains("MV008"))
        let differs = try Self.rules("Nettokostnaden ska minska med 5 mnkr till 2027.",
                                     indicator: Self.indicator("tkr", baseline: 21_500, target: 18_000, direction: "högst"))
        #expect(differs.contains("MV008"))
    }

    @Test func lawsByBalkFörordningOrAbbreviation() throws {
        for text in ["Tillsynen ska ske enligt miljöbalken.", "Handläggningen ska ske i enlighet med LSS.", "Verksamheten ska följa dataskyddsförordningen."] {
            #expect(try Self.rules(text).contains("SM009"), "\(text)")
        }
        // Naming a kind of case is no restated duty.
        #expect(try !Self.rules("Kön till bostad med särskild service enligt LSS ska kortas till högst 3 månader.").contains("SM009"))
    }

    @Test func anIndicatorAboutOneSexIsAlreadyBySex() throws {
        let indicator = { (name: String) in "    indikatorer:\n      - id: BUN1.1\n        namn: \(name)\n        enhet: procent\n" }
        #expect(try !Self.rules("Minst 50 procent av deltagarna ska vara flickor.", indicator: indicator("Flickors andel av deltagartillfällena")).contains("MV006"))
        #expect(try !Self.rules("Minst 90 procent ska vara nöjda.", indicator: indicator("Andel nöjda elever per kön")).contains("MV006"))
        #expect(try Self.rules("Minst 90 procent ska vara nöjda.", indicator: indicator("Andel nöjda elever")).contains("MV006"))
    }

    @Test func adjectivesAndSetPhrasesAreNoVagueVerbs() throws {
        #expect(try !Self.rules("Barn och unga ska ha säkra och trygga skolvägar.").contains("SM001"))
        #expect(try !Self.rules("Eleverna ska vara väl förberedda för högre studier.").contains("SM001"))
        #expect(try Self.rules("Skolvägarna ska säkras.").contains("SM001"))
    }

    @Test func aFrequencyIsNoAbsolutePromise() throws {
        #expect(try !Self.rules("Fritidsgården ska ha öppet alla dagar under sommarlovet.").contains("MV010"))
        #expect(try Self.rules("Alla elever ska ha en mentor.").contains("MV010"))
    }
}
