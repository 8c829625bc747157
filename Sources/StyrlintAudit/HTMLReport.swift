import Foundation
import Plot
import StyrlintCore

/// The auditor's report: one self-contained HTML file (inline CSS, no scripts, no
/// requests), readable offline and printable. Built with Plot, which escapes every text
/// node: document text is never markup. Attribute values are only ever our own words.
public struct HTMLReport: Sendable {
    public var model: AuditModel
    public var language: StyrlintCore.Language
    /// With an examination file the report is a granskningsrapport; without, an underlag.
    public var examination: Examination?

    public init(model: AuditModel, language: StyrlintCore.Language, examination: Examination? = nil) {
        self.model = model
        self.language = language
        self.examination = examination
    }

    func t(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    static let css = """
    :root { --grön: #1b7f3b; --gul: #c99a00; --röd: #b3261e; --linje: #d0d4da; --mjuk: #f4f6f8; }
    * { box-sizing: border-box; }
    body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2329; margin: 0 auto; max-width: 1150px; padding: 24px; }
    h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid var(--linje); padding-bottom: 4px; }
    h3 { font-size: 16px; margin: 18px 0 6px; }
    .meta { color: #56606b; margin: 0 0 16px; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
    th, td { border: 1px solid var(--linje); padding: 5px 8px; text-align: left; vertical-align: top; }
    th { background: var(--mjuk); font-weight: 600; }
    td.tal { text-align: right; font-variant-numeric: tabular-nums; }
    .ljus { display: inline-block; width: 14px; height: 14px; border-radius: 50%; margin-right: 6px; vertical-align: -2px; }
    .ljus.grön { background: var(--grön); } .ljus.gul { background: var(--gul); } .ljus.röd { background: var(--röd); }
    .teckenförklaring p { margin: 2px 0; }
    table.fyndlista, table.iakttagelser { table-layout: fixed; } .fyndlista th:nth-child(1) { width: 20%; } .fyndlista th:nth-child(2) { width: 4.5em; }
    .fyndlista th:nth-child(3) { width: 7.5em; }
    table.undantagslista { table-layout: fixed; } .undantagslista th:nth-child(1) { width: 20%; } .undantagslista th:nth-child(2) { width: 4.5em; } .undantagslista th:nth-child(4) { width: 25%; } .fyndlista th:nth-child(5) { width: 17%; }
    .iakttagelser th:nth-child(2) { width: 17%; } .iakttagelser th:nth-child(3) { width: 4.5em; } .iakttagelser th:nth-child(4) { width: 20%; }
    .fel { color: var(--röd); font-weight: 600; } .varning { color: #8a6a00; font-weight: 600; } .info { color: #2b5c8a; }
    .träd, .träd ul { list-style: none; padding-left: 18px; margin: 2px 0; border-left: 1px dashed var(--linje); }
    .träd > li { margin: 4px 0; }
    .nod { display: inline-block; padding: 1px 6px; border-radius: 4px; background: var(--mjuk); }
    .nod.område { background: #e3ecf7; font-weight: 600; } .nod.fullmäktige { background: #eef3e6; }
    .märke { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 9px; font-size: 12px; color: #fff; background: var(--röd); }
    .märke.täckning { background: #56606b; }
    .matris td { width: 44px; height: 40px; text-align: center; font-variant-numeric: tabular-nums; }
    .matris .h0 { background: #fff; } .matris .h1 { background: #e6f2e8; } .matris .h2 { background: #fdf1c7; } .matris .h3 { background: #f7cfc9; }
    .plats { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; white-space: nowrap; }
    .hash { font-family: ui-monospace, monospace; font-size: 11px; word-break: break-all; }
    .hashlista { padding-left: 2.6em; font-size: 12px; } .hashlista li { break-inside: avoid; }
    .hashlista li > span.rad { display: flex; justify-content: space-between; gap: 12px; }
    .hashlista .hash { font-size: 10px; color: #56606b; white-space: nowrap; word-break: normal; } .storlek { color: #56606b; font-size: 11px; }
    .i-tid { color: var(--grön); } .sen { color: #8a6a00; font-weight: 600; } .saknas { color: var(--röd); font-weight: 600; } .ej-förfallen { color: #56606b; }
    .uppfyllelse td, .uppfyllelse th { font-size: 13px; } .måltext { color: #56606b; } .summa { font-size: 12px; color: #56606b; }
    a.regel { font-size: 12px; } .förlopp { font-size: 12px; }
    .matris { table-layout: fixed; } .matris th.axel { width: 3.2em; white-space: nowrap; }
    .matris td { vertical-align: top; } .risk { display: inline-block; margin: 0 .3em .1em 0; white-space: nowrap; font-size: 13px; }
    .risk.obehandlad { color: var(--röd); font-weight: 700; }
    .arshjul { table-layout: fixed; font-size: 12px; } .arshjul th:first-child { width: 4em; }
    .arshjul td { vertical-align: top; padding: 2px 3px; } .hjul { display: block; white-space: nowrap; }
    footer.proveniens { margin-top: 2rem; color: #56606b; font-size: 11px; font-family: ui-monospace, monospace; word-break: break-all; }
    @page { size: A4; margin: 18mm 16mm 22mm; }
    @media print {
      body { max-width: none; padding: 0; font-size: 11pt; }
      footer.proveniens { display: none; }
      details > table { display: table; } details { display: block; }
      h2, h3 { break-after: avoid; } table, .träd { break-inside: auto; } tr { break-inside: avoid; }
      thead { display: table-header-group; }
      table { font-size: 9.5pt; } th, td { padding: 3px 4px; overflow-wrap: anywhere; }
      .plats { white-space: normal; font-size: 8pt; } .hashlista { font-size: 7pt; } .hashlista .hash { font-size: 6pt; } .storlek { font-size: 6.5pt; } .ekonomi, .uppfyllelse, #smart table { font-size: 8.5pt; }
      .ljus, .matris td, .märke { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """

    public func render() -> String {
        if let examination { return renderReport(examination) }
        let title = model.municipality.isEmpty ? "styrlint" : "styrlint – \(model.municipality)"
        let html = HTML(
            .lang(language == .sv ? .swedish : .english),
            head(title: title, footer: provenanceLine()),
            .body(
                .header(
                    .h1(.text(title)),
                    .p(.class("meta"), .text(t(
                        "Granskningsunderlag per \(model.checkDate) · styrlint \(model.version) · \(model.documentCount) dokument · \(model.rules.count) regler",
                        "Audit working paper as of \(model.checkDate) · styrlint \(model.version) · \(model.documentCount) documents · \(model.rules.count) rules")))
                ),
                summary(), scorecard(), redThread(), fulfilment(), economy(), riskMatrices(), calendar(), findings(), suppressions(), evidence(),
                // On screen at the end, in print at the foot of every page: what was examined.
                .element(named: "footer", nodes: [.class("proveniens"), .text(provenanceLine())])
            )
        )
        return html.render(indentedBy: .spaces(1)) + "\n"
    }

    /// The page's head: its title, and the styles with what every printed page carries in
    /// its bottom margin: `footer` (what was examined) and the page number, in the report's
    /// language. Margin boxes, unlike a fixed footer, never cover the page's content.
    func head(title: String, footer: String, css extra: String = "") -> Node<HTML.DocumentContext> {
        let pages = t("\"Sida \" counter(page) \" av \" counter(pages)", "\"Page \" counter(page) \" of \" counter(pages)")
        return .head(
            .meta(.charset(.utf8)),
            .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
            .element(named: "title", text: title),
            .style(Self.css + extra + "@page { @bottom-left { content: \(Self.cssString(footer)); font: 6.5pt ui-monospace, monospace; color: #56606b; width: 78%; vertical-align: top; }"
                   + " @bottom-right { content: \(pages); font: 8pt system-ui, sans-serif; color: #56606b; vertical-align: top; } }\n")
        )
    }

    /// A CSS string: quotes and backslashes escaped, line breaks and control characters as
    /// spaces, and `<` `>` as escapes so no `</style>` can end the style sheet.
    static func cssString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "<": output += "\\3C "
            case ">": output += "\\3E "
            default:
                if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" { output += " " } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output + "\""
    }

