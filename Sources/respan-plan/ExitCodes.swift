import Applying
import ArgumentParser
import Lockfiles
import Planning
import RespanCore
import Views

/// A command's end other than plain success, after its outcome was rendered.
enum CommandExit: Error, Equatable {
    /// Something failed; what failed was already shown (diagnostics, a refused apply).
    case failure
    /// `plan --detailed-exitcode` with changes pending.
    case changesPending
    /// Ctrl-C stopped an apply.
    case interrupted
    /// A results gate failed.
    case gateFailed
    /// The estimate is above `--max-cost`.
    case overBudget
}

/// The one place errors and outcomes become exit codes and messages (design §4: 0 success,
/// 1 error, 2 changes pending, 3 a gate failed, 4 over --max-cost; 130 after Ctrl-C).
enum ExitCodes {
    static func code(for exit: CommandExit) -> Int32 {
        switch exit {
        case .failure: 1
        case .changesPending: 2
        case .gateFailed: 3
        case .overBudget: 4
        case .interrupted: 130
        }
    }

    /// The message to print (on standard output for help and version, else standard error)
    /// and the exit code, for anything a command throws.
    static func resolve(_ error: any Error, command: ParsableCommand.Type) -> (message: String, code: Int32) {
        if let exit = error as? CommandExit { return ("", code(for: exit)) }
        if let timeout = error as? DeadlineExceeded { return ("error: \(timeout)", 1) }
        if isRuntime(error) { return ("error: \(error)", 1) }
        let code = command.exitCode(for: error)
        let message = command.fullMessage(for: error)
        // One spelling for every error line the CLI prints; usage errors exit 1, not 64.
        let text = message.hasPrefix("Error: ") ? "error: " + message.dropFirst("Error: ".count) : message[...]
        return (subcommandHint(String(text), command: command), code == .validationFailure ? 1 : code.rawValue)
    }

    /// "Unexpected argument 'plna'": name the subcommand it was probably meant to be.
    private static func subcommandHint(_ message: String, command: ParsableCommand.Type) -> String {
        let prefix = "error: Unexpected argument '"
        guard message.hasPrefix(prefix) else { return message }
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let word = String(lines[0].dropFirst(prefix.count).prefix { $0 != "'" })
        // Every subcommand name, nested ones (state list) included: the error does not say which
        // level it came from.
        var names: [String] = []
        var pending = command.configuration.subcommands
        while let subcommand = pending.popLast() {
            if let name = subcommand.configuration.commandName { names.append(name) }
            pending += subcommand.configuration.subcommands
        }
        let hint = Suggestion.hint(for: word, in: names)
        guard !hint.isEmpty else { return message }
        return ([lines[0] + hint] + lines.dropFirst()).joined(separator: "\n")
    }

    /// Failures of the work itself, as opposed to the command line: no usage text.
    private static func isRuntime(_ error: any Error) -> Bool {
        !(error is ValidationError) && !(error is CleanExit) && !(error is ExitCode)
            && !String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    static func apply(_ status: ApplyOutcome.Status) throws(CommandExit) {
        switch status {
        case .applied: return
        case .interrupted: throw .interrupted
        case .overBudget: throw .overBudget
        case .notPlanned, .stale, .declined, .approvalUnavailable, .changesFailed, .timedOut: throw .failure
        }
    }
}

/// A failure of the work a command was asked to do (not of its command line): printed as
/// `error: …` without usage text, exit 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
