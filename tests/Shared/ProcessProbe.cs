namespace Glubina.Testing;

/// <summary>Linked into the test projects that keep per-run scratch folders named by process id: whether that
/// process still runs, so folders of ended runs can be removed (a test host may end without exit handlers).</summary>
internal static class ProcessProbe
{
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
