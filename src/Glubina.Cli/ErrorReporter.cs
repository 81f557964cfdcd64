using System.Text.Json.Nodes;
using Glubina.Data.Csv;

namespace Glubina.Cli;

/// <summary>Turns an exception that escaped a command into a message and an exit code: errors a user can act on
/// (missing files, bad data, bad specs, unwritable folders) get their message alone and exit code 1; anything else is
/// an internal error (exit code 2), with the stack trace only when <c>GLUBINA_DEBUG</c> is set.</summary>
internal static class ErrorReporter
{
    public static int Report(Exception error, CliConsole console)
    {
        bool user = IsUserError(error);
        string message = user ? error.Message : $"internal error: {error.GetType().Name}: {error.Message}";
        int code = user ? ExitCodes.UserError : ExitCodes.InternalError;
        if (console.Json)
        {
            console.WriteJson(new JsonObject { ["ok"] = false, ["exit_code"] = code, ["error"] = message });
            return code;
        }
        console.Error.WriteLine("error: " + message);
        if (!user)
        {
            console.Error.WriteLine(Environment.GetEnvironmentVariable("GLUBINA_DEBUG") is { Length: > 0 }
                ? error.ToString()
                : "This is a bug in Glubina; set GLUBINA_DEBUG=1 to print the stack trace and report it.");
        }
        return code;
    }

    /// <summary>Exceptions whose message already tells the user what to fix.</summary>
    public static bool IsUserError(Exception error) => error is CliException or CsvFormatException or FileNotFoundException
        or DirectoryNotFoundException or UnauthorizedAccessException or PathTooLongException
        || (error is FormatException && error.Message.Length > 0)
        || (error is IOException && error.GetType() == typeof(IOException));
}
