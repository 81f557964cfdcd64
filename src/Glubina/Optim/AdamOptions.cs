namespace Glubina.Optim;

/// <summary>The hyper-parameters of <see cref="Adam"/>, with PyTorch's defaults; <see cref="AdamWOptions"/> holds
/// the same values with AdamW's default weight decay.</summary>
/// <param name="LearningRate">The step size (<c>lr</c>).</param>
/// <param name="Beta1">β1, the decay of the running mean of the gradient (<c>betas[0]</c>).</param>
/// <param name="Beta2">β2, the decay of the running mean of its square (<c>betas[1]</c>).</param>
/// <param name="Eps">ε, added to the denominator for numerical stability (<c>eps</c>).</param>
/// <param name="WeightDecay">An L2 penalty added to the gradient; AdamW decays the weights directly (<c>weight_decay</c>).</param>
/// <param name="Amsgrad">Whether the AMSGrad variant (running maximum of the second moment) is used.</param>
/// <param name="Maximize">Whether the objective is maximized (the gradient's sign is flipped).</param>
public record AdamOptions(double LearningRate = 1e-3, double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8,
    double WeightDecay = 0, bool Amsgrad = false, bool Maximize = false) : OptimizerOptions(LearningRate, WeightDecay)
{
    private static readonly StateDictEntry[] s_stateDictEntries =
    [
        .. CommonStateDictEntries,
        StateDictEntry.Number<AdamOptions>("beta1", o => o.Beta1, (o, v) => o with { Beta1 = v }),
        StateDictEntry.Number<AdamOptions>("beta2", o => o.Beta2, (o, v) => o with { Beta2 = v }),
        StateDictEntry.Number<AdamOptions>("eps", o => o.Eps, (o, v) => o with { Eps = v }),
        StateDictEntry.Switch<AdamOptions>("amsgrad", o => o.Amsgrad),
        StateDictEntry.Switch<AdamOptions>("maximize", o => o.Maximize),
    ];

    /// <inheritdoc/>
    protected internal override IReadOnlyList<StateDictEntry> StateDictEntries => s_stateDictEntries;

    /// <inheritdoc/>
    protected internal override void Validate(string where)
    {
        base.Validate(where);
        Require(where, nameof(Beta1), Beta1, Beta1 >= 0 && Beta1 < 1, "must be in [0, 1)");
        Require(where, nameof(Beta2), Beta2, Beta2 >= 0 && Beta2 < 1, "must be in [0, 1)");
        RequireNonNegative(where, nameof(Eps), Eps);
    }

    /// <inheritdoc/>
    public override OptimizerOptions WithMomentum(double momentum) => this with { Beta1 = momentum };
}
