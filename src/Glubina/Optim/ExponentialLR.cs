namespace Glubina.Optim;

/// <summary>Multiplies each group's learning rate by <c>gamma</c> every epoch (PyTorch's <c>ExponentialLR</c>):
/// lr_e = base · gamma^e.</summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>An exponential schedule for <paramref name="optimizer"/>.</summary>
    public ExponentialLR(Optimizer optimizer, double gamma) : base(optimizer)
    {
        Schedules.CheckFactor("ExponentialLR", nameof(gamma), gamma);
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>Factor applied every epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double ComputeLearningRate(int group, double currentLr, double baseLr) =>
        LastEpoch == 0 ? currentLr : currentLr * Gamma;
}
