using System.CommandLine;

namespace Glubina.Cli;

/// <summary>Options every command takes.</summary>
internal sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON document with the results (and errors) instead of text.",
        Recursive = true,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Plain output: no live progress display (one line per epoch).",
        Recursive = true,
    };
}
