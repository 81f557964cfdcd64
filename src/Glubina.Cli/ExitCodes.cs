namespace Glubina.Cli;

/// <summary>The process exit codes of <c>glubina</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>A mistake the user can fix: a missing file, a bad option, an unknown column, a bad cell, a bad spec.</summary>
    public const int UserError = 1;

    /// <summary>A bug or an unexpected failure inside Glubina.</summary>
    public const int InternalError = 2;
}
