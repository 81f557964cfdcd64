using System.Collections.ObjectModel;

namespace Glubina.Optim;

/// <summary>
/// Lowers the learning rates when a metric stops improving (PyTorch's <c>ReduceLROnPlateau</c>). Call
/// <see cref="Step"/> with the metric once per epoch: after more than <c>patience</c> epochs without improvement
/// each group's rate becomes max(lr·factor, minLr), then <c>cooldown</c> epochs pass before counting again.
/// Changes smaller than <c>eps</c> are ignored.
/// </summary>
public sealed class ReduceLROnPlateau
{
    private readonly double[] _minLrs;
    private readonly double[] _lastLrs;
    private readonly ReadOnlyCollection<double> _lastLrsView;

    /// <summary>A plateau schedule with one minimum learning rate for every group.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1,
        int patience = 10, double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0,
        double minLr = 0, double eps = 1e-8)
        : this(optimizer, Enumerable.Repeat(minLr, optimizer?.ParamGroups.Count ?? 0).ToArray(), mode, factor, patience,
            threshold, thresholdMode, cooldown, eps)
    {
    }

    /// <summary>A plateau schedule with a minimum learning rate per group.</summary>
    /// <param name="optimizer">The optimizer whose learning rates are lowered.</param>
    /// <param name="minLrs">The smallest learning rate of each group.</param>
    /// <param name="mode">Whether lower or higher metric values are better.</param>
    /// <param name="factor">Factor applied to the rates on a plateau, in [0, 1).</param>
    /// <param name="patience">Epochs without improvement that are tolerated.</param>
    /// <param name="threshold">Smallest change that counts as an improvement.</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative or absolute.</param>
    /// <param name="cooldown">Epochs after a reduction before bad epochs are counted again.</param>
    /// <param name="eps">Smallest change of a rate that is applied.</param>
    public ReduceLROnPlateau(Optimizer optimizer, IReadOnlyList<double> minLrs, PlateauMode mode = PlateauMode.Min,
        double factor = 0.1, int patience = 10, double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel,
        int cooldown = 0, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(minLrs);
        if (minLrs.Count != optimizer.ParamGroups.Count)
            throw new ArgumentException(
                $"ReduceLROnPlateau: expected {optimizer.ParamGroups.Count} values for minLrs (one per param group), got {minLrs.Count}.",
                nameof(minLrs));
        if (!(factor >= 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor,
                $"ReduceLROnPlateau: factor must be in [0, 1), got {Optimizer.Format(factor)}.");
        if (patience < 0)
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"ReduceLROnPlateau: patience must be non-negative, got {patience}.");
        if (cooldown < 0)
            throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, $"ReduceLROnPlateau: cooldown must be non-negative, got {cooldown}.");
        if (!(threshold >= 0) || double.IsInfinity(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold,
                $"ReduceLROnPlateau: threshold must be finite and non-negative, got {Optimizer.Format(threshold)}.");
        if (mode is not (PlateauMode.Min or PlateauMode.Max))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "ReduceLROnPlateau: unknown mode.");
        if (thresholdMode is not (ThresholdMode.Rel or ThresholdMode.Abs))
            throw new ArgumentOutOfRangeException(nameof(thresholdMode), thresholdMode, "ReduceLROnPlateau: unknown threshold mode.");
        for (int i = 0; i < minLrs.Count; i++)
        {
            if (!(minLrs[i] >= 0) || double.IsInfinity(minLrs[i]))
                throw new ArgumentOutOfRangeException(nameof(minLrs), minLrs[i],
                    $"ReduceLROnPlateau: minLrs[{i}] must be finite and non-negative, got {Optimizer.Format(minLrs[i])}.");
        }
        Optimizer = optimizer;
        _minLrs = minLrs.ToArray();
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        Eps = eps;
        Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        _lastLrs = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        _lastLrsView = Array.AsReadOnly(_lastLrs);
    }

    /// <summary>The optimizer whose learning rates are lowered.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Whether lower or higher metric values are better.</summary>
    public PlateauMode Mode { get; }

    /// <summary>Factor applied to the rates on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement that are tolerated.</summary>
    public int Patience { get; }

    /// <summary>Smallest change that counts as an improvement.</summary>
    public double Threshold { get; }

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Epochs after a reduction before bad epochs are counted again.</summary>
    public int Cooldown { get; }

    /// <summary>Smallest change of a rate that is applied.</summary>
    public double Eps { get; }

    /// <summary>The smallest learning rate of each group.</summary>
    public IReadOnlyList<double> MinLrs => _minLrs;

    /// <summary>The best metric so far (±infinity before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive epochs without improvement (outside cooldown).</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Number of <see cref="Step"/> calls so far.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>The groups' learning rates after the latest step (their rates at construction before the first).</summary>
    public IReadOnlyList<double> GetLastLr() => _lastLrsView;

    /// <summary>Records the epoch's metric and lowers the learning rates if it has not improved for longer than
    /// the patience.</summary>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else
            NumBadEpochs++;
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            NumBadEpochs = 0;
        }
        if (NumBadEpochs > Patience)
        {
            ReduceLearningRates();
            CooldownCounter = Cooldown;
            NumBadEpochs = 0;
        }
        IReadOnlyList<ParamGroup> groups = Optimizer.ParamGroups;
        for (int i = 0; i < _lastLrs.Length && i < groups.Count; i++)
            _lastLrs[i] = groups[i].LearningRate;
    }

    private void ReduceLearningRates()
    {
        IReadOnlyList<ParamGroup> groups = Optimizer.ParamGroups;
        if (groups.Count != _minLrs.Length)
            throw new InvalidOperationException(
                $"ReduceLROnPlateau: the optimizer has {groups.Count} param groups now, the schedule was built for {_minLrs.Length}.");
        for (int i = 0; i < groups.Count; i++)
        {
            double old = groups[i].LearningRate;
            double lowered = Math.Max(old * Factor, _minLrs[i]);
            if (old - lowered > Eps)
                groups[i].LearningRate = lowered;
        }
    }

    private bool IsBetter(double a, double best) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => a < best * (1 - Threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => a < best - Threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => a > best * (Threshold + 1),
        _ => a > best + Threshold,
    };
}