    func severityLabel(_ severity: Severity) -> String { severity.label(language) }

    func provenanceLine() -> String {
        let commit = Provenance.commitText(model.provenance, language: language, short: true).map { " · " + $0 } ?? ""
        return t("Underlag per \(model.checkDate): indata sha256 \(model.inputSet)\(commit) · styrlint \(model.version)",
                 "Examined as of \(model.checkDate): input set sha256 \(model.inputSet)\(commit) · styrlint \(model.version)")
    }

    func summary() -> Node<HTML.BodyContext> {
        .section(.id("sammanfattning"),
            .h2(.text(t("Sammanfattning per organ", "Summary per organ"))),
            signalLegend(),
            .table(
                .thead(.tr(.th(.text(t("Organ", "Organ"))), .th(.text(t("Signal", "Signal"))), .th(.text(t("fel", "errors"))),
                    .th(.text(t("varningar", "warnings"))), .th(.text("info")))),
                .forEach(model.organs) { organ in
                    .tr(.td(.text("\(organ.name) (\(organ.id))")),
                        .td(.span(.class("ljus \(organ.light.rawValue)")), .text(lightLabel(organ.light))),
                        .td(.class("tal"), .text("\(organ.counts[.fel] ?? 0)")),
                        .td(.class("tal"), .text("\(organ.counts[.varning] ?? 0)")),
                        .td(.class("tal"), .text("\(organ.counts[.info] ?? 0)")))
                }
            ))
    }

    /// What makes red, yellow and green, from the weights in force: the rules' own `signal:`
    /// and the repository's `signal:` in styrlint.yml.
    func signalLegend() -> Node<HTML.BodyContext> {
        let form = model.signalRules[.form] ?? [], none = model.signalRules[.ingen] ?? []
        let formList = form.isEmpty ? t("inga", "none") : form.joined(separator: ", ")
        return .div(.class("meta teckenförklaring"),
            .p(.span(.class("ljus röd")), .strong(.text(t("Röd: ", "Red: "))),
               .text(t("minst ett fel från en styrningsregel: röda tråden, SMARTA mål, indikatorer och målvärden, intern kontroll, rapportering, budget (alla regler utom de som nämns nedan).",
                       "at least one error from a governance rule: röda tråden, SMART goals, indicators and targets, internal control, reporting, budget (every rule but those named below)."))),
            .p(.span(.class("ljus gul")), .strong(.text(t("Gul: ", "Yellow: "))),
               .text(t("ingen sådan, men minst en varning från en styrningsregel, eller ett fel eller en varning om dokumentens form (\(formList)).",
                       "none of those, but at least one warning from a governance rule, or an error or warning about the documents' form (\(formList))."))),
            .p(.span(.class("ljus grön")), .strong(.text(t("Grön: ", "Green: "))),
               .text(t("inga fel och inga varningar som väger in; info färgar aldrig.", "no errors and no warnings that weigh; info never colours."))),
            .if(!none.isEmpty, .p(.text(t("Väger inte in i signalen: \(none.joined(separator: ", ")).", "Not weighed in the signal: \(none.joined(separator: ", ")).")))),
            .p(.text(t("Vikterna står i varje regels signal: (docs/rules.md) och kan ändras under signal: i styrlint.yml.",
                       "The weights are each rule's signal: (docs/rules.md) and can be changed under signal: in styrlint.yml."))))
    }

