namespace Glubina.Optim;

/// <summary>
/// Cosine annealing from each group's base rate down to <c>etaMin</c> over <c>tMax</c> epochs (PyTorch's
/// <c>CosineAnnealingLR</c>): lr_e = etaMin + (base − etaMin)·(1 + cos(π·e/tMax))/2. Like PyTorch it uses the
/// recursive form (each rate from the previous one), which matches PyTorch's values exactly and keeps going
/// after tMax (the rate climbs back up over the next tMax epochs).
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>A cosine schedule for <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The optimizer whose learning rates are set.</param>
    /// <param name="tMax">Epochs of the half cosine (≥ 1).</param>
    /// <param name="etaMin">The smallest learning rate.</param>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0) : base(optimizer)
    {
        if (tMax < 1)
            throw new ArgumentOutOfRangeException(nameof(tMax), tMax, $"CosineAnnealingLR: tMax must be at least 1, got {tMax}.");
        if (!(etaMin >= 0) || double.IsInfinity(etaMin))
            throw new ArgumentOutOfRangeException(nameof(etaMin), etaMin,
                $"CosineAnnealingLR: etaMin must be finite and non-negative, got {Optimizer.Format(etaMin)}.");
        TMax = tMax;
        EtaMin = etaMin;
        InitialStep();
    }

    /// <summary>Epochs of the half cosine.</summary>
    public int TMax { get; }

    /// <summary>The smallest learning rate.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    protected override double ComputeLearningRate(int group, double currentLr, double baseLr)
    {
        int e = LastEpoch;
        if (e == 0)
            return currentLr;
        if ((e - 1 - TMax) % (2 * TMax) == 0)
            return currentLr + (baseLr - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2;
        return (1 + Math.Cos(Math.PI * e / TMax)) / (1 + Math.Cos(Math.PI * (e - 1) / TMax)) * (currentLr - EtaMin) + EtaMin;
    }
}
