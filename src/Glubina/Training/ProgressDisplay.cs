using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Glubina.Training;

/// <summary>
/// Shows training progress a person can watch. In a terminal: a live bar per epoch, redrawn in place, with
/// the batch count, ETA, running loss and metrics and samples/s. When output is redirected (CI, files) or
/// <c>live</c> is false: one plain line per epoch. Either way each epoch ends with a line of its final logs.
/// </summary>
public sealed class ProgressDisplay : Callback
{
    private const int BarWidth = 24;
    private readonly TextWriter _out;
    private readonly bool _live;
    private readonly Stopwatch _epochClock = new();
    private readonly Stopwatch _redrawClock = new();
    private long _samples;

    /// <param name="output">Where to write (default: the console).</param>
    /// <param name="live">Redraw a bar in place; default: only when the console is an interactive terminal.</param>
    public ProgressDisplay(TextWriter? output = null, bool? live = null)
    {
        _out = output ?? Console.Out;
        _live = live ?? (output is null && !Console.IsOutputRedirected);
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(TrainingContext context, int epoch)
    {
        _epochClock.Restart();
        _redrawClock.Restart();
        _samples = 0;
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(TrainingContext context, int batch, IReadOnlyDictionary<string, double> logs)
    {
        _samples += context.LastBatchSize;
        if (!_live || (_redrawClock.ElapsedMilliseconds < 100 && batch + 1 < context.StepsPerEpoch))
            return;
        _redrawClock.Restart();
        int steps = Math.Max(context.StepsPerEpoch, 1);
        double done = (double)(batch + 1) / steps;
        int filled = (int)Math.Round(done * BarWidth);
        double elapsed = _epochClock.Elapsed.TotalSeconds;
        double eta = done > 0 ? elapsed / done - elapsed : 0;
        var line = new StringBuilder()
            .Append('\r').Append(EpochLabel(context)).Append(' ')
            .Append('[').Append('=', Math.Max(filled - 1, 0)).Append(filled > 0 && filled < BarWidth ? ">" : filled == BarWidth ? "=" : "")
            .Append('.', BarWidth - filled).Append("] ")
            .Append(batch + 1).Append('/').Append(steps)
            .Append(" - ETA ").Append(FormatSeconds(eta))
            .Append(" - ").Append(FormatLogs(logs))
            .Append(" - ").Append(Rate(elapsed)).Append(" samples/s");
        _out.Write(line.ToString().PadRight(120));
        _out.Flush();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double elapsed = _epochClock.Elapsed.TotalSeconds;
        string text = $"{EpochLabel(context)} - {FormatSeconds(elapsed)} - {FormatLogs(logs)} - {Rate(elapsed)} samples/s";
        _out.WriteLine(_live ? "\r" + text.PadRight(120) : text);
        _out.Flush();
    }

    private static string EpochLabel(TrainingContext context)
    {
        string total = context.Epochs.ToString(CultureInfo.InvariantCulture);
        return $"Epoch {(context.Epoch + 1).ToString(CultureInfo.InvariantCulture).PadLeft(total.Length)}/{total}";
    }

    private string Rate(double seconds) =>
        (seconds > 0 ? _samples / seconds : 0).ToString("N0", CultureInfo.InvariantCulture);

    internal static string FormatLogs(IReadOnlyDictionary<string, double> logs) =>
        string.Join(" - ", logs.Where(kv => kv.Key != "epoch_seconds")
            .Select(kv => $"{kv.Key}: {kv.Value.ToString(kv.Key == "lr" ? "G3" : "F4", CultureInfo.InvariantCulture)}"));

    private static string FormatSeconds(double s) => s >= 3600
        ? TimeSpan.FromSeconds(s).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : s >= 60 ? TimeSpan.FromSeconds(s).ToString(@"m\:ss", CultureInfo.InvariantCulture) : s.ToString("F1", CultureInfo.InvariantCulture) + "s";
}
