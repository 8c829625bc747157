#!/usr/bin/env python3
"""Generate the fixtures for `styrlint import` in Tests/Fixtures/ingest/.

The fixtures are committed; CI never runs this script. Re-run it by hand when a
fixture has to change, then review the diff and Tests/Fixtures/ingest/README.md
(which describes every file cell by cell and must be kept in step by hand).

Needs:
    pip install openpyxl python-docx msoffcrypto-tool pyyaml
    apt-get install -y --no-install-recommends libreoffice-calc libreoffice-writer

Usage:
    python3 scripts/make-ingest-fixtures.py [--out DIR]

Determinism: every file that this script writes itself (openpyxl, python-docx,
raw zipfile) gets fixed zip timestamps and fixed document properties, so those
files come out byte-identical on every run with the same library versions.
Files re-saved by LibreOffice get the same normalisation of zip timestamps and
of docProps/core.xml dates afterwards, but LibreOffice may still vary in other
details. encrypted.xlsx uses a random salt and differs on every run.
"""

import argparse
import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import yaml
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font
from openpyxl.utils.datetime import CALENDAR_MAC_1904

REPO = Path(__file__).resolve().parent.parent

# One fixed moment used for every creation/modification date we can control.
FIXED_DATETIME = dt.datetime(2026, 1, 15, 9, 0, 0)
FIXED_W3CDTF = "2026-01-15T09:00:00Z"
FIXED_ZIP_TIME = (2026, 1, 15, 9, 0, 0)
AUTHOR = "styrlint fixtures"

# Header of the internkontrollplan sheet in ik-messy.xlsx (row 4).
IK_HEADER = [
    "Nr", "Process", "Riskbeskrivning", "S", "K", "Riskvärde",
    "Kontrollmoment", "Metod", "Hur ofta", "Ansvar", "Rapporteras till",
    "Rapportering", "Övrigt",
]

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def log(msg):
    print(msg, flush=True)


