namespace Glubina.Optim;

/// <summary>The hyper-parameters of <see cref="Adagrad"/>, with PyTorch's defaults.</summary>
/// <param name="LearningRate">The step size (<c>lr</c>).</param>
/// <param name="LrDecay">The step size at step t is lr / (1 + (t − 1)·LrDecay) (<c>lr_decay</c>).</param>
/// <param name="WeightDecay">An L2 penalty added to the gradient (<c>weight_decay</c>).</param>
/// <param name="InitialAccumulatorValue">The starting value of the sum of squared gradients
/// (<c>initial_accumulator_value</c>).</param>
/// <param name="Eps">ε, added to the denominator for numerical stability (<c>eps</c>).</param>
/// <param name="Maximize">Whether the objective is maximized (the gradient's sign is flipped).</param>
public sealed record AdagradOptions(double LearningRate = 1e-2, double LrDecay = 0, double WeightDecay = 0,
    double InitialAccumulatorValue = 0, double Eps = 1e-10, bool Maximize = false) : OptimizerOptions(LearningRate, WeightDecay)
{
    private static readonly StateDictEntry[] s_stateDictEntries =
    [
        .. CommonStateDictEntries,
        StateDictEntry.Number<AdagradOptions>("lr_decay", o => o.LrDecay, (o, v) => o with { LrDecay = v }),
        StateDictEntry.Number<AdagradOptions>("initial_accumulator_value", o => o.InitialAccumulatorValue, (o, v) => o with { InitialAccumulatorValue = v }),
        StateDictEntry.Number<AdagradOptions>("eps", o => o.Eps, (o, v) => o with { Eps = v }),
        StateDictEntry.Switch<AdagradOptions>("maximize", o => o.Maximize),
    ];

    /// <inheritdoc/>
    protected internal override IReadOnlyList<StateDictEntry> StateDictEntries => s_stateDictEntries;

    /// <inheritdoc/>
    protected internal override void Validate(string where)
    {
        base.Validate(where);
        RequireNonNegative(where, nameof(LrDecay), LrDecay);
        RequireNonNegative(where, nameof(InitialAccumulatorValue), InitialAccumulatorValue);
        RequireNonNegative(where, nameof(Eps), Eps);
    }

}
