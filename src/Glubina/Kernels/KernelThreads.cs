namespace Glubina.Kernels;

/// <summary>
/// How many threads the kernels may use. Defaults to <c>GLUBINA_NUM_THREADS</c> when set, else the
/// processor count. A fixed seed and a fixed thread count give bit-identical results.
/// </summary>
public static class KernelThreads
{
    private static int _count = ReadDefault();

    /// <summary>Number of threads kernels may use (at least 1).</summary>
    public static int Count
    {
        get => _count;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "KernelThreads.Count must be at least 1.");
            _count = value;
        }
    }

    private static int ReadDefault()
    {
        string? text = Environment.GetEnvironmentVariable("GLUBINA_NUM_THREADS");
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (int.TryParse(text, out int n) && n >= 1)
                return n;
            throw new InvalidOperationException(
                $"GLUBINA_NUM_THREADS must be a positive integer, got '{text}'.");
        }
        return Math.Max(1, Environment.ProcessorCount);
    }
}
