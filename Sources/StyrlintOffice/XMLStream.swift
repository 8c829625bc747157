import CExpat

/// What a reader does with the events of one XML part. Names arrive without their
/// namespace (`c`, not `x:c` or the URI): the parts styrlint reads use each local name
/// once, and files written by different programs prefix them differently.
protocol XMLEventHandler: AnyObject {
    func start(_ name: String, _ attributes: [String: String]) throws
    func end(_ name: String) throws
    func text(_ text: String)
}

/// A streaming parse over expat. A document type declaration is refused outright: no
/// part of an Office file has one, and refusing it closes the door on external entities
/// (XXE) and on entity expansion bombs before either can start.
final class XMLStream {
    private let parser: XML_Parser
    private let handler: XMLEventHandler
    private var failure: Error?
    private var forbidden = false
    private var pendingText: [UInt8] = []
    let part: String

    init(part: String, handler: XMLEventHandler) {
        self.part = part
        self.handler = handler
        parser = XML_ParserCreateNS(nil, CChar(1))
        let context = Unmanaged.passUnretained(self).toOpaque()
        XML_SetUserData(parser, context)
        XML_SetStartDoctypeDeclHandler(parser) { data, _, _, _, _ in
            XMLStream.from(data).refuse()
        }
        XML_SetEntityDeclHandler(parser) { data, _, _, _, _, _, _, _, _ in
            XMLStream.from(data).refuse()
        }
        XML_SetElementHandler(parser, { data, name, attributes in
            let stream = XMLStream.from(data)
            guard stream.failure == nil, let name else { return }
            stream.flushText()
            var values: [String: String] = [:]
            if var cursor = attributes {
                while let key = cursor.pointee, let value = (cursor + 1).pointee {
                    values[XMLStream.localName(key)] = String(cString: value)
                    cursor += 2
                }
            }
            do { try stream.handler.start(XMLStream.localName(name), values) } catch { stream.fail(error) }
        }, { data, name in
            let stream = XMLStream.from(data)
            guard stream.failure == nil, let name else { return }
            stream.flushText()
            do { try stream.handler.end(XMLStream.localName(name)) } catch { stream.fail(error) }
        })
        XML_SetCharacterDataHandler(parser) { data, text, length in
            let stream = XMLStream.from(data)
            guard let text, length > 0 else { return }
            text.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                stream.pendingText.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
            }
        }
    }

    deinit { XML_ParserFree(parser) }

    private static func from(_ data: UnsafeMutableRawPointer?) -> XMLStream {
        Unmanaged<XMLStream>.fromOpaque(data!).takeUnretainedValue()
    }

    private static func localName(_ name: UnsafePointer<CChar>) -> String {
        let full = String(cString: name)
        guard let separator = full.lastIndex(of: "\u{1}") else { return full }
        return String(full[full.index(after: separator)...])
    }

    private func flushText() {
        guard !pendingText.isEmpty else { return }
        handler.text(String(decoding: pendingText, as: UTF8.self))
        pendingText.removeAll(keepingCapacity: true)
    }

    private func refuse() {
        forbidden = true
        XML_StopParser(parser, XML_FALSE)
    }

    private func fail(_ error: Error) {
        failure = error
        XML_StopParser(parser, XML_FALSE)
    }

    /// Feeds the next piece of the part; `last` ends it.
    func feed(_ bytes: UnsafeRawBufferPointer, last: Bool) throws {
        let status = XML_Parse(parser, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), last ? 1 : 0)
        if let failure { throw failure }
        let line = Int(XML_GetCurrentLineNumber(parser))
        let column = Int(XML_GetCurrentColumnNumber(parser)) + 1
        if forbidden {
            throw OfficeError(.forbiddenXML, place: "\(part):\(line):\(column)",
                              sv: "delen har en DOCTYPE-deklaration med entiteter; sådana finns aldrig i filer från Excel, LibreOffice eller Word och läses inte (de kan hämta andra filer eller växa utan gräns). Spara om filen från kalkylprogrammet",
                              en: "the part has a DOCTYPE declaration with entities; files from Excel, LibreOffice or Word never have one, and it is not read (it could pull in other files or expand without bound). Save the file again from the spreadsheet program")
        }
        if status != XML_STATUS_OK {
            let code = XML_GetErrorCode(parser)
            let reason = String(cString: XML_ErrorString(code))
            throw OfficeError(.malformedXML, place: "\(part):\(line):\(column)",
                              sv: "felaktig XML (\(Self.swedish(code) ?? reason)); filen är skadad. Öppna och spara om den i kalkyl- eller ordbehandlingsprogrammet",
                              en: "malformed XML (\(reason)); the file is damaged. Open it and save it again in the spreadsheet or word processor")
        }
        if last { flushText() }
    }

    /// expat's reason in Swedish; nil for the rare ones, which keep expat's English words.
    /// Only codes expat has had since 2.0 are named: a system's older expat still builds.
    private static func swedish(_ code: XML_Error) -> String? {
        switch code {
        case XML_ERROR_NO_MEMORY: "minnet räckte inte till"
        case XML_ERROR_SYNTAX: "syntaxfel"
        case XML_ERROR_NO_ELEMENTS: "inget element hittades; delen är tom eller slutar för tidigt"
        case XML_ERROR_INVALID_TOKEN: "ett tecken eller en tagg som inte är giltig XML"
        case XML_ERROR_UNCLOSED_TOKEN: "en tagg som inte stängs innan delen slutar"
        case XML_ERROR_PARTIAL_CHAR: "ett ofullständigt tecken"
        case XML_ERROR_TAG_MISMATCH: "en sluttagg som inte passar ihop med starttaggen"
        case XML_ERROR_DUPLICATE_ATTRIBUTE: "samma attribut står två gånger i en tagg"
        case XML_ERROR_JUNK_AFTER_DOC_ELEMENT: "text efter dokumentets sista element"
        case XML_ERROR_PARAM_ENTITY_REF: "en otillåten referens till en parameterentitet"
        case XML_ERROR_UNDEFINED_ENTITY: "en okänd entitet (&namn;)"
        case XML_ERROR_RECURSIVE_ENTITY_REF: "en entitet som refererar till sig själv"
        case XML_ERROR_ASYNC_ENTITY: "en asynkron entitet"
        case XML_ERROR_BAD_CHAR_REF: "en teckenreferens (&#…;) till ett ogiltigt tecken"
        case XML_ERROR_BINARY_ENTITY_REF: "en referens till en binär entitet"
        case XML_ERROR_ATTRIBUTE_EXTERNAL_ENTITY_REF: "en referens till en extern entitet i ett attribut"
        case XML_ERROR_MISPLACED_XML_PI: "XML-deklarationen står inte först i delen"
        case XML_ERROR_UNKNOWN_ENCODING: "okänd teckenkodning"
        case XML_ERROR_INCORRECT_ENCODING: "teckenkodningen i XML-deklarationen stämmer inte med innehållet"
        case XML_ERROR_UNCLOSED_CDATA_SECTION: "ett CDATA-avsnitt som inte stängs"
        case XML_ERROR_EXTERNAL_ENTITY_HANDLING: "fel när en extern entitet lästes"
        case XML_ERROR_NOT_STANDALONE: "dokumentet är inte fristående"
        case XML_ERROR_UNBOUND_PREFIX: "ett namnrymdsprefix som inte är deklarerat"
        case XML_ERROR_UNDECLARING_PREFIX: "ett namnrymdsprefix får inte tas bort"
        case XML_ERROR_INCOMPLETE_PE: "ofullständig markering i en parameterentitet"
        case XML_ERROR_XML_DECL: "XML-deklarationen är felaktigt skriven"
        case XML_ERROR_TEXT_DECL: "textdeklarationen är felaktigt skriven"
        case XML_ERROR_PUBLICID: "otillåtna tecken i ett publikt id"
        case XML_ERROR_ABORTED: "läsningen avbröts"
        case XML_ERROR_RESERVED_PREFIX_XML: "det reserverade prefixet xml används fel"
        case XML_ERROR_RESERVED_PREFIX_XMLNS: "det reserverade prefixet xmlns används fel"
        case XML_ERROR_RESERVED_NAMESPACE_URI: "ett prefix är bundet till en reserverad namnrymd"
        default: nil
        }
    }

    /// Parses a whole part held in memory.
    func parse(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try feed($0, last: true) }
    }
}
