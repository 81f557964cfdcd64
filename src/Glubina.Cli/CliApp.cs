using System.CommandLine;
using System.CommandLine.Help;
using Glubina.Cli.Commands;

namespace Glubina.Cli;

/// <summary>
/// The <c>glubina</c> command line: builds the commands and runs one. <see cref="Run(string[])"/> is the program's
/// entry; the overload with writers runs a command in-process with captured output (tests do).
/// Exit codes: <see cref="ExitCodes"/>.
/// </summary>
public static class CliApp
{
    /// <summary>Runs a command on the real console.</summary>
    public static int Run(string[] args) => Run(args, new CliEnvironment());

    /// <summary>Runs a command writing to <paramref name="output"/> and <paramref name="error"/> (never a live display).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default) =>
        Run(args, new CliEnvironment { Output = output, Error = error, Cancellation = cancellation });

    /// <summary>Runs a command in <paramref name="environment"/>.</summary>
    public static int Run(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        bool terminal = environment.Output is null && !Console.IsOutputRedirected;
        var console = new CliConsole(environment.Output ?? Console.Out, environment.Error ?? Console.Error, terminal, environment.Cancellation,
            processConsole: environment.Output is null);
        Command root = CreateRoot(console, environment);
        ParseResult parsed = root.Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // training handles Ctrl+C itself: stop after the batch, keep the best weights
        };
        try
        {
            return parsed.Invoke(invocation);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, console);
        }
        finally
        {
            console.Out.Flush();
            console.Error.Flush();
        }
    }

    // A plain command named "glubina" (a RootCommand takes the executable's name, Glubina.Cli under dotnet run).
    private static Command CreateRoot(CliConsole console, CliEnvironment environment)
    {
        var globals = new GlobalOptions();
        var help = new HelpOption();
        var context = new CommandContext(console, environment, globals);
        Command root = context.Command("glubina",
            "Train, evaluate, predict with, summarise and profile deep-learning models from the terminal. Exit codes: 0 success, " +
            "1 a mistake in the input (the message says what and where), 2 an internal error.",
            "glubina quickstart",
            "glubina train --data iris.csv --target species --out runs/iris",
            "glubina <command> --help");
        root.Add(help);
        root.Add(new VersionOption());
        root.Add(globals.Json);
        root.Add(globals.Quiet);
        root.Add(QuickstartCommand.Create(context));
        root.Add(TrainCommand.Create(context));
        root.Add(EvaluateCommand.Create(context));
        root.Add(PredictCommand.Create(context));
        root.Add(SummaryCommand.Create(context));
        root.Add(ProfileCommand.Create(context));
        root.Add(InspectCommand.Create(context));
        root.Add(DatasetsCommand.Create(context));
        root.Add(ExportCommand.Create(context));
        root.Add(ServeCommand.Create(context));
        help.Action = new ExamplesHelpAction((HelpAction)help.Action!, context.Examples);
        return root;
    }
}