    func lightLabel(_ light: AuditModel.Light) -> String {
        switch light {
        case .grön: return t("grön", "green")
        case .gul: return t("gul", "yellow")
        case .röd: return t("röd", "red")
        }
    }

    func criterionLabel(_ criterion: AuditModel.Criterion) -> String {
        switch criterion {
        case .specifikt: return t("Specifika", "Specific")
        case .mätbart: return t("Mätbara", "Measurable")
        case .accepterat: return t("Accepterade", "Accepted")
        case .realistiskt: return t("Realistiska", "Realistic")
        case .tidssatt: return t("Tidssatta", "Time-bound")
        case .ansvarsfördelat: return t("Ansvarsfördelade", "Owned")
        }
    }

    func scorecard() -> Node<HTML.BodyContext> {
        let organs = model.organs.filter { ($0.smart[.specifikt]?.total ?? 0) > 0 }
        return .section(.id("smart"),
            .h2(.text(t("SMARTA mål per organ", "SMART goals per organ"))),
            .p(.text(t("Antal mål som uppfyller varje kriterium av organets mål (nämnd-, bolags- och verksamhetsmål, § 2.3, § 4).",
                       "Goals meeting each criterion, of the organ's goals (nämnd, bolag and verksamhet goals, § 2.3, § 4)."))),
            .table(
                .thead(.tr(.th(.text("Organ")), .forEach(AuditModel.Criterion.allCases) { .th(.text(criterionLabel($0))) })),
                .forEach(organs) { organ in
                    .tr(.td(.text(organ.name)), .forEach(AuditModel.Criterion.allCases) { criterion in
                        let score = organ.smart[criterion] ?? (0, 0)
                        return .td(.class(score.met < score.total ? "tal varning" : "tal"), .text("\(score.met) / \(score.total)"))
                    })
                }
            ))
    }

    func goalItem(_ goal: AuditModel.GoalNode) -> Node<HTML.ListContext> {
        .li(
            .span(.class("nod \(goal.level == "fullmäktige" ? "fullmäktige" : "")"), .strong(.text(goal.id)), .text(" \(goal.text)")),
            .small(.text(" (\(goal.organ))")),
            .unwrap(goal.coverage) { coverage in
                .span(.class(coverage == 0 ? "märke" : "märke täckning"),
                      .text(coverage == 0 ? t("ingen nämnd bär målet", "no board goal carries it") : t("bärs av \(coverage) mål", coverage == 1 ? "carried by 1 goal" : "carried by \(coverage) goals")))
            },
            .if(goal.linksNowhere, .span(.class("märke"), .text(t("länkar ingenstans", "links nowhere")))),
            .forEach(goal.danglingLinks) { .span(.class("märke"), .text(t("bruten länk: \($0)", "broken link: \($0)"))) },
            .if(!goal.children.isEmpty, .ul(.forEach(goal.children) { goalItem($0) }))
        )
    }

    func redThread() -> Node<HTML.BodyContext> {
        .section(.id("roda-traden"),
            .h2(.text(t("Röda tråden", "The red thread (röda tråden)"))),
            .p(.text(t("Vision → målområden → fullmäktigemål → nämnd- och bolagsmål → verksamhetsmål (§ Röda tråden).",
                       "Vision → målområden → fullmäktigemål → board goals → unit goals (§ Röda tråden)."))),
            .forEach(model.trees) { tree in
                .div(
                    .h3(.text("\(t("Vision", "Vision")) (\(tree.plan)): \(tree.vision)")),
                    .ul(.class("träd"), .forEach(tree.areas) { area in
                        .li(.span(.class("nod område"), .text("\(area.id) \(area.name)")),
                            .small(.text(" \(t("samordning", "coordination")): \(area.coordination.joined(separator: ", "))")),
                            .if(!area.covered, .span(.class("märke"), .text(t("inget nämndmål bidrar", "no board goal contributes")))),
                            .ul(.forEach(area.goals) { goalItem($0) }))
                    }),
                    .if(!tree.unattached.isEmpty, .group(
                        .h3(.text(t("Mål utan giltig koppling uppåt", "Goals without a valid link upwards"))),
                        .ul(.class("träd"), .forEach(tree.unattached) { goalItem($0) })
                    ))
                )
            })
    }

