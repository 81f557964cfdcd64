namespace Glubina.Optim;

/// <summary>Multiplies each group's learning rate by <c>gamma</c> at every milestone epoch (PyTorch's
/// <c>MultiStepLR</c>); a milestone listed k times multiplies by gamma^k.</summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly Dictionary<int, int> _counts = [];

    /// <summary>A milestone schedule for <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The optimizer whose learning rates are set.</param>
    /// <param name="milestones">Epochs at which the rate decays (positive).</param>
    /// <param name="gamma">Factor applied at each milestone.</param>
    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        Schedules.CheckFactor("MultiStepLR", nameof(gamma), gamma);
        foreach (int m in milestones)
        {
            if (m < 1)
                throw new ArgumentOutOfRangeException(nameof(milestones), m, $"MultiStepLR: milestones must be positive epochs, got {m}.");
            _counts[m] = _counts.GetValueOrDefault(m) + 1;
        }
        Milestones = _counts.SelectMany(kv => Enumerable.Repeat(kv.Key, kv.Value)).Order().ToArray();
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>The milestones in increasing order (repeated ones repeated).</summary>
    public IReadOnlyList<int> Milestones { get; }

    /// <summary>Factor applied at each milestone.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double ComputeLearningRate(int group, double currentLr, double baseLr) =>
        _counts.TryGetValue(LastEpoch, out int count) ? currentLr * Math.Pow(Gamma, count) : currentLr;
}
