// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "styrlint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "styrlint", targets: ["styrlint"]),
        .executable(name: "styrlint-corpus", targets: ["styrlint-corpus"]),
        .library(name: "StyrlintCore", targets: ["StyrlintCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // HTML report (escaping DSL), CSV checklists.
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // The zip container of .xlsx and .docx files (reads from memory, streams each part).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // libyaml from the system: one pass over its events builds our own tree.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // SHA-256 of every input for the audit evidence: the system's libcrypto, not a TLS stack built from source.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // Snowball's Swedish stemmer for reading goal texts.
        .systemLibrary(
            name: "CStemmer",
            providers: [.apt(["libstemmer-dev"]), .brew(["snowball"])]
        ),
        // expat from the system: a streaming XML parser for the parts of .xlsx and .docx files.
        .systemLibrary(
            name: "CExpat",
            pkgConfig: "expat",
            providers: [.apt(["libexpat1-dev"]), .brew(["expat"])]
        ),
        // zlib from the system, which ZIPFoundation links already: git's objects are deflated,
        // and the provenance reads the commit's tree to say whether what was examined is committed.
        .systemLibrary(
            name: "CInflate",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // Reading what municipalities keep plans in (Excel, Word, CSV) into plain tables of cells.
        .target(
            name: "StyrlintOffice",
            dependencies: [
                "CExpat",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // Turns rules/*.yaml into Swift source so an installed binary needs no resource bundle.
        // It also parses them with libyaml at build time: the binary replays the events
        // into its tree instead of scanning 430 kB of YAML at every start.
        .executableTarget(name: "embed-rules", dependencies: ["CYAML"], path: "Sources/embed-rules"),
        .plugin(
            name: "EmbedRules",
            capability: .buildTool(),
            dependencies: ["embed-rules"]
        ),
        .target(
            name: "StyrlintCore",
            dependencies: ["CYAML", "CCrypto", "CStemmer", "CInflate", "StyrlintOffice"],
            plugins: ["EmbedRules"]
        ),
        // What auditors read: the HTML report, the röda tråden graph, samples for spot checks.
        .target(
            name: "StyrlintAudit",
            dependencies: [
                "StyrlintCore",
                .product(name: "Plot", package: "Plot"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // `styrlint lsp`: the Language Server Protocol over stdio, on the same engine.
        .target(name: "StyrlintLSP", dependencies: ["StyrlintCore"]),
        .executableTarget(
            name: "styrlint",
            dependencies: [
                "StyrlintCore",
                "StyrlintAudit",
                "StyrlintLSP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Deterministic corpus of plan repositories for benchmarks and scaling tests.
        .target(name: "StyrlintCorpus", dependencies: ["StyrlintCore"]),
        .executableTarget(
            name: "styrlint-corpus",
            dependencies: ["StyrlintCorpus", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // libFuzzer target over load + check, built by scripts/fuzz.sh.
        .executableTarget(name: "styrlint-fuzz", dependencies: ["StyrlintCore", "StyrlintOffice"]),
        .testTarget(
            name: "StyrlintCoreTests",
            // The CLI is a dependency so its binary is built for the end-to-end tests.
            dependencies: ["StyrlintCore", "StyrlintAudit", "StyrlintCorpus", "StyrlintLSP", "StyrlintOffice", "styrlint"]
        ),
    ]
)
