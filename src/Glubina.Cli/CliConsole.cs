using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Glubina.Cli;

/// <summary>
/// Where a command writes: human text to <see cref="Out"/> (unless <see cref="Json"/>), errors to <see cref="Error"/>,
/// one JSON document to <see cref="Out"/> with <c>--json</c>. <see cref="Live"/> is true only for a real terminal
/// without <c>--quiet</c> or <c>--json</c>: then training shows Spectre.Console's live progress; otherwise it prints
/// one plain line per epoch.
/// </summary>
internal sealed class CliConsole
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public CliConsole(TextWriter output, TextWriter error, bool terminal, CancellationToken cancellation, bool processConsole = false)
    {
        ProcessConsole = processConsole;
        Out = output;
        Error = error;
        Terminal = terminal;
        Cancellation = cancellation;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Output goes to an interactive terminal (not redirected, not captured by a test).</summary>
    public bool Terminal { get; }

    /// <summary>Writing to the process's own console: Ctrl+C is handled (stop after the batch), terminal or not.</summary>
    public bool ProcessConsole { get; }

    /// <summary>Cancelled by Ctrl+C (or by a test): training stops after the current batch.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Machine-readable output: one JSON document on <see cref="Out"/>, nothing else.</summary>
    public bool Json { get; set; }

    /// <summary>Plain output, no live display.</summary>
    public bool Quiet { get; set; }

    public bool Live => Terminal && !Quiet && !Json;

    /// <summary>A Spectre console over <see cref="Out"/>, with colours and live displays only in a terminal.</summary>
    public IAnsiConsole CreateAnsi() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Out),
        Ansi = Terminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = Terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = Terminal ? InteractionSupport.Detect : InteractionSupport.No,
    });

    /// <summary>A line of human text (suppressed with <c>--json</c>).</summary>
    public void Line(string text = "")
    {
        if (!Json)
            Out.WriteLine(text);
    }

    public void WriteJson(JsonNode node) => Out.WriteLine(node.ToJsonString(Indented));
}
