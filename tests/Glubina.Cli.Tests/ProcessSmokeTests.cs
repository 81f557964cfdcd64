using System.Diagnostics;

namespace Glubina.Cli.Tests;

/// <summary>The built program itself, started as a process: the real entry point, standard streams and exit codes.</summary>
public sealed class ProcessSmokeTests
{
    private static (int Code, string Output, string Error) Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Glubina.Cli.dll"));
        foreach (string a in args)
            info.ArgumentList.Add(a);
        info.Environment["GLUBINA_NUM_THREADS"] = "1";
        using var process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "glubina did not finish within 60 s");
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void The_program_trains_with_plain_output_and_exits_with_the_documented_codes()
    {
        string folder = Temp.Folder("smoke");
        var trained = Start("train", "--data", SharedData.PathOf("iris", "iris.plain.csv"), "--target", "target", "--epochs", "3", "--out", folder);
        Assert.True(trained.Code == 0, trained.Output + trained.Error);
        // Redirected output: one plain line per epoch, no live display.
        Assert.Equal(3, trained.Output.Split('\n').Count(l => l.StartsWith("Epoch ", StringComparison.Ordinal)));
        Assert.DoesNotContain("\u001b[", trained.Output, StringComparison.Ordinal);

        var missing = Start("predict", "--model", Path.Combine(folder, "model.safetensors"), "--data", "/nonexistent.csv", "--out", Path.Combine(folder, "p.csv"));
        Assert.Equal(ExitCodes.UserError, missing.Code);
        Assert.StartsWith("error: data file not found", missing.Error, StringComparison.Ordinal);
    }
}
