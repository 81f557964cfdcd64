namespace Glubina.Cli.Runs;

/// <summary>The task names stored in model files.</summary>
internal static class Tasks
{
    public const string Classification = "classification";

    public const string Regression = "regression";

    public static bool IsRegression(string? task) => string.Equals(task, Regression, StringComparison.OrdinalIgnoreCase);
}
