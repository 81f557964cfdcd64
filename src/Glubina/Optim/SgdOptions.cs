namespace Glubina.Optim;

/// <summary>The hyper-parameters of <see cref="Sgd"/>, with PyTorch's defaults (the learning rate has none).</summary>
/// <param name="LearningRate">The step size (<c>lr</c>).</param>
/// <param name="Momentum">The momentum factor μ; 0 for plain SGD (<c>momentum</c>).</param>
/// <param name="Dampening">τ: new gradients enter the momentum buffer scaled by 1 − τ (<c>dampening</c>).</param>
/// <param name="WeightDecay">An L2 penalty added to the gradient (<c>weight_decay</c>).</param>
/// <param name="Nesterov">Whether Nesterov momentum is used (needs momentum &gt; 0 and no dampening).</param>
/// <param name="Maximize">Whether the objective is maximized (the gradient's sign is flipped).</param>
public sealed record SgdOptions(double LearningRate, double Momentum = 0, double Dampening = 0, double WeightDecay = 0,
    bool Nesterov = false, bool Maximize = false) : OptimizerOptions(LearningRate, WeightDecay)
{
    private static readonly StateDictEntry[] s_stateDictEntries =
    [
        .. CommonStateDictEntries,
        StateDictEntry.Number<SgdOptions>("momentum", o => o.Momentum, (o, v) => o with { Momentum = v }),
        StateDictEntry.Number<SgdOptions>("dampening", o => o.Dampening, (o, v) => o with { Dampening = v }),
        StateDictEntry.Switch<SgdOptions>("nesterov", o => o.Nesterov),
        StateDictEntry.Switch<SgdOptions>("maximize", o => o.Maximize),
    ];

    /// <inheritdoc/>
    protected internal override IReadOnlyList<StateDictEntry> StateDictEntries => s_stateDictEntries;

    /// <inheritdoc/>
    protected internal override void Validate(string where)
    {
        base.Validate(where);
        RequireNonNegative(where, nameof(Momentum), Momentum);
        RequireFinite(where, nameof(Dampening), Dampening);
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
            throw new ArgumentException(
                $"{where}: Nesterov requires Momentum > 0 and Dampening = 0, got Momentum={Format(Momentum)} and " +
                $"Dampening={Format(Dampening)}.", nameof(Nesterov));
    }

    /// <inheritdoc/>
    public override OptimizerOptions WithMomentum(double momentum) => this with { Momentum = momentum };
}
