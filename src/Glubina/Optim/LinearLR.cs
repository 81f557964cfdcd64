namespace Glubina.Optim;

/// <summary>
/// Scales each group's learning rate by a factor that moves linearly from <c>startFactor</c> to <c>endFactor</c>
/// over <c>totalIters</c> epochs, then stays (PyTorch's <c>LinearLR</c>; a linear warm-up with the defaults).
/// </summary>
public sealed class LinearLR : LRScheduler
{
    /// <summary>A linear schedule for <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The optimizer whose learning rates are set.</param>
    /// <param name="startFactor">Factor at epoch 0, in (0, 1].</param>
    /// <param name="endFactor">Factor from epoch <paramref name="totalIters"/> on, in [0, 1].</param>
    /// <param name="totalIters">Epochs over which the factor changes (≥ 1).</param>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
        : base(optimizer)
    {
        if (!(startFactor > 0 && startFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor,
                $"LinearLR: startFactor must be in (0, 1], got {Optimizer.Format(startFactor)}.");
        if (!(endFactor >= 0 && endFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(endFactor), endFactor,
                $"LinearLR: endFactor must be in [0, 1], got {Optimizer.Format(endFactor)}.");
        if (totalIters < 1)
            throw new ArgumentOutOfRangeException(nameof(totalIters), totalIters,
                $"LinearLR: totalIters must be at least 1, got {totalIters}.");
        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
        InitialStep();
    }

    /// <summary>Factor at epoch 0.</summary>
    public double StartFactor { get; }

    /// <summary>Factor from epoch <see cref="TotalIters"/> on.</summary>
    public double EndFactor { get; }

    /// <summary>Epochs over which the factor changes.</summary>
    public int TotalIters { get; }

    /// <inheritdoc/>
    protected override double ComputeLearningRate(int group, double currentLr, double baseLr)
    {
        int e = LastEpoch;
        if (e == 0)
            return currentLr * StartFactor;
        if (e > TotalIters)
            return currentLr;
        return currentLr * (1.0 + (EndFactor - StartFactor) /
            (TotalIters * StartFactor + (e - 1) * (EndFactor - StartFactor)));
    }
}
