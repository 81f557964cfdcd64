using System.CommandLine;
using System.Text.Json.Nodes;

namespace Glubina.Cli;

/// <summary>What every command needs: the console, the environment and the global options; and the one way a
/// command runs (global options read, the result printed as JSON with --json).</summary>
internal sealed class CommandContext(CliConsole console, CliEnvironment environment, GlobalOptions globals)
{
    public CliConsole Console { get; } = console;

    public CliEnvironment Environment { get; } = environment;

    /// <summary>Examples of every command, shown at the end of its --help.</summary>
    public Dictionary<Command, string[]> Examples { get; } = [];

    /// <summary>A command whose --help ends with <paramref name="examples"/>.</summary>
    public Command Command(string name, string description, params string[] examples)
    {
        var command = new Command(name, description);
        Examples[command] = examples;
        return command;
    }

    /// <summary>Sets the command's action: <paramref name="run"/> returns the result for --json (its text output goes
    /// through <see cref="Console"/>); exceptions go to <see cref="ErrorReporter"/> in <see cref="CliApp"/>.</summary>
    public void SetAction(Command command, Func<ParseResult, JsonObject> run) => command.SetAction(parsed =>
    {
        Console.Json = parsed.GetValue(globals.Json);
        Console.Quiet = parsed.GetValue(globals.Quiet);
        JsonObject result = run(parsed);
        if (Console.Json)
        {
            var document = new JsonObject { ["ok"] = true, ["command"] = command.Name };
            foreach (var (key, value) in result)
                document[key] = value?.DeepClone();
            Console.WriteJson(document);
        }
        return ExitCodes.Success;
    });
}