    func riskMatrices() -> Node<HTML.BodyContext> {
        .section(.id("intern-kontroll"),
            .h2(.text(t("Intern kontroll: riskmatriser", "Internal control: risk matrices"))),
            .p(.text(t("Rader: sannolikhet (S), kolumner: konsekvens (K). Varje cell visar riskerna där; ✓ har ett kontrollmoment eller en åtgärd, ✗ saknar det. En obehandlad risk på eller över tröskeln är markerad (KL 6 kap. 6 §).",
                       "Rows: likelihood (S), columns: consequence (K). Each cell shows its risks; ✓ has a control or an action, ✗ has none. An unhandled risk at or above the threshold is marked (KL 6 kap. 6 §)."))),
            .forEach(model.riskMatrices) { matrix in
                .div(
                    .h3(.text("\(matrix.plan) (\(matrix.organ)\(matrix.year.map { ", \($0)" } ?? ""))")),
                    .p(.class("meta"), .text(t("Skala \(matrix.scale), tröskel \(matrix.threshold).", "Scale \(matrix.scale), threshold \(matrix.threshold)."))),
                    .table(.class("matris"),
                        .thead(.tr(.th(.class("axel"), .text("S \\ K")), .forEach(1...matrix.scale) { .th(.text("\($0)")) })),
                        .forEach((1...matrix.scale).reversed()) { likelihood in
                            .tr(.th(.class("axel"), .text("\(likelihood)")), .forEach(1...matrix.scale) { consequence in
                                let cell = matrix.cells[likelihood - 1][consequence - 1]
                                let risks = matrix.ids.isEmpty ? [] : matrix.ids[likelihood - 1][consequence - 1]
                                let value = likelihood * consequence
                                let heat = value >= matrix.threshold ? 3 : value * 2 >= matrix.threshold ? 2 : cell.risks > 0 ? 1 : 0
                                return .td(.class("h\(heat)"),
                                    .if(risks.isEmpty, .text("·")),
                                    .forEach(risks) { risk in
                                        .span(.class(!risk.handled && value >= matrix.threshold ? "risk obehandlad" : "risk"),
                                              .text("\(risk.id) \(risk.handled ? "✓" : "✗")"))
                                    })
                            })
                        }),
                    .if(!matrix.offScale.isEmpty, .p(.class("saknas"), .text(t(
                        "Utanför skalan (IK003), inte i matrisen: \(matrix.offScale.joined(separator: ", ")).",
                        "Off the scale (IK003), not in the matrix: \(matrix.offScale.joined(separator: ", "))."))))
                )
            })
    }

    func statusCell(_ status: AuditModel.DeliveryStatus) -> Node<HTML.BodyContext> {
        switch status {
        case .onTime(let day): return .span(.class("i-tid"), .text(t("i tid (\(day))", "on time (\(day))")))
        case .late(let days): return .span(.class("sen"), .text(t("\(days) dagar för sent", "\(days) days late")))
        case .missing(let days): return .span(.class("saknas"), .text(t("saknas (\(days) dagar efter sista dag)", "missing (\(days) days past the deadline)")))
        case .notDue: return .span(.class("ej-förfallen"), .text(t("inte förfallen", "not yet due")))
        }
    }

    /// The årshjul as auditors read it: organs against the months of each year, each cell
    /// the reports due for that month's period with their status; the row-per-report table
    /// follows, folded.
    func calendar() -> Node<HTML.BodyContext> {
        let years = Array(Set(model.calendar.compactMap { Int($0.period.prefix(4)) })).sorted()
        let organs = Array(Set(model.calendar.map(\.organ))).sorted()
        func column(_ row: AuditModel.CalendarRow) -> Int { row.period.count >= 7 ? Int(row.period.dropFirst(5).prefix(2)) ?? 13 : 13 }
        func short(_ type: String) -> String {
            switch type {
            case "månadsrapport": return "M"
            case "delårsrapport": return "D"
            case "delårsbokslut": return "DB"
            case "årsbokslut": return "Å"
            default: return String(type.prefix(2)).uppercased()
            }
        }
        func mark(_ row: AuditModel.CalendarRow) -> (String, String) {
            switch row.status {
            case .onTime: return ("i-tid", "\(short(row.reportType)) ✓")
            case .late(let days): return ("sen", "\(short(row.reportType)) +\(days)")
            case .missing: return ("saknas", "\(short(row.reportType)) ✗")
            case .notDue: return ("ej-förfallen", "\(short(row.reportType)) ·")
            }
        }
        let months = t("jan feb mar apr maj jun jul aug sep okt nov dec helår", "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec year").split(separator: " ").map(String.init)
        return .section(.id("arshjul"),
            .h2(.text(t("Årshjulet: rapporter per organ", "The årshjul: reports per organ"))),
            .p(.class("meta"), .text(t(
                "M månadsrapport, D delårsrapport, DB delårsbokslut, Å årsbokslut; ✓ inlämnad i tid, +N dagar för sent, ✗ saknas efter sista dag, · inte förfallen. Perioden avgör kolumnen.",
                "M monthly report, D interim report, DB interim accounts, Å annual accounts; ✓ submitted on time, +N days late, ✗ missing after its deadline, · not yet due. The period decides the column."))),
            .forEach(years) { year in
                .div(
                    .h3(.text("\(year)")),
                    .table(.class("arshjul"),
                        .thead(.tr(.th(.text("Organ")), .forEach(months) { .th(.text($0)) })),
                        .forEach(organs) { organ in
                            .tr(.th(.text(organ)), .forEach(1...13) { month in
                                let rows = model.calendar.filter { $0.organ == organ && Int($0.period.prefix(4)) == year && column($0) == month }
                                return .td(.forEach(rows) { row in
                                    let (style, text) = mark(row)
                                    return .span(.class("hjul \(style)"), .attribute(named: "title", value: "\(row.reportType) \(row.period), \(t("sista dag", "deadline")) \(row.deadline)"),
                                                 .text(text))
                                })
                            })
                        })
                )
            },
            .element(named: "details", nodes: [
                .element(named: "summary", text: t("Varje rapport för sig", "Every report on its own")),
                .table(
                    .thead(.tr(.th(.text("Organ")), .th(.text(t("Rapport", "Report"))), .th(.text("Period")), .th(.text(t("Sista dag", "Deadline"))),
                        .th(.text("Status")))),
                    .forEach(model.calendar) { row in
                        .tr(.td(.text(row.organ)), .td(.text(row.reportType)), .td(.text(row.period)), .td(.text(row.deadline.description)),
                            .td(statusCell(row.status)))
                    }
                ),
            ]))
    }

