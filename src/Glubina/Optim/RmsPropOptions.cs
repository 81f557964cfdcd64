namespace Glubina.Optim;

/// <summary>The hyper-parameters of <see cref="RmsProp"/>, with PyTorch's defaults.</summary>
/// <param name="LearningRate">The step size (<c>lr</c>).</param>
/// <param name="Alpha">α, the decay of the running mean of the squared gradient (<c>alpha</c>).</param>
/// <param name="Eps">ε, added to the denominator for numerical stability (<c>eps</c>).</param>
/// <param name="WeightDecay">An L2 penalty added to the gradient (<c>weight_decay</c>).</param>
/// <param name="Momentum">The momentum factor; 0 for none (<c>momentum</c>).</param>
/// <param name="Centered">Whether the second moment is centered by the running mean of the gradient.</param>
/// <param name="Maximize">Whether the objective is maximized (the gradient's sign is flipped).</param>
public sealed record RmsPropOptions(double LearningRate = 1e-2, double Alpha = 0.99, double Eps = 1e-8,
    double WeightDecay = 0, double Momentum = 0, bool Centered = false, bool Maximize = false)
    : OptimizerOptions(LearningRate, WeightDecay)
{
    private static readonly StateDictEntry[] s_stateDictEntries =
    [
        .. CommonStateDictEntries,
        StateDictEntry.Number<RmsPropOptions>("alpha", o => o.Alpha, (o, v) => o with { Alpha = v }),
        StateDictEntry.Number<RmsPropOptions>("eps", o => o.Eps, (o, v) => o with { Eps = v }),
        StateDictEntry.Number<RmsPropOptions>("momentum", o => o.Momentum, (o, v) => o with { Momentum = v }),
        StateDictEntry.Switch<RmsPropOptions>("centered", o => o.Centered),
        StateDictEntry.Switch<RmsPropOptions>("maximize", o => o.Maximize),
    ];

    /// <inheritdoc/>
    protected internal override IReadOnlyList<StateDictEntry> StateDictEntries => s_stateDictEntries;

    /// <inheritdoc/>
    protected internal override void Validate(string where)
    {
        base.Validate(where);
        RequireNonNegative(where, nameof(Alpha), Alpha);
        RequireNonNegative(where, nameof(Eps), Eps);
        RequireNonNegative(where, nameof(Momentum), Momentum);
    }

    /// <inheritdoc/>
    public override OptimizerOptions WithMomentum(double momentum) => this with { Momentum = momentum };
}
