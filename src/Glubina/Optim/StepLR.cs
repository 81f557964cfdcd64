namespace Glubina.Optim;

/// <summary>Multiplies each group's learning rate by <c>gamma</c> every <c>stepSize</c> epochs
/// (PyTorch's <c>StepLR</c>): lr_e = base · gamma^⌊e / stepSize⌋.</summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>A step schedule for <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The optimizer whose learning rates are set.</param>
    /// <param name="stepSize">Epochs between decays (≥ 1).</param>
    /// <param name="gamma">Factor applied at each decay.</param>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize < 1)
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"StepLR: stepSize must be at least 1, got {stepSize}.");
        Schedules.CheckFactor("StepLR", nameof(gamma), gamma);
        StepSize = stepSize;
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>Factor applied at each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double ComputeLearningRate(int group, double currentLr, double baseLr) =>
        LastEpoch == 0 || LastEpoch % StepSize != 0 ? currentLr : currentLr * Gamma;
}
