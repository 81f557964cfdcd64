namespace Glubina.Cli.Tests;

/// <summary>--help works on every command and shows an example of it.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("quickstart")]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("predict")]
    [InlineData("summary")]
    [InlineData("profile")]
    [InlineData("inspect")]
    [InlineData("datasets")]
    [InlineData("datasets list")]
    [InlineData("datasets verify")]
    [InlineData("datasets download")]
    [InlineData("export")]
    [InlineData("serve")]
    public void Every_command_has_help_with_an_example(string command)
    {
        var result = Cli.Run([.. command.Split(' '), "--help"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Examples:", result.Output, StringComparison.Ordinal);
        Assert.Contains("  glubina " + command, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_help_lists_every_command()
    {
        var result = Cli.Run("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string command in new[] { "quickstart", "train", "evaluate", "predict", "summary", "profile", "inspect", "datasets" })
            Assert.Contains(command, result.Output, StringComparison.Ordinal);
    }
}
