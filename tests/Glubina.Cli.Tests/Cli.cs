using System.Text.Json.Nodes;

namespace Glubina.Cli.Tests;

/// <summary>Runs the glubina command in-process with captured output, offline, with its own cache folder and no
/// data folder unless a test gives one.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>The --json document printed on standard output.</summary>
        public JsonObject Json => JsonNode.Parse(Output) as JsonObject
            ?? throw new InvalidOperationException("standard output is not a JSON object:\n" + Output + "\nstderr:\n" + Error);

        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
    }

    public static Result Run(params string[] args) => Run(new Options(), args);

    public static Result Run(Options options, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, new CliEnvironment
        {
            Output = output,
            Error = error,
            DataFolder = options.DataFolder,
            CacheFolder = options.CacheFolder ?? Temp.Folder("cache"),
            AllowDownload = false,
            Cancellation = options.Cancellation,
        });
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs with --json and checks the command succeeded.</summary>
    public static JsonObject Json(params string[] args)
    {
        var result = Run([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json;
    }

    public sealed record Options
    {
        public string? DataFolder { get; init; }

        public string? CacheFolder { get; init; }

        public CancellationToken Cancellation { get; init; }
    }
}