    func verdictLabel(_ verdict: FollowUp.Verdict?, _ written: String) -> (style: String, text: String) {
        switch verdict {
        case .uppfylld: return ("i-tid", t("uppfylld", "met"))
        case .delvis: return ("sen", t("delvis", "partly"))
        case .ejUppfylld: return ("saknas", t("ej uppfylld", "not met"))
        case .ejBedömd: return ("ej-förfallen", t("ej bedömd", "not assessed"))
        case nil: return ("saknas", written.isEmpty ? t("ingen bedömning", "no assessment") : written)
        }
    }

    func reportTypeLabel(_ type: String) -> String {
        switch type {
        case "månadsrapport": return t("Månadsrapport", "Monthly report")
        case "delårsrapport": return t("Delårsrapport", "Interim report")
        case "delårsbokslut": return t("Delårsbokslut", "Interim accounts")
        case "årsbokslut": return t("Årsbokslut", "Annual accounts")
        case "internkontrollrapport": return t("Internkontrollrapport", "Internal control report")
        default: return type
        }
    }

    /// Rule ids, each linked to its documentation.
    func ruleLinks(_ rules: [String]) -> Node<HTML.BodyContext> {
        .forEach(rules) { rule in .group(.text(" "), .a(.class("regel"), .href(RuleCatalog.documentationURL(rule)), .text(rule))) }
    }

    func organName(_ id: String) -> String {
        model.organs.first { $0.id == id }.map { $0.name == id ? id : "\($0.name) (\(id))" } ?? id
    }

    /// Måluppfyllelse per goal and organ, as the delårsrapporter, delårsbokslut and
    /// årsbokslut judge it; a cell where a rule fired names the rule.
    func fulfilment() -> Node<HTML.BodyContext> {
        .section(.id("maluppfyllelse"),
            .h2(.text(t("Måluppfyllelse per organ", "Goal fulfilment per organ"))),
            .p(.class("meta"), .text(t(
                "Rapporternas bedömning av varje mål i planen de följer upp (§ 5.1): uppfylld, delvis, ej uppfylld eller ej bedömd; – saknas i rapporten (RP006). En regel-id i cellen är ett fynd om bedömningen.",
                "Each report's assessment of every goal of the plan it follows up (§ 5.1): met, partly, not met or not assessed; – not in the report (RP006). A rule id in a cell is a finding about the assessment."))),
            .if(model.fulfilment.isEmpty, .p(.text(t("Inga rapporter med måluppfyllelse.", "No reports with goal assessments.")))),
            .forEach(model.fulfilment) { table in
                .div(
                    .h3(.text(organName(table.organ))),
                    .table(.class("uppfyllelse"),
                        .thead(.tr(.th(.text(t("Mål", "Goal"))),
                                   .forEach(table.columns) { column in .th(.text("\(reportTypeLabel(column.reportType)) \(column.period)")) })),
                        .forEach(table.rows) { row in
                            .tr(.td(.strong(.text(row.goal)), .if(!row.text.isEmpty, .span(.class("måltext"), .text(" " + Self.excerpt(row.text))))),
                                .forEach(row.cells) { cell in
                                    guard let cell else { return .td(.class("saknas"), .text("–")) }
                                    let (style, text) = verdictLabel(cell.verdict, cell.written)
                                    return .td(.span(.class(style), .text(text)),
                                               .if(!cell.others.isEmpty, .span(.class("saknas"), .text(t(" – och även: ", " – and also: ") + cell.others.joined(separator: ", ")))),
                                               ruleLinks(cell.rules))
                                })
                        },
                        .tr(.th(.text(t("Summa", "Total"))), .forEach(table.columns.indices) { index in
                            let verdicts = table.rows.compactMap { $0.cells[index]?.verdict }
                            let counts = FollowUp.Verdict.allCases.compactMap { verdict -> String? in
                                let count = verdicts.filter { $0 == verdict }.count
                                return count == 0 ? nil : "\(count) \(verdictLabel(verdict, "").text)"
                            }
                            return .td(.class("summa"), .text(counts.joined(separator: ", ")))
                        })))
            })
    }

