using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Training;

/// <summary>Stops training when the monitored value has not improved by more than <c>minDelta</c> for
/// <c>patience</c> epochs; optionally restores the weights of the best epoch (as Keras' EarlyStopping).</summary>
public sealed class EarlyStopping(string monitor = "val_loss", MonitorMode mode = MonitorMode.Auto, int patience = 0,
    double minDelta = 0, bool restoreBestWeights = false) : Callback
{
    private MonitorMode _mode;
    private double _best;
    private int _wait;
    private Dictionary<string, Tensor>? _bestWeights;

    /// <summary>The log value watched, e.g. "val_loss".</summary>
    public string MonitorName { get; } = monitor;

    /// <summary>Index of the best epoch seen so far (-1 before the first).</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>Best monitored value so far; ±∞ (the worst possible) from the start of training until the first epoch ends.</summary>
    public double BestValue => _best;

    /// <summary>Epoch at which training was stopped, or -1.</summary>
    public int StoppedEpoch { get; private set; } = -1;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">The patience is negative.</exception>
    public override void OnTrainBegin(TrainingContext context)
    {
        if (patience < 0)
            throw new ArgumentOutOfRangeException(nameof(patience), patience, "EarlyStopping: patience must be ≥ 0.");
        _mode = Monitor.Resolve(mode, MonitorName);
        _best = Monitor.Worst(_mode);
        _wait = 0;
        BestEpoch = -1;
        StoppedEpoch = -1;
        _bestWeights = null;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The monitored value is not in <paramref name="logs"/> (e.g. "val_loss" without validation data).</exception>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        double current = Monitor.Read(logs, MonitorName, nameof(EarlyStopping));
        if (Monitor.Improved(_mode, current, _best, Math.Abs(minDelta)) || BestEpoch < 0)
        {
            _best = current;
            BestEpoch = epoch;
            _wait = 0;
            if (restoreBestWeights)
                _bestWeights = context.Model.StateDict().ToDictionary(kv => kv.Key, kv => Snapshot(kv.Value));
            return;
        }
        _wait++;
        if (_wait > patience)
        {
            StoppedEpoch = epoch;
            context.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingContext context)
    {
        if (restoreBestWeights && _bestWeights is not null && BestEpoch != context.LastEpoch)
        {
            context.Model.LoadStateDict(_bestWeights);
            context.Log($"EarlyStopping: restored the weights of epoch {BestEpoch + 1} ({MonitorName} = {_best:G5}).");
        }
    }

    private static Tensor Snapshot(Tensor t)
    {
        using (GradMode.NoGrad())
        {
            Tensor copy = t.Detach().Clone();
            TensorScope.Release(copy);
            return copy;
        }
    }
}
