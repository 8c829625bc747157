import Testing
@testable import StyrlintCore

/// A municipality tunes styrlint in styrlint.yml; each setting changes what fires.
@Suite struct ConfigTests {
    static let icPlan = """
    typ: internkontrollplan
    id: tn-ik-2025
    organ: tn
    år: 2025
    status: beslutad
    beslut: {datum: 2024-12-10, organ: tn, paragraf: "§ 88"}
    riskanalys: {datum: 2024-10-01, genomförd_av: [Förvaltningschef]}
    risker:
      - {id: R1, process: Upphandling, beskrivning: Avtalstrohet brister, sannolikhet: 3, konsekvens: 4, hantering: kontroll}
      - {id: R2, process: Löner, beskrivning: Felaktiga utbetalningar, sannolikhet: 5, konsekvens: 2, hantering: kontroll}
    kontrollmoment:
      - {id: K1, risker: [R2], kontroll: Stickprov på löneutbetalningar, metod: Stickprov, frekvens: kvartalsvis,
         ansvarig: Lönechef, rapporteras_till: Tekniska nämnden}

    """

    func rules(_ ids: [String], _ files: [String: String], config: String? = nil, per: Day = InMemoryCheck.exampleDate) throws -> [Finding] {
        try TestSupport.findings(files, config: config, per: per).filter { ids.contains($0.rule) }
    }

    @Test func riskThresholdIsConfigurable() throws {
        #expect(try rules(["IK004"], ["ik.yaml": Self.icPlan]).map(\.subject) == ["IK004:tn-ik-2025/risk:R1"])
        #expect(try rules(["IK004"], ["ik.yaml": Self.icPlan], config: "risk: {tröskel: 13}\n").isEmpty)
    }

    @Test func riskScaleIsConfigurable() throws {
        // sannolikhet 5 is outside the default 4-point scale, inside a 5-point one.
        #expect(try rules(["IK003"], ["ik.yaml": Self.icPlan]).count == 1)
        #expect(try rules(["IK003"], ["ik.yaml": Self.icPlan], config: "risk: {skala: 5}\n").isEmpty)
    }

    static let report = """
    typ: rapport
    id: tn-db-2025
    organ: tn
    rapporttyp: delårsbokslut
    plan: tn-vp-2025
    period: 2025-08
    inlämnad: 2025-09-20
    ekonomi: {budget: 54200, utfall: 37100, prognos: 55800}

    """

    @Test func deviationToleranceIsConfigurable() throws {
        // 1600 tkr is 2.95 % of the budget.
        #expect(try rules(["RP004", "RP005"], ["r.yaml": Self.report]).count == 2)
        #expect(try rules(["RP004", "RP005"], ["r.yaml": Self.report], config: "budgetavvikelse: {procent: 3}\n").isEmpty)
        #expect(try rules(["RP004"], ["r.yaml": Self.report], config: "budgetavvikelse: {procent: 0, tkr: 2000}\n").isEmpty)
    }

    @Test func calendarIsConfigurable() throws {
        let late = Self.report.replacingOccurrences(of: "inlämnad: 2025-09-20", with: "inlämnad: 2025-10-10")
        #expect(try rules(["RP001"], ["r.yaml": late]).first?.message.contains("10 dagar") == true)
        let config = "årshjul:\n  delår:\n    - {rapporttyp: delårsrapport, månad: 4, dagar: 31}\n    - {rapporttyp: delårsbokslut, månad: 8, dagar: 45}\n"
        #expect(try rules(["RP001"], ["r.yaml": late], config: config).isEmpty)
    }

    @Test func tertialReportingNeedsNoMonthlyReports() throws {
        let plan = """
        typ: verksamhetsplan
        id: tn-vp-2025
        organ: tn
        nivå: nämnd
        status: beslutad
        period: {från: 2025, till: 2025}
        mål: []

        """
        // One finding for the plan, listing every report it lacks.
        let expected = try rules(["RP002"], ["p.yaml": plan], per: Day(iso: "2026-03-01")!)
        #expect(expected.count == 1)
        #expect(expected.first?.message.contains("tn saknar 11 rapporter") == true)  // 8 månadsrapporter, 2 delår, 1 årsbokslut
        let tertial = "årshjul:\n  månadsrapport: {månader: []}\n"
        let tertialFindings = try rules(["RP002"], ["p.yaml": plan], config: tertial, per: Day(iso: "2026-03-01")!)
        #expect(tertialFindings.count == 1 && tertialFindings[0].message.contains("tn saknar 3 rapporter"))
    }

