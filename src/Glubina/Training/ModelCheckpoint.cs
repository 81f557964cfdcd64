using System.Globalization;
using Glubina.Serialization;

namespace Glubina.Training;

/// <summary>
/// Saves the model during training, atomically: every epoch, or only when the monitored value improves
/// (<c>saveBestOnly</c>, the default). The path may contain <c>{epoch}</c>. With a <see cref="ModelSpec"/> the
/// file is a full model file (<see cref="ModelFile"/>); without one, the weights alone.
/// </summary>
public sealed class ModelCheckpoint(string path, string monitor = "val_loss", MonitorMode mode = MonitorMode.Auto,
    bool saveBestOnly = true, ModelSpec? spec = null) : Callback
{
    private MonitorMode _mode;
    private double _best;

    /// <summary>The file path as given; <c>{epoch}</c> in it becomes the 1-based epoch number.</summary>
    public string PathPattern { get; } = path;

    /// <summary>The log value watched when only improvements are saved (default "val_loss").</summary>
    public string MonitorName { get; } = monitor;

    /// <summary>Path of the last file written, or null.</summary>
    public string? LastSaved { get; private set; }

    /// <summary>Epoch of the last save (0-based), or -1.</summary>
    public int LastSavedEpoch { get; private set; } = -1;

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        _mode = Monitor.Resolve(mode, MonitorName);
        _best = Monitor.Worst(_mode);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(PathPattern.Replace("{epoch}", "0", StringComparison.Ordinal)));
        if (folder is not null)
            Directory.CreateDirectory(folder);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The monitored value is not in <paramref name="logs"/> (e.g. "val_loss" without validation data).</exception>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        if (saveBestOnly)
        {
            double current = Monitor.Read(logs, MonitorName, nameof(ModelCheckpoint));
            if (!Monitor.Improved(_mode, current, _best, 0))
                return;
            _best = current;
        }
        string file = PathPattern.Replace("{epoch}", (epoch + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (spec is not null)
            new ModelFile(context.Model, spec) { Metrics = logs.ToDictionary(kv => kv.Key, kv => kv.Value) }.Save(file);
        else
            ModelFile.SaveWeights(context.Model, file);
        LastSaved = file;
        LastSavedEpoch = epoch;
    }
}