    static func excerpt(_ text: String, _ limit: Int = 90) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }

    func amount(_ value: Double?) -> String { value.map { NumberText.format($0, language) } ?? "–" }

    func signed(_ value: Double?, unit: String = "") -> String {
        guard let value else { return "–" }
        return (value > 0 ? "+" : "") + NumberText.format(value, language) + unit
    }

    /// Prognos and utfall against the budget per organ: the latest report's figures with the
    /// deviation, the year's course of deviations, and every report folded below.
    func economy() -> Node<HTML.BodyContext> {
        let organs = Array(Set(model.economy.map(\.organ))).sorted()
        let latest = organs.compactMap { organ in model.economy.last { $0.organ == organ } }
        func row(_ entry: AuditModel.EconomyRow, course: String?) -> Node<HTML.TableContext> {
            let facts = entry.facts
            return .tr(.td(.text(organName(entry.organ))), .td(.text("\(reportTypeLabel(entry.reportType)) \(entry.period)")),
                .td(.class("tal"), .text(amount(facts.budget))), .td(.class("tal"), .text(amount(facts.outcome))),
                .td(.class("tal"), .text(amount(facts.forecast))),
                .td(.class(facts.beyondTolerance ? "tal saknas" : "tal"), .text(signed(facts.deviation))),
                .td(.class(facts.beyondTolerance ? "tal saknas" : "tal"), .text(signed(facts.percent, unit: " %"))),
                .unwrap(course) { .td(.class("förlopp"), .text($0)) },
                .td(ruleLinks(entry.rules)))
        }
        func head(course: Bool) -> Node<HTML.TableContext> {
            .thead(.tr(.th(.text("Organ")), .th(.text(t("Rapport", "Report"))), .th(.text(t("Budget, tkr", "Budget, tkr"))),
                       .th(.text(t("Utfall, tkr", "Outcome, tkr"))), .th(.text(t("Prognos, tkr", "Forecast, tkr"))),
                       .th(.text(t("Avvikelse, tkr", "Deviation, tkr"))), .th(.text(t("Avvikelse", "Deviation"))),
                       .if(course, .th(.text(t("Årets förlopp", "The year's course")))), .th(.text(t("Fynd", "Findings")))))
        }
        return .section(.id("ekonomi"),
            .h2(.text(t("Ekonomi: prognos och utfall mot budget", "Economy: forecast and outcome against budget"))),
            .p(.class("meta"), .text(t(
                "Avvikelse = prognos − budget (§ Ekonomi/Budget, § 5.2). Rött: utanför toleransen i budgetavvikelse, som kräver analys och åtgärder (RP004, RP005). Årets förlopp: avvikelsen i procent i varje rapport, i tidsordning.",
                "Deviation = forecast − budget (§ Ekonomi/Budget, § 5.2). Red: beyond the tolerance in budgetavvikelse, which demands analysis and actions (RP004, RP005). The year's course: the deviation in percent in each report, in order."))),
            .if(model.economy.isEmpty, .p(.text(t("Inga rapporter med ekonomi.", "No reports with an economy section.")))),
            .if(!model.economy.isEmpty, .table(.class("ekonomi"), head(course: true),
                .forEach(latest) { entry in
                    let course = model.economy.filter { $0.organ == entry.organ && $0.period.prefix(4) == entry.period.prefix(4) }
                        .map { signed($0.facts.percent) }.joined(separator: " → ")
                    return row(entry, course: course)
                })),
            .if(model.economy.count > latest.count, .element(named: "details", nodes: [
                .element(named: "summary", text: t("Varje rapport för sig", "Every report on its own")),
                .table(.class("ekonomi"), head(course: false), .forEach(model.economy) { row($0, course: nil) }),
            ])))
    }

    /// Every finding, per organ: where, the rule (linked to its documentation), severity,
    /// message and the criterion the rule cites.
    func findings() -> Node<HTML.BodyContext> {
        let groups = Dictionary(grouping: model.findings, by: { $0.organ ?? "" })
        let order = model.organs.map(\.id).filter { groups[$0] != nil } + groups.keys.filter { key in !model.organs.contains { $0.id == key } }.sorted()
        return .section(.id("fynd"),
            .h2(.text(t("Fynd (\(model.findings.count))", "Findings (\(model.findings.count))"))),
            .p(.class("meta"), .text(t("Per organ; regeln länkar till sin dokumentation, kriteriet är regelns källa i styrmodellen eller lagen.",
                                       "Per organ; the rule links to its documentation, the criterion is the rule's source in the governance model or the law."))),
            .forEach(order) { organ in
                .group(
                    .h3(.text(organ.isEmpty ? t("Övergripande", "Overall") : organName(organ)),
                        .small(.text(" (\(groups[organ]?.count ?? 0))"))),
                    .table(.class("fyndlista"),
                        .thead(.tr(.th(.text(t("Plats", "Location"))), .th(.text(t("Regel", "Rule"))), .th(.text(t("Allvarlighet", "Severity"))),
                            .th(.text(t("Meddelande", "Message"))), .th(.text(t("Kriterium", "Criterion"))))),
                        .forEach(groups[organ] ?? []) { finding in
                            .tr(.td(.class("plats"), .text(finding.cell.map { "\(finding.file) \($0)" } ?? "\(finding.file):\(finding.line):\(finding.column)")),
                                .td(.a(.href(RuleCatalog.documentationURL(finding.rule)), .text(finding.rule))),
                                .td(.class(finding.severity.rawValue), .text(severityLabel(finding.severity))), .td(.text(finding.message)),
                                .td(.text(finding.source ?? "")))
                        }))
            })
    }

    func suppressions() -> Node<HTML.BodyContext> {
        .section(.id("undantag"),
            .h2(.text(t("Undantag med motivering (\(model.suppressed.count))", "Suppressions with their reasons (\(model.suppressed.count))"))),
            .if(model.suppressed.isEmpty, .p(.text(t("Inga fynd är undantagna.", "No finding is suppressed.")))),
            .if(!model.suppressed.isEmpty, .table(.class("undantagslista"),
                .thead(.tr(.th(.text(t("Plats", "Location"))), .th(.text(t("Regel", "Rule"))), .th(.text(t("Fynd", "Finding"))),
                    .th(.text(t("Motivering", "Reason"))))),
                .forEach(model.suppressed) { finding in
                    .tr(.td(.class("plats"), .text("\(finding.file):\(finding.line)")), .td(.text(finding.rule)), .td(.text(finding.message)),
                        .td(.text(finding.suppression?.reason ?? "")))
                }
            )))
    }

    func evidence() -> Node<HTML.BodyContext> {
        .section(.id("underlag"),
            .h2(.text(t("Underlag", "Evidence"))),
            .p(.text(t("Kontrolldatum \(model.checkDate), styrlint \(model.version). Regler som kördes: ",
                       "Check date \(model.checkDate), styrlint \(model.version). Rules run: ")
                     + model.rules.map(\.id).joined(separator: ", ") + ".")),
            .h3(.text(t("Konfiguration och undantag i den", "Configuration and what it waives"))),
            .table(
                .thead(.tr(.th(.text(t("Arkiv", "Repository"))), .th(.text(t("Konfiguration", "Configuration"))),
                    .th(.text(t("Avstängda regler", "Rules turned off"))), .th(.text(t("Ändrad allvarlighet", "Severity changed"))),
                    .th(.text(t("Ändrade parametrar", "Parameters changed"))), .th(.text(t("Ignorerade sökvägar", "Ignored paths"))))),
                .forEach(model.configurations) { entry in
                    .tr(.td(.text(entry.repository)), .td(.class("plats"), .text(entry.config)),
                        .td(.text(entry.waivers.disabledRules.joined(separator: ", ").nonEmpty ?? "–")),
                        .td(.text(entry.waivers.severityOverrides.joined(separator: ", ").nonEmpty ?? "–")),
                        .td(.text(entry.waivers.changedParameters.joined(separator: "; ").nonEmpty ?? "–")),
                        .td(.text(entry.waivers.ignores.joined(separator: "; ").nonEmpty ?? "–")))
                }
            ),
            .h3(.text(t("Indata", "Inputs"))),
            .p(.class("meta"), .text(t(
                "Varje fil som lästes, med storlek i byte och SHA-256 av de byte som kontrollerades. Indatamängdens hash i sidfoten är SHA-256 över raderna \"sökväg<TAB>sha256\" i sökvägsordning.",
                "Every file read, with its size in bytes and the SHA-256 of the bytes that were checked. The input set's hash at the foot is the SHA-256 over the lines \"path<TAB>sha256\" in path order."))),
            .ol(.class("hashlista"), .forEach(model.inputs) { file in
                .li(.span(.class("rad"),
                    .span(.span(.class("plats"), .text(file.path)), .text(" "), .span(.class("storlek"), .text(t("\(file.bytes) byte", "\(file.bytes) bytes")))),
                    .span(.class("hash"), .text(file.sha256))))
            }))
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// The granskningsrapport: the auditor's questions, observations and judgement around the
/// checks' findings, with the working paper's views as annexes.
extension HTMLReport {
    func renderReport(_ examination: Examination) -> String {
        let title = t("Granskningsrapport: \(examination.title)", "Audit report: \(examination.title)")
        let html = HTML(
            .lang(language == .sv ? .swedish : .english),
            head(title: title, footer: reportFooter(examination), css: Self.reportCSS),
            .body(
                .header(
                    .h1(.text(title)),
                    .p(.class("meta"), .text([examination.municipality ?? model.municipality.nonEmpty,
                                              t("Ansvarig revisor: \(examination.auditor)", "Responsible auditor: \(examination.auditor)"),
                                              t("Datum: \(examination.date)", "Date: \(examination.date)"),
                                              t("Kontrolldatum \(model.checkDate), styrlint \(model.version)", "Check date \(model.checkDate), styrlint \(model.version)")]
                        .compactMap { $0 }.joined(separator: " · ")))
                ),
                reportSummary(examination), introduction(examination), observations(examination), assessment(examination),
                recommendations(examination), response(examination), staleObservations(examination),
                .section(.id("bilagor"), .h2(.text(t("Bilagor", "Annexes"))),
                         .p(.class("meta"), .text(t("Underlaget som iakttagelserna bygger på: styrlints kontroll av planerna och rapporterna.",
                                                    "The evidence the observations rest on: styrlint's check of the plans and reports.")))),
                summary(), scorecard(), redThread(), fulfilment(), economy(), riskMatrices(), calendar(), findings(), suppressions(), evidence(),
                .element(named: "footer", nodes: [.class("proveniens"), .text(reportFooter(examination))])
            )
        )
        return html.render(indentedBy: .spaces(1)) + "\n"
    }

    func reportFooter(_ examination: Examination) -> String {
        "\(examination.title) · \(examination.auditor) · \(examination.date) · " + provenanceLine()
    }

    static let reportCSS = """
    .bedömning { border-left: 4px solid #2b5c8a; background: #f2f6fa; padding: 6px 10px; margin: 6px 0; }
    .bedömning p { margin: 2px 0; } .fråga { font-weight: 600; }
    .inaktuell { border-left-color: var(--gul); background: #fdf8e6; }
    @media print { section#bilagor { break-before: page; } }
    """

    func paragraphs(_ text: String) -> Node<HTML.BodyContext> {
        .forEach(text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }) { .p(.text($0)) }
    }

    func findings(answering question: Examination.Question, _ examination: Examination) -> [Finding] {
        model.findings.filter { examination.answers(question, $0) }
    }

    func reportSummary(_ examination: Examination) -> Node<HTML.BodyContext> {
        .section(.id("sammanfattning-granskning"),
            .h2(.text(t("1. Sammanfattning", "1. Summary"))),
            .if(examination.summary != nil, paragraphs(examination.summary ?? "")),
            .table(
                .thead(.tr(.th(.text(t("Revisionsfråga", "Audit question"))), .th(.text(t("Fynd", "Findings"))), .th(.text(t("Bedömning", "Assessment"))))),
                .forEach(examination.questions) { question in
                    .tr(.td(.text("\(question.id). \(question.question)")),
                        .td(.class("tal"), .text("\(findings(answering: question, examination).count)")),
                        .td(.text(question.assessment ?? t("(ingen bedömning ännu)", "(no assessment yet)"))))
                }))
    }

    func introduction(_ examination: Examination) -> Node<HTML.BodyContext> {
        // The criteria the observations are tried against: the sources of the rules that found them.
        let criteria = Set(examination.questions.flatMap { findings(answering: $0, examination) }.compactMap(\.source)).sorted()
        return .section(.id("inledning"),
            .h2(.text(t("2. Inledning", "2. Introduction"))),
            .h3(.text(t("Syfte", "Purpose"))), paragraphs(examination.purpose),
            .h3(.text(t("Revisionsfrågor", "Audit questions"))),
            .ol(.forEach(examination.questions) { .li(.text($0.question)) }),
            .if(examination.scope != nil, .group(.h3(.text(t("Avgränsning", "Scope"))), paragraphs(examination.scope ?? ""))),
            .if(examination.method != nil, .group(.h3(.text(t("Metod", "Method"))), paragraphs(examination.method ?? ""))),
            .h3(.text(t("Revisionskriterier", "Audit criteria"))),
            .p(.text(t("Iakttagelserna prövas mot kommunens styrmodell (avsnitten nedan) och lagen; varje iakttagelse anger sitt kriterium:",
                       "The observations are tried against the municipality's governance model (the sections below) and the law; each observation states its criterion:"))),
            .ul(.forEach(criteria) { .li(.text($0)) }))
    }

    func observations(_ examination: Examination) -> Node<HTML.BodyContext> {
        .section(.id("iakttagelser"),
            .h2(.text(t("3. Iakttagelser", "3. Observations"))),
            .forEach(examination.questions) { question in
                let found = findings(answering: question, examination)
                let organs = Array(Set(found.map { $0.organ ?? "" })).sorted()
                return .group(
                    .h3(.text("\(question.id). \(question.question)")),
                    .if(found.isEmpty, .p(.text(t("Kontrollen gav inga fynd för frågan.", "The check gave no findings for the question.")))),
                    .forEach(organs) { organ in
                        .group(
                            .h3(.class("organ"), .text(organ.isEmpty ? t("Övergripande", "Overall") : "\(model.organs.first { $0.id == organ }?.name ?? organ) (\(organ))")),
                            .table(.class("iakttagelser"),
                                .thead(.tr(.th(.text(t("Iakttagelse", "Observation"))), .th(.text(t("Kriterium", "Criterion"))),
                                    .th(.text(t("Regel", "Rule"))), .th(.text(t("Plats", "Location"))))),
                                .forEach(found.filter { ($0.organ ?? "") == organ }) { finding in
                                    .tr(.td(.text(finding.message),
                                            .forEach(examination.observations(for: finding)) { observation in
                                                .div(.class("bedömning"),
                                                     .if(observation.assessment != nil, .p(.strong(.text(t("Revisorns bedömning: ", "Auditor's assessment: "))), .text(observation.assessment ?? ""))),
                                                     .if(observation.recommendation != nil, .p(.strong(.text(t("Rekommendation: ", "Recommendation: "))), .text(observation.recommendation ?? ""))))
                                            }),
                                        .td(.text(finding.source ?? "")),
                                        .td(.a(.href(RuleCatalog.documentationURL(finding.rule)), .text(finding.rule))),
                                        .td(.class("plats"), .text(finding.cell.map { "\(finding.file) \($0)" } ?? "\(finding.file):\(finding.line)")))
                                }))
                    })
            })
    }

    func assessment(_ examination: Examination) -> Node<HTML.BodyContext> {
        .section(.id("bedomning"),
            .h2(.text(t("4. Bedömning", "4. Assessment"))),
            .forEach(examination.questions) { question in
                .div(.class("bedömning"), .p(.class("fråga"), .text("\(question.id). \(question.question)")),
                     .p(.text(question.assessment ?? t("Revisorn har ännu inte gjort någon bedömning.", "The auditor has not made an assessment yet."))))
            })
    }

    func recommendations(_ examination: Examination) -> Node<HTML.BodyContext> {
        let specific = examination.observations.compactMap(\.recommendation)
        let all = examination.recommendations + specific.filter { !examination.recommendations.contains($0) }
        return .section(.id("rekommendationer"),
            .h2(.text(t("5. Rekommendationer", "5. Recommendations"))),
            .if(all.isEmpty, .p(.text(t("Inga rekommendationer.", "No recommendations.")))),
            .ol(.forEach(all) { .li(.text($0)) }))
    }

    func response(_ examination: Examination) -> Node<HTML.BodyContext> {
        .section(.id("svar"),
            .h2(.text(t("6. Nämndens svar", "6. The board's response"))),
            paragraphs(examination.response ?? t("Nämnden har ännu inte svarat.", "The board has not responded yet.")))
    }

    /// Judgements in the file that no finding of this run matches: the plan was corrected,
    /// or the key was mistyped. Shown, never dropped, so the auditor can close them.
    func staleObservations(_ examination: Examination) -> Node<HTML.BodyContext> {
        let stale = examination.observations.filter { observation in !model.findings.contains { observation.matches($0) } }
        return .if(!stale.isEmpty, .section(.id("inaktuella"),
            .h2(.text(t("Iakttagelser utan fynd i dag", "Observations without a finding today"))),
            .p(.class("meta"), .text(t("Bedömningar i \(examination.file) som inget fynd i den här körningen motsvarar: planen kan ha rättats, eller nyckeln är felskriven.",
                                       "Assessments in \(examination.file) that no finding of this run matches: the plan may have been corrected, or the key is mistyped."))),
            .forEach(stale) { observation in
                .div(.class("bedömning inaktuell"),
                     .p(.class("plats"), .text("\(examination.file):\(observation.line)")),
                     .if(observation.assessment != nil, .p(.text(observation.assessment ?? ""))),
                     .if(observation.recommendation != nil, .p(.text(observation.recommendation ?? ""))))
            }))
    }
}
