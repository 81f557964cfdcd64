namespace Glubina.Training;

/// <summary>Whether a monitored value should go down (loss) or up (accuracy); Auto guesses from the name.</summary>
public enum MonitorMode
{
    /// <summary>Max when the name (without "val_") contains an accuracy-like word (acc, auc, f1, precision, recall,
    /// r2, average_precision, top), else Min.</summary>
    Auto,
    /// <summary>Lower is better (losses, errors).</summary>
    Min,
    /// <summary>Higher is better (accuracy, F1, AUC).</summary>
    Max,
}

/// <summary>Comparison of monitored values shared by the callbacks that watch a metric.</summary>
internal static class Monitor
{
    /// <summary>Min for losses and errors, Max for accuracy-like names, as Keras' "auto".</summary>
    public static MonitorMode Resolve(MonitorMode mode, string monitor)
    {
        if (mode != MonitorMode.Auto)
            return mode;
        string name = monitor.StartsWith("val_", StringComparison.Ordinal) ? monitor[4..] : monitor;
        string[] higherIsBetter = ["acc", "accuracy", "auc", "f1", "precision", "recall", "r2", "average_precision", "top"];
        return higherIsBetter.Any(h => name.Contains(h, StringComparison.OrdinalIgnoreCase)) ? MonitorMode.Max : MonitorMode.Min;
    }

    /// <summary>True when <paramref name="current"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>.</summary>
    public static bool Improved(MonitorMode mode, double current, double best, double minDelta) =>
        !double.IsNaN(current) && (mode == MonitorMode.Min ? current < best - minDelta : current > best + minDelta);

    public static double Worst(MonitorMode mode) => mode == MonitorMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    public static double Read(IReadOnlyDictionary<string, double> logs, string monitor, string owner) =>
        logs.TryGetValue(monitor, out double v)
            ? v
            : throw new InvalidOperationException(
                $"{owner}: the monitored value '{monitor}' is not in the epoch logs (available: {string.Join(", ", logs.Keys)}). " +
                "Validation values need validation data.");
}