def zinfo(name):
    """A ZipInfo with a fixed timestamp and deflate compression."""
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def normalize_package(path):
    """Rewrite an OOXML zip with fixed member timestamps and fixed core dates.

    Member order, names and content are kept; only the zip timestamps and the
    dcterms:created / dcterms:modified values in docProps/core.xml change.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as src:
        members = [(i, src.read(i.filename)) for i in src.infolist()]
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w") as dst:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                for tag in ("dcterms:created", "dcterms:modified"):
                    text = re.sub(
                        r"(<%s\b[^>]*>)[^<]*(</%s>)" % (tag, tag),
                        r"\g<1>%s\g<2>" % FIXED_W3CDTF,
                        text,
                    )
                data = text.encode("utf-8")
            new = zinfo(info.filename)
            new.compress_type = info.compress_type
            dst.writestr(new, data, compresslevel=6)
    os.replace(tmp, path)


def set_xlsx_properties(wb, title):
    props = wb.properties
    props.creator = AUTHOR
    props.lastModifiedBy = AUTHOR
    props.title = title
    props.created = FIXED_DATETIME
    props.modified = FIXED_DATETIME


class LibreOffice:
    """Runs soffice headless with a private, throw-away user profile."""

    def __init__(self, workdir):
        self.profile = Path(workdir) / "lo-profile"
        exe = shutil.which("soffice") or shutil.which("libreoffice")
        if exe is None:
            sys.exit("soffice not found: apt-get install -y --no-install-recommends "
                     "libreoffice-calc libreoffice-writer")
        self.exe = exe

    def convert(self, src, dest, filter_name):
        """Convert src with the given --convert-to filter and move it to dest."""
        src = Path(src)
        outdir = Path(tempfile.mkdtemp(prefix="lo-out-", dir=self.profile.parent))
        cmd = [
            self.exe,
            "-env:UserInstallation=" + self.profile.as_uri(),
            "--headless", "--norestore", "--nolockcheck",
            "--convert-to", filter_name,
            "--outdir", str(outdir),
            str(src),
        ]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        ext = filter_name.split(":", 1)[0]
        produced = outdir / (src.stem + "." + ext)
        if res.returncode != 0 or not produced.exists():
            sys.exit("LibreOffice conversion failed for %s:\n%s\n%s"
                     % (src, res.stdout, res.stderr))
        shutil.move(str(produced), str(dest))
        shutil.rmtree(outdir, ignore_errors=True)


def excel_serial_1900(d):
    """Excel 1900-system serial of a date (valid for dates after 1900-02-28)."""
    return (d - dt.date(1899, 12, 30)).days


def excel_serial_1904(d):
    return (d - dt.date(1904, 1, 1)).days


# --------------------------------------------------------------------------
# 1. ik-messy.xlsx
# --------------------------------------------------------------------------

D = dt.datetime  # dates in cells are written as datetimes at midnight


def ik_messy_rows():
    """Rows 5..13 of sheet "Risker". None = empty cell.

    Column F ("Riskvärde") holds the marker "=F" where a formula =D*E goes.
    """
    rich = CellRichText([
        "Ett barn eller en elev med allergi får ",
        TextBlock(InlineFont(b=True), "fel specialkost"),
    ])
    return {
        5: [1, "VA-debitering",
            "Felaktig debitering av VA-avgifter på grund av fel vid mätaravläsning.",
            2, 3, "=F",
            "Stämmer fakturerad förbrukning mot avlästa mätarställningar?",
            "Avstämning av 50 slumpvis valda abonnemang", "Halvår", "VA-chef",
            "Tekniska nämnden", D(2026, 9, 17), None],
        # Process cell B6 is covered by the merge B5:B6 and stays empty.
        6: [2, None,
            "Nya VA-taxor läggs in fel i debiteringssystemet.",
            2, 2, "=F",
            "Är 2026 års VA-taxor korrekt inlagda i debiteringssystemet?",
            "Stickprov på 20 fakturor efter taxeändringen", "Årligen", "VA-chef",
            "Tekniska nämnden", D(2026, 5, 14), None],
        7: [3, "Arbete på väg",
            "Arbeten på kommunens gator utförs utan godkänd trafikanordningsplan.\n"
            "Risk för olyckor med trafikanter och vägarbetare.",
            2, 4, "=F",
            "Finns godkänd trafikanordningsplan för pågående arbeten på väg?",
            "Stickprov på plats vid fem pågående arbeten", "Kvartalsvis", "Gatuchef",
            "Tekniska nämnden", D(2026, 5, 14), None],
        8: [4, "Måltider och specialkost", rich,
            3, 4, "=F",
            "Stämmer serverad specialkost mot aktuella specialkostintyg?",
            "Oanmälda kontroller i fyra kök", "Tertial", "Kostchef",
            "Tekniska nämnden", D(2026, 9, 17), None],
        # Row 9 is completely empty.
        10: [5, "Fastighetsunderhåll",
             "Lagstadgade besiktningar (OVK, hissar, lekplatser) genomförs inte i tid.",
             "3", 3, "=F",  # S typed as the text "3"
             "Är OVK-, hiss- och lekplatsbesiktningar utförda enligt besiktningsplanen?",
             "Avstämning av besiktningsregistret mot besiktningsplanen", "Årligen",
             "Fastighetschef", "Tekniska nämnden", D(2027, 1, 21), None],
        # Row 11 is hidden.
        11: [6, "Fordon och maskiner",
             "Kommunens fordon används utan att föreskriven service är gjord.",
             1, 2, "=F",
             "Är service utförd enligt serviceplanen för samtliga fordon?",
             "Genomgång av fordonsregistret", "Årligen", "Fordonssamordnare",
             "Tekniska nämnden", D(2026, 11, 19), None],
        12: [7, "Extremväder",
             "Skyfall orsakar översvämning i kommunala lokaler och på gator.",
             2, 3, 4,  # typed constant, disagrees with S*K = 6
             "Är skyfallsplanen uppdaterad och känd i beredskapsorganisationen?",
             "Genomgång av planen och en skrivbordsövning", "Årligen", "VA-chef",
             "Tekniska nämnden", D(2026, 11, 19),
             "Riskvärdet sänkt efter diskussion i ledningsgruppen"],
        13: [8, "Livsmedelshantering",
             "Temperaturen i kyl- och frysrum avviker utan att det upptäcks.",
             2.5, 2, "=F",  # S with decimals
             "Loggas temperaturen i kyl- och frysrum dagligen?",
             "Granskning av temperaturloggar", "Kvartalsvis", "Kostchef",
             "Tekniska nämnden", "Vid varje tertialrapport", None],
    }


def make_ik_messy(out, lo, work):
    wb = openpyxl.Workbook()
    set_xlsx_properties(wb, "Internkontrollplan 2026")

    ins = wb.active
    ins.title = "Instruktioner"
    ins["A1"] = "Så här fyller du i internkontrollplanen"
    ins["A2"] = "Fyll i en rad per risk på fliken Risker. S = sannolikhet (1–4), K = konsekvens (1–4)."
    ins["A3"] = "Riskvärdet räknas ut automatiskt som S × K. Ändra inte rubrikraden."
    ins.column_dimensions["A"].width = 90

    ws = wb.create_sheet("Risker")
    ws["A1"] = "Internkontrollplan 2026"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Tekniska nämnden"
    for col, name in enumerate(IK_HEADER, start=1):
        c = ws.cell(row=4, column=col, value=name)
        c.font = Font(bold=True)
    for r, values in ik_messy_rows().items():
        for col, v in enumerate(values, start=1):
            if v is None:
                continue
            if v == "=F":
                v = "=D%d*E%d" % (r, r)
            c = ws.cell(row=r, column=col, value=v)
            if isinstance(v, dt.datetime):
                c.number_format = "yyyy-mm-dd"
    ws.merge_cells("B5:B6")
    ws["B5"].alignment = Alignment(vertical="top")
    ws["C7"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[11].hidden = True
    for col, width in zip("ABCDEFGHIJKLM", [5, 22, 50, 5, 5, 10, 50, 40, 12, 16, 18, 13, 40]):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"

    arkiv = wb.create_sheet("Arkiv")
    arkiv.sheet_state = "hidden"
    arkiv.append(["Nr", "Process", "Riskbeskrivning", "S", "K", "Riskvärde", "År"])
    arkiv.append([1, "VA-debitering", "Felaktig debitering av VA-avgifter.", 3, 3, 9, 2024])
    arkiv.append([2, "Vinterväghållning", "Snöröjningen påbörjas inte inom utlovad tid.", 2, 3, 6, 2024])
    arkiv.append([3, "Upphandling", "Inköp görs utan gällande avtal.", 3, 2, 6, 2025])

    wb.active = 1  # "Risker" is the active sheet (what a CSV export writes)
    raw = work / "ik-messy.openpyxl.xlsx"
    wb.save(raw)
    lo.convert(raw, out, "xlsx:Calc MS Excel 2007 XML")
    normalize_package(out)
    verify_ik_messy(out)


def verify_ik_messy(path):
    """Check what LibreOffice kept; print every check."""
    wb = openpyxl.load_workbook(path, data_only=True)
    checks = []
    checks.append(("sheet order", wb.sheetnames, ["Instruktioner", "Risker", "Arkiv"]))
    checks.append(("Arkiv sheet_state", wb["Arkiv"].sheet_state, "hidden"))
    ws = wb["Risker"]
    for r, expected in [(5, 6), (6, 4), (7, 8), (8, 12), (10, 9), (11, 2), (12, 4), (13, 5)]:
        checks.append(("Risker!F%d cached value" % r, ws["F%d" % r].value, expected))
    checks.append(("row 11 hidden", bool(ws.row_dimensions[11].hidden), True))
    checks.append(("merge B5:B6 present", "B5:B6" in {str(m) for m in ws.merged_cells.ranges}, True))
    checks.append(("D10 is text", (ws["D10"].data_type, ws["D10"].value), ("s", "3")))
    checks.append(("L5 is a date", ws["L5"].value, dt.datetime(2026, 9, 17)))
    # LibreOffice stores the format escaped, as Excel does.
    checks.append(("L5 number format", ws["L5"].number_format, "yyyy\\-mm\\-dd"))
    checks.append(("C7 has a line break", "\n" in (ws["C7"].value or ""), True))
    checks.append(("row 9 empty", all(c.value is None for c in ws[9]), True))
    wbf = openpyxl.load_workbook(path, data_only=False)
    checks.append(("F5 formula kept", wbf["Risker"]["F5"].value, "=D5*E5"))
    checks.append(("F12 constant", wbf["Risker"]["F12"].value, 4))
    wbr = openpyxl.load_workbook(path, rich_text=True)
    c8 = wbr["Risker"]["C8"].value
    runs = [(isinstance(x, TextBlock) and bool(x.font.b), str(x)) for x in c8] \
        if isinstance(c8, CellRichText) else c8
    checks.append(("C8 rich text runs", runs,
                   [(False, "Ett barn eller en elev med allergi får "), (True, "fel specialkost")]))
    bad = 0
    for name, got, want in checks:
        ok = got == want
        bad += not ok
        log("  %-24s %s  %r" % (name, "ok " if ok else "BAD", got))
    if bad:
        sys.exit("ik-messy.xlsx: %d checks failed after the LibreOffice re-save" % bad)


# --------------------------------------------------------------------------
# 2. ik-1904.xlsx
# --------------------------------------------------------------------------

def make_ik_1904(out):
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    set_xlsx_properties(wb, "Internkontroll 2026 (1904)")
    ws = wb.active
    ws.title = "IK 2026"
    ws.append(["Risk", "Sannolikhet", "Konsekvens", "Kontroll", "Frekvens",
               "Ansvarig", "Rapporteras", "Datum"])
    rows = [
        ["Felaktig debitering av VA-avgifter", 2, 3,
         "Avstämning av fakturerad förbrukning mot mätarställningar", "Halvår",
         "VA-chef", "Tekniska nämnden", dt.date(2026, 9, 17)],
        ["Arbete på väg utan godkänd trafikanordningsplan", 2, 4,
         "Stickprov på plats vid pågående arbeten", "Kvartalsvis",
         "Gatuchef", "Tekniska nämnden", dt.date(2026, 5, 14)],
        ["Fel specialkost till barn med allergi", 3, 4,
         "Oanmälda kontroller i kök", "Tertial",
         "Kostchef", "Tekniska nämnden", dt.date(2026, 5, 14)],
        ["Lagstadgade besiktningar görs inte i tid", 2, 3,
         "Avstämning av besiktningsregistret", "Årligen",
         "Fastighetschef", "Tekniska nämnden", dt.date(2027, 1, 21)],
    ]
    for row in rows:
        ws.append(row)
    for r in range(2, 2 + len(rows)):
        ws.cell(row=r, column=8).number_format = "yyyy-mm-dd"
    wb.save(out)
    normalize_package(out)
    with zipfile.ZipFile(out) as z:
        wbxml = z.read("xl/workbook.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    serials = re.findall(r'<c r="H\d+"[^>]*><v>([^<]+)</v>', sheet)
    log("  date1904 in workbook.xml: %s" % ('date1904="1"' in wbxml))
    log("  raw serials in H2:H5: %s (1904 system; 2026-05-14 = %d)"
        % (serials, excel_serial_1904(dt.date(2026, 5, 14))))


# --------------------------------------------------------------------------
# Raw xlsx building (3. raw-cells.xlsx and the hostile files)
# --------------------------------------------------------------------------

STYLES_XML = XML_DECL + (
    '<styleSheet xmlns="%s">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>' % NS_MAIN
)


def package_parts(sheet_name="Blad1", shared_strings=False):
    """The fixed parts of a one-sheet workbook: (name, bytes) pairs."""
    ct = (XML_DECL +
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
          + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
             if shared_strings else '') +
          '</Types>')
    rels = (XML_DECL +
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    workbook = (XML_DECL +
                '<workbook xmlns="%s" xmlns:r="%s">'
                '<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets>'
                '</workbook>' % (NS_MAIN, NS_REL, sheet_name))
    wbrels = (XML_DECL +
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
              + ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                 if shared_strings else '') +
              '</Relationships>')
    return [
        ("[Content_Types].xml", ct.encode()),
        ("_rels/.rels", rels.encode()),
        ("xl/workbook.xml", workbook.encode()),
        ("xl/_rels/workbook.xml.rels", wbrels.encode()),
        ("xl/styles.xml", STYLES_XML.encode()),
    ]


def write_package(path, parts, level=9):
    """Write zip members in order. A part's content may be bytes or a callable
    that streams into the open member (so huge members never sit in memory)."""
    with zipfile.ZipFile(path, "w") as z:
        for name, content in parts:
            info = zinfo(name)
            if callable(content):
                # ZipFile.open() has no compresslevel argument; the writer
                # takes the level from the ZipInfo.
                info._compresslevel = level
                with z.open(info, "w") as f:
                    content(f)
            else:
                z.writestr(info, content, compresslevel=level)


def sheet_xml(dimension, rows_xml):
    return (XML_DECL +
            '<worksheet xmlns="%s" xmlns:r="%s">'
            '<dimension ref="%s"/><sheetData>%s</sheetData></worksheet>'
            % (NS_MAIN, NS_REL, dimension, rows_xml)).encode()


def istr(ref, text):
    ref_attr = ' r="%s"' % ref if ref else ""
    return '<c%s t="inlineStr"><is><t>%s</t></is></c>' % (ref_attr, text)


def make_raw_cells(out):
    assert excel_serial_1900(dt.date(2026, 5, 14)) == 46156
    assert excel_serial_1900(dt.date(1900, 3, 1)) == 61
    header = "".join(istr("%s1" % col, name) for col, name in zip(
        "ABCDEFG", ["Risk", "Sannolikhet", "Konsekvens", "Kontroll", "Frekvens",
                    "Ansvarig", "Datum"]))
    rows = [
        '<row r="1">%s</row>' % header,
        # Row 2: inline strings (plain and two runs), numbers, formula string,
        # date serial with built-in format 14.
        '<row r="2">'
        + istr("A2", "Felaktig debitering av VA-avgifter")
        + '<c r="B2"><v>2</v></c>'
        + '<c r="C2"><v>3</v></c>'
        + '<c r="D2" t="inlineStr"><is><r><t>del 1</t></r>'
          '<r><t xml:space="preserve"> del 2</t></r></is></c>'
        + '<c r="E2" t="str"><f>"Halv"&amp;"år"</f><v>Halvår</v></c>'
        + istr("F2", "VA-chef")
        + '<c r="G2" s="1"><v>46156</v></c>'
        + '</row>',
        # Row 3: no r attributes on the cells; columns follow from order A..G.
        '<row r="3">'
        + istr(None, "Arbete på väg utan trafikanordningsplan")
        + '<c><v>2</v></c>'
        + '<c><v>4</v></c>'
        + istr(None, "Stickprov på plats")
        + istr(None, "Kvartalsvis")
        + istr(None, "Gatuchef")
        + '<c s="2"><v>46156</v></c>'
        + '</row>',
        # Row 4: boolean and error cells; date serial 59 with format 14.
        '<row r="4">'
        + istr("A4", "Fel specialkost")
        + '<c r="B4" t="b"><v>1</v></c>'
        + '<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        + istr("D4", "Oanmälda kontroller")
        + istr("E4", "Tertial")
        + istr("F4", "Kostchef")
        + '<c r="G4" s="1"><v>59</v></c>'
        + '</row>',
        # Row 5: serial 60 (the 1900-02-29 that never existed), format 14.
        '<row r="5">'
        + istr("A5", "Besiktningar görs inte i tid")
        + '<c r="B5"><v>2.5</v></c>'
        + '<c r="C5"><v>3</v></c>'
        + istr("D5", "Avstämning av besiktningsregistret")
        + istr("E5", "Årligen")
        + istr("F5", "Fastighetschef")
        + '<c r="G5" s="1"><v>60</v></c>'
        + '</row>',
        # Row 6: no r attributes on the cells; serial 61 with format 164.
        '<row r="6">'
        + istr(None, "Skyfall")
        + '<c><v>3</v></c>'
        + '<c><v>3</v></c>'
        + istr(None, "Genomgång av skyfallsplanen")
        + istr(None, "Halvår")
        + istr(None, "VA-chef")
        + '<c s="2"><v>61</v></c>'
        + '</row>',
        # Row 7: serial 60 and 59 with the custom format 164 (G7 only).
        '<row r="7">'
        + istr("A7", "Vinterväghållning")
        + '<c r="B7"><v>1</v></c>'
        + '<c r="C7"><v>2</v></c>'
        + istr("D7", "Uppföljning av snöröjningsrapporter")
        + istr("E7", "Kvartalsvis")
        + istr("F7", "Gatuchef")
        + '<c r="G7" s="2"><v>60</v></c>'
        + '</row>',
    ]
    parts = package_parts("Risker") + [("xl/worksheets/sheet1.xml",
                                        sheet_xml("A1:G7", "".join(rows)))]
    write_package(out, parts)
    # Sanity check: openpyxl must be able to read it.
    ws = openpyxl.load_workbook(out)["Risker"]
    log("  openpyxl reads raw-cells: A1=%r D2=%r E2=%r B4=%r C4=%r G2=%r G6=%r"
        % (ws["A1"].value, ws["D2"].value, ws["E2"].value, ws["B4"].value,
           ws["C4"].value, ws["G2"].value, ws["G6"].value))


# --------------------------------------------------------------------------
# 4. mal-tabell.xlsx
# --------------------------------------------------------------------------

MAL_HEADER = ["Mål-id", "Mål", "Bidrar till", "Indikator-id", "Indikator",
              "Kolada-id", "Enhet", "Utgångsvärde", "Utgångsår", "Målvärde",
              "Målår", "Ansvarig"]

MAL_GOALS = [
    {
        "id": "BUN1",
        "text": "Fler elever ska nå kunskapskraven och vara behöriga till gymnasieskolan.",
        "bidrar": "KF2",
        "ansvarig": "Grundskolechef",
        "ind": [
            ["BUN1.1", "Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
             "N15428", "procent", 82, 2024, 88, 2027],
            ["BUN1.2", "Elever i åk 9 med lägst betyget E i matematik, kommunala skolor, andel (%)",
             "N15497", "procent", 84, 2024, 88, 2027],
            ["BUN1.3", "Kostnad för skolskjuts per åkande elev",
             None, "kr", 9800, 2024, 9500, 2027],
        ],
    },
    {
        "id": "BUN2",
        "text": "Alla elever ska känna sig trygga i skolan.",
        "bidrar": "KF3",
        "ansvarig": "Rektorerna för F–6",
        "ind": [
            ["BUN2.1", "Elever i åk 5 som känner sig trygga i skolan, andel (%)",
             "N15613", "procent", 88, 2024, 92.5, 2027],
        ],
    },
    {
        "id": "BUN3",
        "text": "Skolan ska ha behöriga lärare och en god arbetsmiljö.",
        "bidrar": "KF5, KF6",
        "ansvarig": "HR-chef",
        "ind": [
            ["BUN3.1", "Lärare med lärarlegitimation och behörighet i minst ett ämne, kommunala skolor, andel (%)",
             "N15814", "procent", 71, 2024, 76, 2027],
            ["BUN3.2", "Anmälda kränkningar per 100 elever",
             None, "antal", "3,5", 2024, 2, 2027],  # Utgångsvärde as text with decimal comma
        ],
    },
]


def write_goal_sheet(ws, title, goals):
    """Goal table layout shared by mal-tabell.xlsx and vp-roundtrip.xlsx.

    Returns the list of merged ranges."""
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    for col, name in enumerate(MAL_HEADER, start=1):
        ws.cell(row=2, column=col, value=name).font = Font(bold=True)
    r = 3
    merges = []
    for g in goals:
        first = r
        for ind in g["ind"]:
            iid, name, kolada, unit, base, base_year, target, target_year = ind
            if r == first:
                ws.cell(row=r, column=1, value=g["id"])
                ws.cell(row=r, column=2, value=g["text"])
                ws.cell(row=r, column=3, value=g["bidrar"])
                ws.cell(row=r, column=12, value=g["ansvarig"])
            for col, v in zip(range(4, 12), [iid, name, kolada, unit, base, base_year,
                                              target, target_year]):
                if v is not None:
                    ws.cell(row=r, column=col, value=v)
            r += 1
        last = r - 1
        if last > first:
            for col in "ABCL":
                rng = "%s%d:%s%d" % (col, first, col, last)
                ws.merge_cells(rng)
                ws["%s%d" % (col, first)].alignment = Alignment(vertical="top", wrap_text=True)
                merges.append(rng)
    for col, width in zip("ABCDEFGHIJKL", [8, 45, 12, 11, 60, 10, 9, 13, 10, 10, 8, 20]):
        ws.column_dimensions[col].width = width
    return merges


def make_mal_tabell_xlsx(out, lo, work):
    wb = openpyxl.Workbook()
    set_xlsx_properties(wb, "Mål och indikatorer 2026")
    ws = wb.active
    ws.title = "Mål"
    merges = write_goal_sheet(ws, "Barn- och utbildningsnämnden – mål och indikatorer 2026", MAL_GOALS)
    raw = work / "mal-tabell.openpyxl.xlsx"
    wb.save(raw)
    lo.convert(raw, out, "xlsx:Calc MS Excel 2007 XML")
    normalize_package(out)
    ws = openpyxl.load_workbook(out)["Mål"]
    got = sorted(str(m) for m in ws.merged_cells.ranges)
    log("  merges kept: %s (expected %s)" % (got == sorted(merges), got))
    log("  H8=%r (%s)  J6=%r" % (ws["H8"].value, ws["H8"].data_type, ws["J6"].value))


# --------------------------------------------------------------------------
# 5. mal-tabell.docx and mal-tabell-lo.docx
# --------------------------------------------------------------------------

def make_mal_tabell_docx(out, out_lo, lo, work):
    import docx
    from docx.shared import Pt  # noqa: F401  (kept for readers who tweak fonts)

    doc = docx.Document()
    cp = doc.core_properties
    cp.author = AUTHOR
    cp.last_modified_by = AUTHOR
    cp.title = "Verksamhetsplan 2026 – mål och indikatorer"
    cp.created = FIXED_DATETIME
    cp.modified = FIXED_DATETIME
    cp.last_printed = FIXED_DATETIME
    cp.revision = 1

    doc.add_heading("Verksamhetsplan 2026 – mål och indikatorer", level=1)
    doc.add_paragraph(
        "Barn- och utbildningsnämndens mål för 2026 med indikatorer, utgångsvärden "
        "och målvärden. Målen bidrar till kommunfullmäktiges mål KF2, KF3 och KF5.")

    goals = [
        ("Fler elever ska nå kunskapskraven och vara behöriga till gymnasieskolan.", [
            ("Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)", "82", "88", "Grundskolechef"),
            ("Elever i åk 9 med lägst betyget E i matematik, kommunala skolor, andel (%)", "84", "88", "Grundskolechef"),
        ]),
        ("Alla elever ska känna sig trygga i skolan.", [
            ("Elever i åk 5 som känner sig trygga i skolan, andel (%)", "88", "92,5", "Rektorerna för F–6"),
        ]),
        ("Skolan ska ha behöriga lärare och en god arbetsmiljö.", [
            ("Lärare med lärarlegitimation och behörighet i minst ett ämne, andel (%)", "71", "76", "HR-chef"),
            ("Anmälda kränkningar per 100 elever", "3,5", "2", "Rektorerna"),
            ("Sjukfrånvaro bland medarbetarna, andel av ordinarie arbetstid (%)", "6,8", "6,0", "HR-chef"),
        ]),
    ]
    nrows = 1 + sum(len(inds) for _, inds in goals)
    table = doc.add_table(rows=nrows, cols=5)
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells,
                          ["Mål", "Indikator", "Utgångsvärde", "Målvärde", "Ansvarig"]):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    r = 1
    for goal_text, inds in goals:
        first = r
        for ind, base, target, who in inds:
            cells = table.rows[r].cells
            cells[1].text = ind
            cells[2].text = base
            cells[3].text = target
            cells[4].text = who
            r += 1
        table.cell(first, 0).text = goal_text
        if r - 1 > first:
            table.cell(first, 0).merge(table.cell(r - 1, 0))
    # One cell with two paragraphs: Ansvarig of the trygghet indicator (row 3).
    c = table.cell(3, 4)
    c.add_paragraph("Elevhälsoteamet")
    # One cell with a line break inside a paragraph: Indikator in row 1.
    c = table.cell(1, 1)
    c.paragraphs[0].runs[-1].add_break()
    c.paragraphs[0].add_run("Källa: Kolada N15428")

    doc.add_paragraph("Tidplan för uppföljning:")
    t2 = doc.add_table(rows=2, cols=2)
    t2.style = "Table Grid"
    t2.cell(0, 0).text = "Datum"
    t2.cell(0, 1).text = "Händelse"
    t2.cell(1, 0).text = "2026-09-17"
    t2.cell(1, 1).text = "Delårsrapport till nämnden"
    doc.save(out)
    normalize_package(out)

    # LibreOffice re-save; the output has the same stem, so convert a copy.
    tmp_src = work / "mal-tabell-lo.docx"
    shutil.copy(out, tmp_src)
    lo.convert(tmp_src, out_lo, 'docx:MS Word 2007 XML')
    normalize_package(out_lo)

    for p in (out, out_lo):
        d = docx.Document(p)
        t = d.tables[0]
        with zipfile.ZipFile(p) as z:
            body = z.read("word/document.xml").decode()
        log("  %s: %d tables, first %dx%d, vMerge=%d, <w:br/>=%d"
            % (Path(p).name, len(d.tables), len(t.rows), len(t.columns),
               body.count("<w:vMerge"), len(re.findall(r"<w:br\s*/>", body))))


# --------------------------------------------------------------------------
# 6. ik.csv and ik-1252.csv
# --------------------------------------------------------------------------

def csv_field(v):
    """Format a cell value the way Swedish Excel writes it to CSV."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "SANT" if v else "FALSKT"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return repr(v).replace(".", ",")
    if isinstance(v, int):
        return str(v)
    return str(v)


