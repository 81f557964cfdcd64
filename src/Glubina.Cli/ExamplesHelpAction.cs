using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Glubina.Cli;

/// <summary>The standard --help, followed by the examples of the command asked about.</summary>
internal sealed class ExamplesHelpAction(HelpAction inner, IReadOnlyDictionary<Command, string[]> examples) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        int code = inner.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out string[]? lines) && lines.Length > 0)
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (string line in lines)
                output.WriteLine("  " + line);
            output.WriteLine();
        }
        return code;
    }
}
