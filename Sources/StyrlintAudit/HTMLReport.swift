import Foundation
import Plot
import StyrlintCore

/// The auditor's report: one self-contained HTML file (inline CSS, no scripts, no
/// requests), readable offline and printable. Built with Plot, which escapes every text
/// node: document text is never markup. Attribute values are only ever our own words.
public struct HTMLReport: Sendable {
    public var model: AuditModel
    public var language: StyrlintCore.Language

    public init(model: AuditModel, language: StyrlintCore.Language) {
        self.model = model
        self.language = language
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
    .i-tid { color: var(--grön); } .sen { color: #8a6a00; font-weight: 600; } .saknas { color: var(--röd); font-weight: 600; } .ej-förfallen { color: #56606b; }
    .matris { table-layout: fixed; } .matris th.axel { width: 3.2em; white-space: nowrap; }
    .matris td { vertical-align: top; } .risk { display: inline-block; margin: 0 .3em .1em 0; white-space: nowrap; font-size: 13px; }
    .risk.obehandlad { color: var(--röd); font-weight: 700; }
    .arshjul { table-layout: fixed; font-size: 12px; } .arshjul th:first-child { width: 4em; }
    .arshjul td { vertical-align: top; padding: 2px 3px; } .hjul { display: block; white-space: nowrap; }
    footer.proveniens { margin-top: 2rem; color: #56606b; font-size: 11px; font-family: ui-monospace, monospace; word-break: break-all; }
    @page { size: A4; margin: 18mm 16mm 20mm; }
    @media print {
      body { max-width: none; padding: 0; font-size: 11pt; }
      footer.proveniens { position: fixed; bottom: 0; left: 0; right: 0; margin: 0; font-size: 7.5pt; }
      details > table { display: table; } details { display: block; }
      h2 { break-after: avoid; } table, .träd { break-inside: auto; } tr { break-inside: avoid; }
      .ljus, .matris td, .märke { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """

    public func render() -> String {
        let title = model.municipality.isEmpty ? "styrlint" : "styrlint – \(model.municipality)"
        let html = HTML(
            .lang(language == .sv ? .swedish : .english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: title),
                .style(Self.css)
            ),
            .body(
                .header(
                    .h1(.text(title)),
                    .p(.class("meta"), .text(t(
                        "Granskningsunderlag per \(model.checkDate) · styrlint \(model.version) · \(model.documentCount) dokument · \(model.rules.count) regler",
                        "Audit working paper as of \(model.checkDate) · styrlint \(model.version) · \(model.documentCount) documents · \(model.rules.count) rules")))
                ),
                summary(), scorecard(), redThread(), riskMatrices(), calendar(), findings(), suppressions(), evidence(),
                // On screen at the end, in print at the foot of every page: what was examined.
                .element(named: "footer", nodes: [.class("proveniens"), .text(provenanceLine())])
            )
        )
        return html.render(indentedBy: .spaces(1)) + "\n"
    }

    func severityLabel(_ severity: Severity) -> String { severity.label(language) }

    func provenanceLine() -> String {
        let commit = model.commits.isEmpty ? "" : " · commit " + model.commits.map { String($0.prefix(12)) }.joined(separator: ", ")
        return t("Underlag per \(model.checkDate): indata sha256 \(model.inputSet)\(commit) · styrlint \(model.version)",
                 "Examined as of \(model.checkDate): input set sha256 \(model.inputSet)\(commit) · styrlint \(model.version)")
    }

    func summary() -> Node<HTML.BodyContext> {
        .section(.id("sammanfattning"),
            .h2(.text(t("Sammanfattning per organ", "Summary per organ"))),
            .p(.class("meta"), .text(t(
                "Signal: röd – minst ett fel i styrningen (röda tråden, SMART-mål, indikatorer, intern kontroll, rapportering, budget); gul – varningar, eller fel bara i dokumentens form (YAML, nycklar, ett Kolada-id:s form); grön – inga fel eller varningar.",
                "Signal: red – at least one error in governance (röda tråden, SMART goals, indicators, internal control, reporting, budget); yellow – warnings, or errors only in the documents' form (YAML, keys, a Kolada id's form); green – no errors or warnings."))),
            .table(
                .tr(.th(.text(t("Organ", "Organ"))), .th(.text(t("Signal", "Signal"))), .th(.text(t("fel", "errors"))),
                    .th(.text(t("varningar", "warnings"))), .th(.text("info"))),
                .forEach(model.organs) { organ in
                    .tr(.td(.text("\(organ.name) (\(organ.id))")),
                        .td(.span(.class("ljus \(organ.light.rawValue)")), .text(lightLabel(organ.light))),
                        .td(.class("tal"), .text("\(organ.counts[.fel] ?? 0)")),
                        .td(.class("tal"), .text("\(organ.counts[.varning] ?? 0)")),
                        .td(.class("tal"), .text("\(organ.counts[.info] ?? 0)")))
                }
            ))
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
                .tr(.th(.text("Organ")), .forEach(AuditModel.Criterion.allCases) { .th(.text(criterionLabel($0))) }),
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
                        .tr(.th(.class("axel"), .text("S \\ K")), .forEach(1...matrix.scale) { .th(.text("\($0)")) }),
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
                        .tr(.th(.text("Organ")), .forEach(months) { .th(.text($0)) }),
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
                    .tr(.th(.text("Organ")), .th(.text(t("Rapport", "Report"))), .th(.text("Period")), .th(.text(t("Sista dag", "Deadline"))),
                        .th(.text("Status"))),
                    .forEach(model.calendar) { row in
                        .tr(.td(.text(row.organ)), .td(.text(row.reportType)), .td(.text(row.period)), .td(.text(row.deadline.description)),
                            .td(statusCell(row.status)))
                    }
                ),
            ]))
    }

    func findings() -> Node<HTML.BodyContext> {
        .section(.id("fynd"),
            .h2(.text(t("Fynd (\(model.findings.count))", "Findings (\(model.findings.count))"))),
            .table(
                .tr(.th(.text(t("Plats", "Location"))), .th(.text(t("Regel", "Rule"))), .th(.text(t("Allvarlighet", "Severity"))),
                    .th(.text(t("Meddelande", "Message"))), .th(.text(t("Kriterium", "Criterion")))),
                .forEach(model.findings) { finding in
                    .tr(.td(.class("plats"), .text("\(finding.file):\(finding.line):\(finding.column)")),
                        .td(.a(.href(RuleCatalog.documentationURL(finding.rule)), .text(finding.rule))),
                        .td(.class(finding.severity.rawValue), .text(severityLabel(finding.severity))), .td(.text(finding.message)),
                        .td(.text(finding.source ?? "")))
                }
            ))
    }

    func suppressions() -> Node<HTML.BodyContext> {
        .section(.id("undantag"),
            .h2(.text(t("Undantag med motivering (\(model.suppressed.count))", "Suppressions with their reasons (\(model.suppressed.count))"))),
            .if(model.suppressed.isEmpty, .p(.text(t("Inga fynd är undantagna.", "No finding is suppressed.")))),
            .if(!model.suppressed.isEmpty, .table(
                .tr(.th(.text(t("Plats", "Location"))), .th(.text(t("Regel", "Rule"))), .th(.text(t("Fynd", "Finding"))),
                    .th(.text(t("Motivering", "Reason")))),
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
                .tr(.th(.text(t("Arkiv", "Repository"))), .th(.text(t("Konfiguration", "Configuration"))),
                    .th(.text(t("Avstängda regler", "Rules turned off"))), .th(.text(t("Ändrad allvarlighet", "Severity changed"))),
                    .th(.text(t("Ändrade parametrar", "Parameters changed"))), .th(.text(t("Ignorerade sökvägar", "Ignored paths")))),
                .forEach(model.configurations) { entry in
                    .tr(.td(.text(entry.repository)), .td(.class("plats"), .text(entry.config)),
                        .td(.text(entry.waivers.disabledRules.joined(separator: ", ").nonEmpty ?? "–")),
                        .td(.text(entry.waivers.severityOverrides.joined(separator: ", ").nonEmpty ?? "–")),
                        .td(.text(entry.waivers.changedParameters.joined(separator: "; ").nonEmpty ?? "–")),
                        .td(.text(entry.waivers.ignores.joined(separator: "; ").nonEmpty ?? "–")))
                }
            ),
            .h3(.text(t("Indata", "Inputs"))),
            .table(
                .tr(.th(.text(t("Fil", "File"))), .th(.text(t("Byte", "Bytes"))), .th(.text("SHA-256"))),
                .forEach(model.inputs) { file in
                    .tr(.td(.class("plats"), .text(file.path)), .td(.class("tal"), .text("\(file.bytes)")), .td(.class("hash"), .text(file.sha256)))
                }
            ))
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