def make_ik_csv(xlsx, out_utf8, out_1252):
    ws = openpyxl.load_workbook(xlsx, data_only=True)["Risker"]
    # Excel writes every row of the used range, hidden rows included, padded
    # to the used range's width (here A..M).
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL,
                   lineterminator="\r\n")
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=1, max_col=13):
        w.writerow([csv_field(c.value) for c in row])
    text = buf.getvalue()
    assert "\n" in text.replace("\r\n", ""), "the embedded line break must survive"
    with open(out_utf8, "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with open(out_1252, "wb") as f:
        f.write(text.encode("cp1252"))  # strict: fails on a character outside cp1252
    log("  %d lines (CRLF records), embedded LF in C7" % text.count("\r\n"))


# --------------------------------------------------------------------------
# 7. Hostile files
# --------------------------------------------------------------------------

def make_encrypted(src, out):
    exe = shutil.which("msoffcrypto-tool")
    if exe:
        cmd = [exe, "-e", "-p", "hemligt", str(src), str(out)]
    else:
        cmd = [sys.executable, "-m", "msoffcrypto", "-e", "-p", "hemligt", str(src), str(out)]
    subprocess.run(cmd, check=True)
    magic = Path(out).read_bytes()[:8]
    log("  magic %s (OLE compound file: %s)" % (magic.hex(" "),
                                                magic[:4] == b"\xd0\xcf\x11\xe0"))


def make_corrupt(src, out):
    Path(out).write_bytes(Path(src).read_bytes()[:3000])


def make_not_a_zip(out):
    Path(out).write_text("Det här är ingen Excel-fil, bara en textfil med fel filändelse.\n",
                         encoding="utf-8")


ZIP_BOMB_PADDING = 300 * 1024 * 1024  # bytes of spaces inside an XML comment


def make_zip_bomb(out):
    head = (XML_DECL + '<worksheet xmlns="%s"><dimension ref="A1:B2"/><!--' % NS_MAIN).encode()
    tail = ('--><sheetData>'
            + '<row r="1">' + istr("A1", "Risk") + istr("B1", "Sannolikhet") + '</row>'
            + '<row r="2">' + istr("A2", "Felaktig debitering") + '<c r="B2"><v>2</v></c></row>'
            + '</sheetData></worksheet>').encode()

    def stream(f):
        f.write(head)
        chunk = b" " * (1024 * 1024)
        for _ in range(ZIP_BOMB_PADDING // len(chunk)):
            f.write(chunk)
        f.write(tail)

    write_package(out, package_parts("Risker") + [("xl/worksheets/sheet1.xml", stream)])
    with zipfile.ZipFile(out) as z:
        i = z.getinfo("xl/worksheets/sheet1.xml")
    log("  sheet1.xml: %d bytes inflated, %d deflated" % (i.file_size, i.compress_size))


def sst_xml(doctype, strings):
    return (XML_DECL + doctype +
            '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
            % (NS_MAIN, len(strings), len(strings),
               "".join("<si><t>%s</t></si>" % s for s in strings))).encode()


def shared_string_sheet():
    # A1 "Risk", B1 "Sannolikhet", A2 = shared string 2 (the entity), B2 = 2.
    return sheet_xml("A1:B2",
                     '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
                     '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>2</v></c></row>')


def make_xxe(out):
    sst = sst_xml('<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
                  ["Risk", "Sannolikhet", "&x;"])
    write_package(out, package_parts("Risker", shared_strings=True) + [
        ("xl/worksheets/sheet1.xml", shared_string_sheet()),
        ("xl/sharedStrings.xml", sst),
    ])


def make_billion_laughs(out):
    ents = ['<!ENTITY lol "lol">']
    prev = "lol"
    for i in range(1, 10):
        name = "lol%d" % i
        ents.append('<!ENTITY %s "%s">' % (name, ("&%s;" % prev) * 10))
        prev = name
    doctype = "<!DOCTYPE sst [\n %s\n]>\n" % "\n ".join(ents)
    sst = sst_xml(doctype, ["Risk", "Sannolikhet", "&lol9;"])
    write_package(out, package_parts("Risker", shared_strings=True) + [
        ("xl/worksheets/sheet1.xml", shared_string_sheet()),
        ("xl/sharedStrings.xml", sst),
    ])


HUGE_ROWS = 200_000  # non-empty rows including the header row


def make_huge_sheet(out):
    head = (XML_DECL + '<worksheet xmlns="%s"><dimension ref="A1:C%d"/><sheetData>'
            % (NS_MAIN, HUGE_ROWS)).encode()
    header = ('<row r="1">' + istr("A1", "Risk") + istr("B1", "Sannolikhet")
              + istr("C1", "Konsekvens") + '</row>').encode()

    def stream(f):
        f.write(head)
        f.write(header)
        batch = []
        for r in range(2, HUGE_ROWS + 1):
            # Cells carry no r attribute (columns A, B, C by order) to keep the
            # deflated member small; each row carries its row number.
            batch.append('<row r="%d">%s<c><v>2</v></c><c><v>3</v></c></row>'
                         % (r, istr(None, "Felaktig debitering")))
            if len(batch) == 10_000:
                f.write("".join(batch).encode())
                batch = []
        f.write("".join(batch).encode())
        f.write(b"</sheetData></worksheet>")

    write_package(out, package_parts("Risker") + [("xl/worksheets/sheet1.xml", stream)])
    with zipfile.ZipFile(out) as z:
        i = z.getinfo("xl/worksheets/sheet1.xml")
    log("  sheet1.xml: %d bytes inflated, %d deflated" % (i.file_size, i.compress_size))


def make_far_cell(out):
    header = "".join(istr("%s1" % col, name) for col, name in zip(
        "ABCDEFG", ["Risk", "Sannolikhet", "Konsekvens", "Kontroll", "Frekvens",
                    "Ansvarig", "Datum"]))
    rows = ('<row r="1">%s</row>' % header
            + '<row r="1048576">%s</row>' % istr("XFD1048576", "Långt bort"))
    write_package(out, package_parts("Risker") + [
        ("xl/worksheets/sheet1.xml", sheet_xml("A1:XFD1048576", rows))])


# --------------------------------------------------------------------------
# 8. Round-trip sources from the YAML plans
# --------------------------------------------------------------------------

IK_RT_HEADER = ["Risk-id", "Process", "Risk", "Sannolikhet", "Konsekvens", "Riskvärde",
                "Hantering", "Kontroll-id", "Kontrollmoment", "Metod", "Frekvens",
                "Ansvarig", "Rapporteras till", "Rapportering", "Åtgärd", "Klart"]


def as_date(v):
    if isinstance(v, dt.datetime):
        return v
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
    return dt.datetime.strptime(str(v), "%Y-%m-%d")


def make_ik_roundtrip(out, lo, work):
    plan = yaml.safe_load((REPO / "plans/internkontroll/tn-ik-2026.yaml").read_text("utf-8"))
    controls = plan.get("kontrollmoment") or []
    actions = plan.get("åtgärder") or []
    wb = openpyxl.Workbook()
    set_xlsx_properties(wb, "Internkontrollplan %s" % plan["id"])
    ws = wb.active
    ws.title = "Internkontrollplan"
    for col, name in enumerate(IK_RT_HEADER, start=1):
        ws.cell(row=1, column=col, value=name).font = Font(bold=True)
    r = 2
    for risk in plan["risker"]:
        ctl = [k for k in controls if risk["id"] in k.get("risker", [])]
        act = [a for a in actions if risk["id"] in a.get("risker", [])]
        assert len(ctl) + len(act) <= 1, "one handling per risk in this layout"
        row = {
            1: risk["id"], 2: risk.get("process"), 3: risk["beskrivning"],
            4: risk["sannolikhet"], 5: risk["konsekvens"], 6: "=D%d*E%d" % (r, r),
            7: risk.get("hantering"),
        }
        if ctl:
            k = ctl[0]
            dates = [as_date(d) for d in k.get("rapportering", [])]
            row.update({8: k["id"], 9: k["kontroll"], 10: k.get("metod"),
                        11: k.get("frekvens"), 12: k.get("ansvarig"),
                        13: k.get("rapporteras_till")})
            if len(dates) == 1:
                row[14] = dates[0]
            elif dates:
                row[14] = ", ".join(d.strftime("%Y-%m-%d") for d in dates)
        if act:
            a = act[0]
            # The åtgärd's ansvarig goes into the shared Ansvarig column.
            row.update({12: a.get("ansvarig"), 15: a["åtgärd"], 16: as_date(a["klart"])})
        for col, v in row.items():
            if v is None:
                continue
            c = ws.cell(row=r, column=col, value=v)
            if isinstance(v, dt.datetime):
                c.number_format = "yyyy-mm-dd"
        r += 1
    for col, width in zip("ABCDEFGHIJKLMNOP",
                          [9, 24, 60, 11, 11, 9, 10, 11, 60, 50, 12, 15, 18, 34, 60, 11]):
        ws.column_dimensions[col].width = width
    raw = work / "ik-roundtrip.openpyxl.xlsx"
    wb.save(raw)
    lo.convert(raw, out, "xlsx:Calc MS Excel 2007 XML")
    normalize_package(out)
    ws = openpyxl.load_workbook(out, data_only=True)["Internkontrollplan"]
    log("  rows 2..%d, cached Riskvärde: %s" % (ws.max_row, [ws["F%d" % i].value
                                                            for i in range(2, ws.max_row + 1)]))


def make_vp_roundtrip(out, lo, work):
    plan = yaml.safe_load((REPO / "plans/verksamhet/grundskola-2025.yaml").read_text("utf-8"))
    goals = []
    for m in plan["mål"]:
        inds = []
        for i in m.get("indikatorer", []):
            base = i.get("utgångsvärde") or {}
            target = i.get("målvärde") or {}
            inds.append([i["id"], i["namn"], i.get("kolada"), i.get("enhet"),
                         base.get("värde"), base.get("år"), target.get("värde"),
                         target.get("år")])
        goals.append({"id": m["id"], "text": m["text"],
                      "bidrar": ", ".join(m.get("bidrar_till", [])),
                      "ansvarig": m.get("ansvarig"), "ind": inds})
    wb = openpyxl.Workbook()
    set_xlsx_properties(wb, "Verksamhetsplan %s" % plan["id"])
    ws = wb.active
    ws.title = "Mål"
    merges = write_goal_sheet(ws, "%s – verksamhetsplan %s–%s"
                              % (plan["enhet"], plan["period"]["från"], plan["period"]["till"]),
                              goals)
    raw = work / "vp-roundtrip.openpyxl.xlsx"
    wb.save(raw)
    lo.convert(raw, out, "xlsx:Calc MS Excel 2007 XML")
    normalize_package(out)
    log("  %d goals, %d indicator rows, merges: %s"
        % (len(goals), sum(len(g["ind"]) for g in goals), merges or "none"))


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(REPO / "Tests/Fixtures/ingest"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="ingest-fixtures-") as tmp:
        work = Path(tmp)
        lo = LibreOffice(work)

        log("ik-messy.xlsx (openpyxl -> LibreOffice), verification:")
        make_ik_messy(out / "ik-messy.xlsx", lo, work)
        log("ik-1904.xlsx (openpyxl, 1904 date system):")
        make_ik_1904(out / "ik-1904.xlsx")
        log("raw-cells.xlsx (raw XML):")
        make_raw_cells(out / "raw-cells.xlsx")
        log("mal-tabell.xlsx (openpyxl -> LibreOffice):")
        make_mal_tabell_xlsx(out / "mal-tabell.xlsx", lo, work)
        log("mal-tabell.docx (python-docx) and mal-tabell-lo.docx (LibreOffice):")
        make_mal_tabell_docx(out / "mal-tabell.docx", out / "mal-tabell-lo.docx", lo, work)
        log("ik.csv / ik-1252.csv (from ik-messy.xlsx):")
        make_ik_csv(out / "ik-messy.xlsx", out / "ik.csv", out / "ik-1252.csv")
        log("encrypted.xlsx (msoffcrypto-tool):")
        make_encrypted(out / "ik-1904.xlsx", out / "encrypted.xlsx")
        make_corrupt(out / "ik-messy.xlsx", out / "corrupt.xlsx")
        make_not_a_zip(out / "not-a-zip.xlsx")
        log("zip-bomb.xlsx:")
        make_zip_bomb(out / "zip-bomb.xlsx")
        make_xxe(out / "xxe.xlsx")
        make_billion_laughs(out / "billion-laughs.xlsx")
        log("huge-sheet.xlsx:")
        make_huge_sheet(out / "huge-sheet.xlsx")
        make_far_cell(out / "far-cell.xlsx")
        log("merge-heading.xlsx, vmerge-no-restart.docx (merges that start in the heading):")
        make_merge_heading(out / "merge-heading.xlsx")
        make_vmerge_no_restart(out / "vmerge-no-restart.docx")
        log("ik-roundtrip.xlsx (from plans/internkontroll/tn-ik-2026.yaml):")
        make_ik_roundtrip(out / "ik-roundtrip.xlsx", lo, work)
        log("vp-roundtrip.xlsx (from plans/verksamhet/grundskola-2025.yaml):")
        make_vp_roundtrip(out / "vp-roundtrip.xlsx", lo, work)

    total = 0
    log("\nfiles:")
    for p in sorted(out.iterdir()):
        if p.is_file():
            total += p.stat().st_size
            log("  %9d  %s" % (p.stat().st_size, p.name))
    log("  %9d  total" % total)


def make_merge_heading(path):
    """A heading cell merged down into the data (Sannolikhet, B1:B3): the data rows must
    not read the heading as their value."""
    import openpyxl
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Risker"
    sheet.append(["Risk", "Sannolikhet", "Konsekvens", "Kontroll", "Frekvens", "Ansvarig"])
    sheet.append(["r1", None, 3])
    sheet.append(["r2", None, 3])
    sheet.merge_cells("B1:B3")
    workbook.save(path)


def make_vmerge_no_restart(path):
    """A Word goal table whose Mål cells are all vMerge 'continue', none 'restart' (as
    some converters write them): the first cell's own text must be kept."""
    import docx
    from docx.oxml import OxmlElement
    document = docx.Document()
    header = ["Mål", "Indikator", "Utgångsvärde", "Målvärde", "Ansvarig"]
    rows = [["M1 text", "Ind 1", "1", "2", "A"], ["", "Ind 2", "3", "4", "B"], ["", "Ind 3", "5", "6", "C"]]
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for column, heading in enumerate(header):
        table.cell(0, column).text = heading
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            table.cell(number + 1, column).text = value
    for number in (1, 2, 3):
        table.cell(number, 0)._tc.get_or_add_tcPr().append(OxmlElement("w:vMerge"))
    document.core_properties.created = dt.datetime(2026, 1, 1)
    document.core_properties.modified = dt.datetime(2026, 1, 1)
    document.save(path)


if __name__ == "__main__":
    main()
