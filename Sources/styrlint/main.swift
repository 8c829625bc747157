import ArgumentParser
import Foundation
import StyrlintCore

/// Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage,
/// configuration or I/O error. ArgumentParser's own usage code (64) is mapped to 2.
TemporaryFiles.installSignalHandlers()
Language.messages = Language.fromEnvironment(arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
do {
    var command = try StyrlintCommand.parseAsRoot()
    try command.run()
} catch {
    if case OutputWriter.Failure.closedPipe? = error as? OutputWriter.Failure {
        // The reader of standard output went away: nothing left to say, and no one to say it to.
        exit(0)
    }
    let code = StyrlintCommand.exitCode(for: error)
    if code == .success {
        // Help and version: a full or closed standard output is an error like any other.
        do {
            try OutputWriter.standardOutput(Escape.terminal(StyrlintCommand.fullMessage(for: error)) + "\n")
        } catch OutputWriter.Failure.closedPipe {
            exit(0)
        } catch {
            let line = "styrlint: \(Escape.terminal((error as? StyrlintError)?.message ?? "\(error)", singleLine: true))\n"
            _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            exit(2)
        }
        exit(0)
    }
    if let exitCode = error as? ExitCode {
        exit(exitCode.rawValue)
    }
    var message = (error as? StyrlintError)?.message ?? (error as? RuleLoader.Failure)?.description
        ?? StyrlintCommand.fullMessage(for: error)
    if Language.messages == .sv {
        // ArgumentParser's own frame, in the language of the rest.
        message = message.replacingOccurrences(of: "Error: ", with: "Fel: ")
            .replacingOccurrences(of: "Usage: ", with: "Användning: ")
            .replacingOccurrences(of: "for more information.", with: "för mer information.")
            .replacingOccurrences(of: "  See '", with: "  Se '")
            .replacingOccurrences(of: "Unknown option", with: "Okänd flagga")
            .replacingOccurrences(of: "Missing expected argument", with: "Argument saknas")
            .replacingOccurrences(of: "Missing value for", with: "Värde saknas för")
            .replacingOccurrences(of: "Did you mean", with: "Menade du")
            .replacingOccurrences(of: "Please provide one of the following:", with: "Ange ett av:")
            .replacingOccurrences(of: "The value", with: "Värdet")
            .replacingOccurrences(of: "is invalid for", with: "är ogiltigt för")
            .replacingOccurrences(of: "Help:", with: "Hjälp:")
    }
    // Messages quote paths, keys and arguments: the terminal policy applies to stderr too.
    // An error of ours is one line: a newline in a quoted argument must not forge another.
    let line = "styrlint: \(Escape.terminal(message, singleLine: error is StyrlintError))\n"
    _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(2)
}
