import Foundation
import PackagePlugin

/// Compiles the built-in rule pack (`rules/*.yaml` at the package root) into the
/// library, so a copied or installed binary carries its rules.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rulesDirectory = context.package.directoryURL.appending(path: "rules")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory.path)) ?? []
        let ruleFiles = names
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { rulesDirectory.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRules.swift")
        // The commit the binary is built from, for `--version` and the provenance in
        // every report: read from .git without running git, and rebuilt when HEAD moves.
        let (commit, gitInputs) = Self.commit(in: context.package.directoryURL)
        return [
            .buildCommand(
                displayName: "Embedding \(ruleFiles.count) rule files",
                executable: try context.tool(named: "embed-rules").url,
                arguments: [output.path, "--commit", commit] + ruleFiles.map(\.path),
                inputFiles: ruleFiles + gitInputs,
                outputFiles: [output]
            )
        ]
    }

    static func commit(in package: URL) -> (String, [URL]) {
        var gitDirectory = package.appending(path: ".git")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: gitDirectory.path, isDirectory: &isDirectory) else { return ("unknown", []) }
        if !isDirectory.boolValue,
           let text = try? String(contentsOf: gitDirectory, encoding: .utf8), text.hasPrefix("gitdir: ") {
            let path = text.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
            gitDirectory = path.hasPrefix("/") ? URL(fileURLWithPath: path) : package.appending(path: path)
        }
        let head = gitDirectory.appending(path: "HEAD")
        guard let headText = try? String(contentsOf: head, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) else {
            return ("unknown", [])
        }
        guard headText.hasPrefix("ref: ") else { return (String(headText.prefix(12)), [head]) }
        let reference = String(headText.dropFirst(5))
        let referenceFile = gitDirectory.appending(path: reference)
        if let sha = try? String(contentsOf: referenceFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) {
            return (String(sha.prefix(12)), [head, referenceFile])
        }
        let packed = gitDirectory.appending(path: "packed-refs")
        for line in ((try? String(contentsOf: packed, encoding: .utf8)) ?? "").split(separator: "\n") where line.hasSuffix(" " + reference) {
            return (String(line.prefix(12)), [head, packed])
        }
        return ("unknown", [head])
    }
}
