// libFuzzer target over load + check + report: an input is split at lines `#---` into up
// to four documents, each named by its first line (so names collide, differ only in
// Unicode normalisation, or carry control characters), checked with the whole rule pack
// next to a fixed fullmäktige plan they can refer to; the findings then go through every
// output format and its escaping policy. Each input is also read as a styrlint.yml and as
// a rule file. Built only with -DFUZZING (see scripts/fuzz.sh); a plain build gets a stub
// so the package always links.
#if FUZZING
import Foundation
import StyrlintCore
import StyrlintOffice

let rules = (try? RuleLoader.builtinRules()) ?? []
let council = """
typ: verksamhetsplan
id: kf-vp-2025
organ: kf
nivå: fullmäktige
period: {från: 2025, till: 2027}
organisation: [{id: kf, namn: Kommunfullmäktige, typ: fullmäktige}, {id: bun, namn: BUN, typ: nämnd}]
målområden: [{id: MO1, namn: Lärande, samordning: [bun]}]
ramar: {bun: 1000}
mål: [{id: KF1, text: Alla ska lära sig läsa., bidrar_till: [MO1], perspektiv: ekonomi}]
"""

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    if let findings = try? InMemoryCheck.run(files: [("kf.yaml", council)] + InMemoryCheck.documents(splitting: text), configText: nil,
                                             rules: rules, checkDate: InMemoryCheck.exampleDate),
       !InMemoryCheck.renderEverywhere(findings, rules: rules) {
        // An output that lets a control character through, or JSON that does not parse.
        fatalError("an output format escaped its context")
    }
    _ = Escape.spreadsheetCell(text)
    _ = Escape.bytes(bytes)
    _ = try? Config.parse(bytes: bytes, displayPath: "styrlint.yml")
    // The same bytes as a workbook part, a Word document part, a CSV plan and a zip.
    OfficeXMLProbe.exercise(bytes)
    var request = ImportRequest(kind: .internkontrollplan, fileName: "plan.csv")
    request.organ = "tn"
    request.year = 2026
    _ = try? PlanImporter.run(bytes, request: request)
    request.fileName = "plan.xlsx"
    _ = try? PlanImporter.run(bytes, request: request)
    _ = try? RuleLoader.parse(text: text, origin: "fuzz.yaml")
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOneInput($0, $1) })
#else
print("styrlint-fuzz is built by scripts/fuzz.sh (with -sanitize=fuzzer -DFUZZING).")
#endif
