import StyrlintOffice

extension PlanImporter {
    /// Writes `key: value` for a field present in the row, at its cell.
    static func field(_ row: RowValues, _ field: ImportField, _ key: String, indent: String, into lines: inout OriginLines,
                      _ format: (CellValue) -> String) {
        guard let entry = row.values[field], !entry.value.isEmpty else { return }
        lines.add("\(indent)\(key): \(format(entry.value))", entry.cell)
        lines.consume(entry.cell)
    }

    static func firstCell(_ row: RowValues, preferring fields: [ImportField]) -> CellReference? {
        for field in fields { if let entry = row.values[field] { return entry.cell } }
        return row.values.values.map(\.cell).min { $0.column < $1.column }
    }

    /// One risk per row that names a risk; a row with a control or action but no risk of
    /// its own (a merged or empty risk cell) belongs to the risk above it.
    static func writeControlPlan(_ rows: [RowValues], into lines: inout OriginLines, notes: inout [ImportNote],
                                 fallback: CellReference, file: String, language: Language) {
        struct Risk { var id: String; var row: RowValues; var controls: [RowValues] = []; var actions: [RowValues] = [] }
        var risks: [Risk] = []
        var orphans: [RowValues] = []
        // A row has a control when any field only a control has is filled; an action when its text is.
        let controlFields: [ImportField] = [.control, .method, .controlID, .frequency, .reportsTo, .reporting]
        func hasControl(_ row: RowValues) -> Bool { controlFields.contains { row.has($0) } }
        let riskFields: [ImportField] = [.riskID, .process, .risk, .likelihood, .consequence, .riskValue, .handling, .motivation]
        for var row in rows {
            let last = risks.last?.row
            let sameRisk = last.map { last in
                row.values[.risk]?.value == last.values[.risk]?.value
                    && (row.values[.riskID]?.value ?? last.values[.riskID]?.value) == last.values[.riskID]?.value
            } ?? false
            if row.has(.risk) && (row.own(.risk) || row.own(.riskID) || risks.isEmpty) && !sameRisk {
                let id = row.values[.riskID].map { identifier($0.value, prefix: "R") } ?? "R\(risks.count + 1)"
                var risk = Risk(id: id, row: row)
                if hasControl(row) { risk.controls.append(row) }
                if row.has(.action) { risk.actions.append(row) }
                risks.append(risk)
            } else if !risks.isEmpty {
                // The risk's own cells repeated (or merged) on a row of its next control.
                let start = risks[risks.count - 1].row
                row.repeats = Set(riskFields.filter { row.values[$0]?.value == start.values[$0]?.value })
                if hasControl(row) { risks[risks.count - 1].controls.append(row) }
                if row.has(.action) { risks[risks.count - 1].actions.append(row) }
                if !(hasControl(row) || row.has(.action)) { orphans.append(row) }
            } else {
                orphans.append(row)
            }
        }
        for row in orphans {
            let cell = firstCell(row, preferring: []) ?? fallback
            notes.append(ImportNote(variant: "orphanRow", cell: cell, arguments: ["row": "\(row.number)"], line: lines.lines.count + 1))
            lines.comment(ImportNotes.text(notes.last!, language), indent: "", cell)
            row.values.values.forEach { lines.consume($0.cell) }
        }
        lines.add("risker:" + (risks.isEmpty ? " []" : ""), fallback)
        for risk in risks {
            let row = risk.row
            let idCell = firstCell(row, preferring: [.riskID, .risk])
            lines.add("  - id: \(ImportScalar.text(risk.id))  # \(OriginLines.commentSafe((language == .sv ? "från " : "from ") + "\(file), \(idCell?.text(language) ?? "")"))", row.values[.riskID]?.cell ?? idCell)
            lines.consume(row.values[.riskID]?.cell)
            field(row, .process, "process", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
            field(row, .risk, "beskrivning", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
            field(row, .likelihood, "sannolikhet", indent: "    ", into: &lines, integer)
            field(row, .consequence, "konsekvens", indent: "    ", into: &lines, integer)
            field(row, .riskValue, "riskvärde", indent: "    ", into: &lines, integer)
            if row.has(.handling) {
                field(row, .handling, "hantering", indent: "    ", into: &lines, word)
            } else if !risk.controls.isEmpty || !risk.actions.isEmpty {
                lines.add("    hantering: \(risk.controls.isEmpty ? "åtgärd" : "kontroll")", idCell)
            }
            field(row, .motivation, "motivering", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
        }
        var controlNumber = 0
        lines.add("kontrollmoment:" + (risks.contains { !$0.controls.isEmpty } ? "" : " []"), fallback)
        for risk in risks {
            for row in risk.controls {
                controlNumber += 1
                let id = row.values[.controlID].map { identifier($0.value, prefix: "K") } ?? "K\(controlNumber)"
                let cell = firstCell(row, preferring: [.controlID, .control, .method])
                lines.add("  - id: \(ImportScalar.text(id))  # \(OriginLines.commentSafe((language == .sv ? "från " : "from ") + "\(file), \(cell?.text(language) ?? "")"))", cell)
                lines.consume(row.values[.controlID]?.cell)
                lines.add("    risker: [\(ImportScalar.text(risk.id))]", cell)
                field(row, .control, "kontroll", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
                field(row, .method, "metod", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
                field(row, .frequency, "frekvens", indent: "    ", into: &lines, frequency)
                field(row, .responsible, "ansvarig", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
                field(row, .reportsTo, "rapporteras_till", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
                field(row, .reporting, "rapportering", indent: "    ", into: &lines) { list($0, date) }
            }
        }
        let actions = risks.flatMap { risk in risk.actions.map { (risk.id, $0) } }
        if !actions.isEmpty {
            lines.add("åtgärder:", fallback)
            for (number, (riskID, row)) in actions.enumerated() {
                let cell = firstCell(row, preferring: [.action])
                lines.add("  - id: A\(number + 1)  # \(OriginLines.commentSafe((language == .sv ? "från " : "from ") + "\(file), \(cell?.text(language) ?? "")"))", cell)
                lines.add("    risker: [\(ImportScalar.text(riskID))]", cell)
                field(row, .action, "åtgärd", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
                field(row, .responsible, "ansvarig", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
                field(row, .actionDone, "klart", indent: "    ", into: &lines, date)
            }
        }
    }

    /// One goal per row that writes a goal of its own; indicator rows under it (goal cells
    /// merged or left empty) add indicators to it.
    static func writeGoalPlan(_ rows: [RowValues], into lines: inout OriginLines, notes: inout [ImportNote],
                              fallback: CellReference, file: String, language: Language) {
        struct Goal { var id: String; var row: RowValues; var indicators: [RowValues] = [] }
        var goals: [Goal] = []
        // A row has an indicator when any indicator field is filled, named or not (a
        // nameless indicator is reported by the format's checks, not dropped).
        let indicatorFields: [ImportField] = [.indicatorID, .indicator, .kolada, .unit, .baseline, .baselineYear, .target, .targetYear,
                                              .direction, .bySex, .source, .indicatorKind]
        func hasIndicator(_ row: RowValues) -> Bool { indicatorFields.contains { row.has($0) } }
        let goalFields: [ImportField] = [.goalID, .goal, .contributesTo, .goalResponsible, .perspective, .quality, .goalDone]
        for var row in rows {
            let last = goals.last?.row
            let sameGoal = last.map { last in
                row.values[.goal]?.value == last.values[.goal]?.value
                    && (row.values[.goalID]?.value ?? last.values[.goalID]?.value) == last.values[.goalID]?.value
            } ?? false
            if row.has(.goal) && (row.own(.goal) || row.own(.goalID) || goals.isEmpty) && !sameGoal {
                let id = row.values[.goalID].map { identifier($0.value, prefix: "M") } ?? "M\(goals.count + 1)"
                var goal = Goal(id: id, row: row)
                if hasIndicator(row) { goal.indicators.append(row) }
                goals.append(goal)
            } else if !goals.isEmpty, hasIndicator(row) {
                let start = goals[goals.count - 1].row
                row.repeats = Set(goalFields.filter { row.values[$0]?.value == start.values[$0]?.value })
                goals[goals.count - 1].indicators.append(row)
            } else {
                let cell = firstCell(row, preferring: []) ?? fallback
                notes.append(ImportNote(variant: "orphanRow", cell: cell, arguments: ["row": "\(row.number)"], line: lines.lines.count + 1))
                lines.comment(ImportNotes.text(notes.last!, language), indent: "", cell)
                row.values.values.forEach { lines.consume($0.cell) }
            }
        }
        lines.add("mål:" + (goals.isEmpty ? " []" : ""), fallback)
        for goal in goals {
            let row = goal.row
            let cell = firstCell(row, preferring: [.goalID, .goal])
            lines.add("  - id: \(ImportScalar.text(goal.id))  # \(OriginLines.commentSafe((language == .sv ? "från " : "from ") + "\(file), \(cell?.text(language) ?? "")"))", row.values[.goalID]?.cell ?? cell)
            lines.consume(row.values[.goalID]?.cell)
            field(row, .goal, "text", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
            field(row, .contributesTo, "bidrar_till", indent: "    ", into: &lines) { list($0) { ImportScalar.text($0.display.trimmingCharacters(in: .whitespaces)) } }
            field(row, .perspective, "perspektiv", indent: "    ", into: &lines, word)
            field(row, .quality, "kvalitet", indent: "    ", into: &lines, word)
            field(row, .goalResponsible, "ansvarig", indent: "    ", into: &lines) { ImportScalar.text($0.display) }
            field(row, .goalDone, "klart", indent: "    ", into: &lines, date)
            guard !goal.indicators.isEmpty else { continue }
            lines.add("    indikatorer:", cell)
            for (index, indicator) in goal.indicators.enumerated() {
                let indicatorCell = firstCell(indicator, preferring: [.indicatorID, .indicator])
                let id = indicator.values[.indicatorID].map { $0.value.display.trimmingCharacters(in: .whitespaces) } ?? "\(goal.id).\(index + 1)"
                lines.add("      - id: \(ImportScalar.text(id))  # \(OriginLines.commentSafe((language == .sv ? "från " : "from ") + "\(file), \(indicatorCell?.text(language) ?? "")"))", indicator.values[.indicatorID]?.cell ?? indicatorCell)
                lines.consume(indicator.values[.indicatorID]?.cell)
                field(indicator, .indicator, "namn", indent: "        ", into: &lines) { ImportScalar.text($0.display) }
                field(indicator, .indicatorKind, "typ", indent: "        ", into: &lines, word)
                field(indicator, .kolada, "kolada", indent: "        ", into: &lines) { ImportScalar.text($0.display.trimmingCharacters(in: .whitespaces)) }
                field(indicator, .source, "källa", indent: "        ", into: &lines) { ImportScalar.text($0.display) }
                field(indicator, .unit, "enhet", indent: "        ", into: &lines) { ImportScalar.text($0.display.trimmingCharacters(in: .whitespaces)) }
                if let baseline = indicator.values[.baseline], !baseline.value.isEmpty {
                    var text = "{värde: \(number(baseline.value))"
                    if let year = indicator.values[.baselineYear] { text += ", år: \(self.year(year.value))"; lines.consume(year.cell) }
                    lines.add("        utgångsvärde: \(text)}", baseline.cell)
                    lines.consume(baseline.cell)
                }
                if let target = indicator.values[.target], !target.value.isEmpty {
                    var text = "{värde: \(number(target.value))"
                    if let year = indicator.values[.targetYear] { text += ", år: \(self.year(year.value))"; lines.consume(year.cell) }
                    if let direction = indicator.values[.direction] { text += ", riktning: \(word(direction.value))"; lines.consume(direction.cell) }
                    lines.add("        målvärde: \(text)}", target.cell)
                    lines.consume(target.cell)
                }
                field(indicator, .bySex, "könsuppdelad", indent: "        ", into: &lines, boolean)
            }
        }
    }
}

/// What import notes say, in both languages: at the cell, what was not carried over and
/// what to do.
public enum ImportNotes {
    public static func text(_ note: ImportNote, _ language: Language) -> String {
        let sv = language == .sv
        let place = note.cell.text(language)
        switch note.variant {
        case "unmappedColumn":
            let heading = note.arguments["heading"] ?? ""
            return sv ? "Kolumnen \"\(heading)\" (\(place)) motsvarar inget fält och importerades inte. Ange den i import.kolumner i styrlint.yml om den ska med."
                : "The column \"\(heading)\" (\(place)) matches no field and was not imported. Map it in import.kolumner in styrlint.yml if it belongs."
        case "duplicateColumn":
            let heading = note.arguments["heading"] ?? ""
            return sv ? "Kolumnen \"\(heading)\" (\(place)) fyller samma fält (\(note.arguments["field"] ?? "")) som en kolumn före den och importerades inte."
                : "The column \"\(heading)\" (\(place)) fills the same field (\(note.arguments["field"] ?? "")) as a column before it and was not imported."
        case "hiddenRow":
            return sv ? "Rad \(note.arguments["row"] ?? "") är dold i arbetsboken och importerades inte. Visa raden eller ta bort den."
                : "Row \(note.arguments["row"] ?? "") is hidden in the workbook and was not imported. Unhide or delete it."
        case "mergedHeading":
            return sv ? "Cellen \(place) är sammanfogad med rubriken ovanför och lästes som tom. Dela upp den sammanfogade cellen."
                : "The cell \(place) is merged with the heading above and was read as empty. Unmerge the cell."
        case "otherSheet":
            return sv ? "Bladet \"\(note.arguments["sheet"] ?? "")\" har \(note.arguments["rows"] ?? "") ifyllda rader men lästes inte. Ange --blad (eller blad: i import.filer) om det är planen."
                : "The sheet \"\(note.arguments["sheet"] ?? "")\" has \(note.arguments["rows"] ?? "") filled rows but was not read. Give --blad (or blad: in import.filer) if it is the plan."
        case "unplacedValue":
            return sv ? "Värdet \"\(note.arguments["value"] ?? "")\" i \(place) (\(note.arguments["field"] ?? "")) har inget på sin rad att höra till och importerades inte; till exempel ett ansvar utan kontrollmoment eller åtgärd, eller ett annat värde än i den sammanfogade cellen ovanför."
                : "The value \"\(note.arguments["value"] ?? "")\" at \(place) (\(note.arguments["field"] ?? "")) has nothing on its row to belong to and was not imported; for example a responsible person without a control or action, or a value other than the merged cell above."
        case "noHeading":
            return sv ? "Cellen \(place) (\"\(note.arguments["value"] ?? "")\") står i en kolumn utan rubrik och importerades inte."
                : "The cell \(place) (\"\(note.arguments["value"] ?? "")\") is in a column without a heading and was not imported."
        default:
            return sv ? "Rad \(note.arguments["row"] ?? "") har värden men varken en egen risk eller ett eget mål eller något att knyta dem till ovanför, och importerades inte."
                : "Row \(note.arguments["row"] ?? "") has values but neither a risk or goal of its own nor one above to belong to, and was not imported."
        }
    }
}
