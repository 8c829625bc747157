#!/usr/bin/env python3
"""Writes the example municipality's one plan kept in Excel:
plans/internkontroll/kfn-ik-2026.xlsx, from the YAML it replaced (kept in
scripts/example-sources/kfn-ik-2026.yaml), as an officer would keep it: a title,
a heading row, one row per risk with the control that covers it, the risk value
as a formula. openpyxl writes it; LibreOffice re-saves it so the formulas carry
cached values, as they do in a workbook saved by Excel.

Usage: scripts/make-example-workbook.py   (needs openpyxl, PyYAML and soffice)
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
import yaml
from openpyxl.styles import Alignment, Font, PatternFill

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
source = os.path.join(root, "scripts", "example-sources", "kfn-ik-2026.yaml")
target = os.path.join(root, "plans", "internkontroll", "kfn-ik-2026.xlsx")

with open(source, encoding="utf-8") as handle:
    plan = yaml.safe_load(handle)

workbook = openpyxl.Workbook()
sheet = workbook.active
sheet.title = "Internkontrollplan"
sheet["A1"] = "Internkontrollplan 2026 – Kultur- och fritidsnämnden"
sheet["A1"].font = Font(bold=True, size=14)
headings = ["Risk-id", "Process", "Risk", "Sannolikhet", "Konsekvens", "Riskvärde", "Hantering", "Motivering",
            "Kontroll-id", "Kontrollmoment", "Metod", "Frekvens", "Ansvarig", "Rapporteras till", "Rapportering"]
for column, heading in enumerate(headings, start=1):
    cell = sheet.cell(row=3, column=column, value=heading)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="DDEBF7")
controls = {}
for control in plan.get("kontrollmoment", []):
    for risk in control.get("risker", []):
        controls.setdefault(risk, []).append(control)
row = 4
for risk in plan["risker"]:
    covering = controls.get(risk["id"], [None])
    for index, control in enumerate(covering):
        values = {
            "Risk-id": risk["id"], "Process": risk.get("process"), "Risk": risk.get("beskrivning"),
            "Sannolikhet": risk.get("sannolikhet"), "Konsekvens": risk.get("konsekvens"),
            # One value typed over its formula: the deliberate defect IK012 finds in the cell.
            "Riskvärde": 4 if risk["id"] == "KFN26-R2" else f"=D{row}*E{row}", "Hantering": risk.get("hantering"), "Motivering": risk.get("motivering"),
        }
        if control:
            values.update({
                "Kontroll-id": control["id"], "Kontrollmoment": control.get("kontroll"), "Metod": control.get("metod"),
                "Frekvens": control.get("frekvens"), "Ansvarig": control.get("ansvarig"),
                "Rapporteras till": control.get("rapporteras_till"),
                "Rapportering": ", ".join(str(day) for day in control.get("rapportering", [])),
            })
        for column, heading in enumerate(headings, start=1):
            value = values.get(heading)
            if value is not None and not (index > 0 and column <= 8):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
widths = [11, 20, 45, 11, 11, 10, 11, 30, 11, 45, 35, 12, 22, 26, 24]
for column, width in enumerate(widths, start=1):
    sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
# Wrapped cells get the height their text needs: LibreOffice keeps the height a file gives.
for number in range(4, row):
    lines = 1
    for column, width in enumerate(widths, start=1):
        value = sheet.cell(row=number, column=column).value
        if isinstance(value, str) and not value.startswith("="):
            lines = max(lines, -(-len(value) * 11 // (width * 10)))
    sheet.row_dimensions[number].height = 15 * lines
sheet.freeze_panes = "A4"
# Printed (and rendered for docs/import.md) as one landscape page wide.
sheet.page_setup.orientation = "landscape"
sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
sheet.sheet_properties.pageSetUpPr.fitToPage = True
sheet.page_setup.fitToWidth = 1
sheet.page_setup.fitToHeight = 0
# Grid and row/column headings in print, so a finding's cell (F5) can be found on paper.
sheet.print_options.gridLines = True
sheet.print_options.headings = True
workbook.properties.creator = "Lillåsa kommun"
workbook.properties.created = datetime.datetime(2025, 12, 8, 9, 0, 0)
workbook.properties.modified = datetime.datetime(2025, 12, 8, 9, 0, 0)

with tempfile.TemporaryDirectory() as folder:
    draft = os.path.join(folder, "kfn-ik-2026.xlsx")
    workbook.save(draft)
    resaved = os.path.join(folder, "out")
    profile = "file://" + os.path.join(folder, "profile")
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", resaved, draft],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.copyfile(os.path.join(resaved, "kfn-ik-2026.xlsx"), target)
print(target, file=sys.stderr)