    @Test func severityOverridesAndDisabledRules() throws {
        let files = ["ik.yaml": Self.icPlan]
        #expect(try rules(["IK004"], files, config: "regler:\n  IK004: info\n").first?.severity == .info)
        #expect(try rules(["IK004"], files, config: "regler:\n  IK004: av\n").isEmpty)
        #expect(try rules(["IK004"], files, config: "ignorera:\n  - {sökväg: \"ik*.yaml\", regler: [IK004]}\n").isEmpty)
        #expect(try rules(["IK004"], files, config: "regler:\n  IK004: {parametrar: {threshold: 20}}\n").isEmpty)
    }

    @Test func unknownSettingsAreErrors() {
        #expect(throws: StyrlintError.self) { try Config.parse(bytes: Array("risk: {skalan: 5}\n".utf8), displayPath: "styrlint.yml") }
        #expect(throws: StyrlintError.self) { try Config.parse(bytes: Array("regler: {SM001: {allvarlighet: hög}}\n".utf8), displayPath: "styrlint.yml") }
        #expect(throws: StyrlintError.self) {
            _ = try TestSupport.findings([:], config: "regler: {SM001: {parametrar: {ord: [x]}}}\n")
        }
    }
}

/// The seam between a rule file and its check function: every message a function can emit
/// under the rule's options must exist, and no message may be for a variant it never emits.
@Suite struct ContractTests {
    static let plan = TestSupport.boardPlanHeader + """
      - id: BUN1
        text: Minst 85 procent av eleverna i årskurs 3 ska klara de nationella proven 2027.
        indikatorer:
          - {id: I1, namn: Andel elever som klarar proven, enhet: procent, målvärde: {värde: 85, år: 2027, riktning: minst}}
          - {id: I2, namn: Andel elever som klarar proven i svenska, enhet: procent, målvärde: {värde: 85, år: 2027, riktning: minst}}
          - {id: I3, namn: Andel elever som klarar proven i matematik, enhet: procent, målvärde: {värde: 85, år: 2027, riktning: minst}}

    """

    @Test func aParameterThatEnablesAVariantGetsItsMessage() throws {
        let findings = try TestSupport.findings(["plans/bun.yaml": Self.plan], config: "regler:\n  SM002:\n    parametrar: {max: 2}\n")
        let finding = try #require(findings.first { $0.rule == "SM002" })
        #expect(finding.message.hasPrefix("målet BUN1 har 3 indikatorer, fler än de högst 2 som kommunen har bestämt."))
    }

    static func userRule(_ messages: String, options: String = "{field: indikatorer, min: 1, max: 4}") -> String {
        """
        id: EGEN002
        name: few-indicators
        severity: info
        title: {sv: Få indikatorer, en: Few indicators}
        description: {sv: x, en: x}
        rationale: {sv: x, en: x}
        given: mål
        then:
          function: count
          options: \(options)
        message: {sv: "Mål {id}.", en: "Goal {id}."}
        \(messages)
        """
    }

