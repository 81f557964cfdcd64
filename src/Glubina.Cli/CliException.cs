namespace Glubina.Cli;

/// <summary>A user error with a message that says what is wrong, where, and what was expected; reported without a
/// stack trace and with exit code <see cref="ExitCodes.UserError"/>.</summary>
public sealed class CliException : Exception
{
    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
