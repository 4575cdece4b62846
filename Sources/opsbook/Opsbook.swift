import ArgumentParser

/// The `opsbook` command: a handbook and a daily planner from one folder of plain text.
@main
struct Opsbook: ParsableCommand {
    // Every command names itself: a name derived from the type costs a demangling at each start-up.
    static let configuration = CommandConfiguration(
        commandName: "opsbook", abstract: "Build the operations handbook and run the team's daily task sheets.",
        subcommands: [Build.self, Check.self, Assign.self, Done.self, NotDone.self, Reopen.self, Drop.self, Today.self]
    )
}

/// Options every command takes.
struct RootOptions: ParsableArguments {
    @Option(name: .long, help: "The team's folder, holding content/ and templates/.")
    var root: String = "."
}