    @Test func aRuleWithoutAMessageForAVariantItsOptionsEnableIsRefused() throws {
        let missing = Self.userRule("messages:\n  tooFew: {sv: \"för få\", en: \"too few\"}\n")
        #expect {
            _ = try RuleLoader.parse(text: missing, origin: "egna/EGEN002.yaml")
        } throws: { error in
            let failure = error as? RuleLoader.Failure
            return failure?.position == SourcePosition(line: 9, column: 3)
                && failure?.english == "the function count can emit the variant 'tooMany' with these options, but the rule has no message for it; add messages.tooMany with sv and en"
                && failure?.swedish.hasPrefix("funktionen count kan ge varianten 'tooMany'") == true
        }
        // Without max, tooMany cannot happen and needs no message.
        _ = try RuleLoader.parse(text: Self.userRule("messages:\n  tooFew: {sv: \"för få\", en: \"too few\"}\n", options: "{field: indikatorer, min: 1}"),
                                 origin: "egna/EGEN002.yaml")
    }

    @Test func aMessageForAVariantNoFunctionEmitsIsRefused() throws {
        let stray = Self.userRule("messages:\n  tooFew: {sv: a, en: a}\n  tooMany: {sv: b, en: b}\n  toMany: {sv: c, en: c}\n")
        #expect {
            _ = try RuleLoader.parse(text: stray, origin: "egna/EGEN002.yaml")
        } throws: { error in
            let failure = error as? RuleLoader.Failure
            return failure?.position == SourcePosition(line: 15, column: 3)
                && failure?.english.hasPrefix("messages.toMany: the function count never emits that variant (did you mean 'tooMany'?)") == true
        }
    }

    @Test func theElementFilterIsTheRulesForEveryFunction() throws {
        func rule(_ extra: String, options: String = "{fields: [ansvarig]}") -> String {
            """
            id: EGEN004
            name: owner-for-economy
            severity: info
            title: {sv: x, en: x}
            description: {sv: x, en: x}
            rationale: {sv: x, en: x}
            given: mål
            \(extra)
            then: {function: required, options: \(options)}
            message: {sv: "Mål {id} saknar ansvarig.", en: "Goal {id} has no owner."}
            """
        }
        let plan = TestSupport.boardPlanHeader + """
          - {id: B1, text: Minst 85 procent ska läsa 2027., perspektiv: ekonomi}
          - {id: B2, text: Minst 85 procent ska läsa 2027., perspektiv: verksamhet}

        """
        let filtered = try RuleLoader.parse(text: rule("when: {perspektiv: ekonomi}"), origin: "egna/EGEN004.yaml")
        let findings = try InMemoryCheck.run(files: [("plans/bun.yaml", plan)], configText: nil, rules: [filtered], checkDate: InMemoryCheck.exampleDate)
        #expect(findings.map(\.message) == ["Mål B1 saknar ansvarig."])
        // A path the element does not have, and the old place of `when`, are refused.
        #expect {
            _ = try RuleLoader.parse(text: rule("when: {perspektv: ekonomi}"), origin: "egna/EGEN004.yaml")
        } throws: { error in
            (error as? RuleLoader.Failure)?.english == "'when': 'perspektv' is not a key of mål (did you mean 'perspektiv'?)"
        }
        #expect {
            _ = try RuleLoader.parse(text: rule("", options: "{fields: [ansvarig], when: {perspektiv: ekonomi}}"), origin: "egna/EGEN004.yaml")
        } throws: { error in
            (error as? RuleLoader.Failure)?.english.contains("'when' is now a key of the rule, next to 'where'") == true
        }
    }

    @Test func aFunctionAimedAtAnotherSelectorIsRefused() throws {
        let text = """
        id: EGEN007
        name: misaimed
        severity: info
        title: {sv: x, en: x}
        description: {sv: x, en: x}
        rationale: {sv: x, en: x}
        given: mål
        then: {function: risk-coverage}
        message: {sv: "x", en: "x"}
        """
        #expect {
            _ = try RuleLoader.parse(text: text, origin: "egna/EGEN007.yaml")
        } throws: { error in
            let failure = error as? RuleLoader.Failure
            return failure?.position == SourcePosition(line: 7, column: 8)
                && failure?.english == "the function 'risk-coverage' checks risk, not mål; choose one of them as given"
        }
    }

    @Test func aRulesSignalWeightIsOneOfThree() throws {
        func text(_ signal: String) -> String {
            """
            id: EGEN008
            name: weighed
            severity: fel
            title: {sv: x, en: x}
            description: {sv: x, en: x}
            rationale: {sv: x, en: x}
            signal: \(signal)
            given: mål
            then: {function: required, options: {fields: [text]}}
            message: {sv: "x {field}", en: "x {field}"}
            """
        }
        #expect(try RuleLoader.parse(text: text("form"), origin: "egna/EGEN008.yaml").signal == .form)
        #expect {
            _ = try RuleLoader.parse(text: text("röd"), origin: "egna/EGEN008.yaml")
        } throws: { error in
            let failure = error as? RuleLoader.Failure
            return failure?.position == SourcePosition(line: 7, column: 9) && failure?.english == "'signal' is one of: styrning, form, ingen"
        }
    }

    /// A municipality's own rule on indicators, with one check and one message.
    static func indicatorRule(_ id: String, _ then: String, _ message: String) throws -> Rule {
        try RuleLoader.parse(text: """
        id: \(id)
        name: local-\(id.lowercased())
        severity: info
        title: {sv: x, en: x}
        description: {sv: x, en: x}
        rationale: {sv: x, en: x}
        given: indikator
        then: \(then)
        message: {sv: "\(message)", en: "\(message)"}
        """, origin: "egna/\(id).yaml")
    }

    @Test func theGenericFunctionsNoBuiltInRuleUsesWorkInAUsersRule() throws {
        let rule = Self.indicatorRule
        let range = try rule("EGEN005", "{function: number-range, options: {field: målvärde.värde, min: 0, max: 100}}", "{id}: {value} utanför {min}–{max}")
        let vocabulary = try rule("EGEN006", "{function: one-of, options: {field: enhet, values: [procent, antal]}}", "{id}: {value} inte i {values}")
        let plan = TestSupport.boardPlanHeader + """
          - id: B1
            text: Minst 85 procent ska läsa 2027.
            indikatorer:
              - {id: I1, namn: Läsning, enhet: procent, målvärde: {värde: 120, år: 2027, riktning: minst}}
              - {id: I2, namn: Besök, enhet: kronor, målvärde: {värde: 40, år: 2027, riktning: minst}}

        """
        let findings = try InMemoryCheck.run(files: [("plans/bun.yaml", plan)], configText: nil, rules: [range, vocabulary],
                                             checkDate: InMemoryCheck.exampleDate)
        #expect(findings.map(\.message).sorted() == ["I1: 120 utanför 0–100", "I2: kronor inte i procent, antal"])
    }

    /// The two generic functions one-off checks were folded into (IK012, VP004) on other
    /// targets: a product on an indicator, a span of years on a target, and a key that the
    /// mapping does not have refused with a suggestion.
    /// IK012 on the generic product: whole numbers exactly, however large; decimals are the
    /// schema's (DOK005), never a second finding.
    @Test func riskValuesAreComparedExactly() throws {
        func findings(_ likelihood: String, _ consequence: String, _ value: String) throws -> [String] {
            let plan = """
            typ: internkontrollplan
            id: tn-ik-2026
            organ: tn
            år: 2026
            riskanalys: {datum: 2025-09-30, skala: 4}
            risker:
              - {id: R1, beskrivning: Fel., sannolikhet: \(likelihood), konsekvens: \(consequence), riskvärde: \(value), hantering: kontroll}

            """
            let rule = try #require(try RuleLoader.builtinRules().first { $0.id == "IK012" })
            return try InMemoryCheck.run(files: [("plans/ik.yaml", plan)], configText: nil, rules: [rule], checkDate: InMemoryCheck.exampleDate)
                .map(\.message)
        }
        #expect(try findings("1000000", "1000", "999999999").first?.contains("är 1 000 000 000") == true)
        #expect(try findings("3037000500", "3037000500", "7").first?.contains("är ∞") == true)
        #expect(try findings("2", "3", "6").isEmpty)
        #expect(try findings("2", "3", "6.5").isEmpty && findings("2.5", "2", "6").isEmpty, "not whole: DOK005's to say")
    }

    @Test func productAndYearSpanWorkOnAnyTarget() throws {
        let rule = Self.indicatorRule
        let product = try rule("EGEN007", "{function: product, options: {field: målvärde.värde, factors: [utgångsvärde.värde, målvärde.år]}}",
                               "{id}: {value} ≠ {factor1} × {factor2} = {product}")
        let span = try rule("EGEN008", "{function: year-span, options: {field: målvärde, from: år, to: år, min: 1, max: 1}}", "{id}: {years} år")
        let plan = TestSupport.boardPlanHeader + """
          - id: B1
            text: Minst 85 procent ska läsa 2027.
            indikatorer:
              - {id: I1, namn: Läsning, enhet: procent, utgångsvärde: {värde: 2.5, år: 2023}, målvärde: {värde: 5067.5, år: 2027, riktning: minst}}
              - {id: I2, namn: Besök, enhet: procent, utgångsvärde: {värde: 2, år: 2023}, målvärde: {värde: 4000, år: 2027, riktning: minst}}

        """
        let findings = try InMemoryCheck.run(files: [("plans/bun.yaml", plan)], configText: nil, rules: [product, span],
                                             checkDate: InMemoryCheck.exampleDate)
        #expect(findings.map(\.message) == ["I2: 4 000 ≠ 2 × 2 027 = 4 054"], "I1 is 2,5 × 2027; a span of one year is one year")
        #expect {
            _ = try rule("EGEN009", "{function: year-span, options: {field: målvärde, from: åår, to: år}}", "{id}")
        } throws: { error in
            (error as? RuleLoader.Failure)?.english.contains("option 'from': 'åår' is not a key of indikator") == true
        }
    }

    @Test func aPlaceholderTheFunctionNeverFillsIsRefused() throws {
        let text = Self.userRule("messages:\n  tooFew: {sv: \"{id} har {cuont} indikatorer\", en: \"{id} has {cuont}\"}\n  tooMany: {sv: b, en: b}\n")
        #expect {
            _ = try RuleLoader.parse(text: text, origin: "egna/EGEN002.yaml")
        } throws: { error in
            let failure = error as? RuleLoader.Failure
            return failure?.position == SourcePosition(line: 13, column: 3)
                && failure?.english.hasPrefix("messages.tooFew: the function count never fills {cuont} (did you mean {count}?)") == true
        }
        // The element's own placeholders are always there.
        _ = try RuleLoader.parse(text: Self.userRule("messages:\n  tooFew: {sv: \"{id} i {document}: {count}\", en: \"{id}\"}\n  tooMany: {sv: b, en: b}\n"),
                                 origin: "egna/EGEN002.yaml")
    }

    @Test func optionsAreValidatedByTheirDeclaredKind() throws {
        func rule(_ then: String, given: String = "verksamhetsplan") -> String {
            """
            id: EGEN003
            name: kinds
            severity: info
            title: {sv: x, en: x}
            description: {sv: x, en: x}
            rationale: {sv: x, en: x}
            given: \(given)
            then: \(then)
            message: {sv: "x", en: "x"}
            """
        }
        func failure(_ text: String) -> String? {
            do { _ = try RuleLoader.parse(text: text, origin: "egna/EGEN003.yaml"); return nil } catch { return (error as? RuleLoader.Failure)?.english }
        }
        // A path into the items of another option's list: checked inside that list.
        #expect(failure(rule("{function: covers, options: {list: mål, field: perspektv, values: [ekonomi]}}"))
                == "option 'field': 'perspektv' is not a key of verksamhetsplan (did you mean 'perspektiv'?)")
        #expect(failure(rule("{function: covers, options: {list: mål, field: perspektiv, values: [ekonomi]}}")) == nil)
        // One of a fixed set of values.
        #expect(failure(rule("{function: reference, options: {field: bidrar_till, target: higher-goals}}", given: "mål"))?
            .hasPrefix("function 'reference': option 'target' must be one of: plan, document, higher-goal") == true)
        // A list of paths: each is checked.
        #expect(failure(rule("{function: required, options: {fields: [text, perspektivet]}}", given: "mål"))
                == "option 'fields': 'perspektivet' is not a key of mål (did you mean 'perspektiv'?)")
    }

    @Test func everyBuiltInFunctionDeclaresWhatItEmits() {
        // Only `schema` reports the loader's own variants; its rules' examples cover them.
        #expect(CheckFunctions.all.filter { $0.emits == nil }.map(\.name) == ["schema"])
        for rule in TestSupport.builtinRules {
            for check in rule.checks {
                let function = CheckFunctions.byName[check.function]!
                #expect(function.messageProblem(variants: Set(rule.variants.keys), options: check.options, otherVariants: rule.emittedVariants) == nil,
                        "\(rule.id)")
            }
        }
    }
}
