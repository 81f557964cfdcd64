using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), exactly as PyTorch's <c>torch.optim.AdamW</c>:
/// θ ← θ·(1 − lr·λ), then the <see cref="Adam"/> update without L2 in the gradient. The default weight decay is
/// 0.01, as in PyTorch. Hyper-parameters and state are those of <see cref="Adam"/>.
/// </summary>
public sealed class AdamW : Optimizer
{
    /// <summary>AdamW over one group of parameters.</summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : this([new ParamGroup(parameters)], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
    {
    }

    /// <summary>AdamW over several groups; the arguments are the defaults for values a group does not set.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(groups, AdamOptions.Defaults(lr, beta1, beta2, eps, weightDecay), AdamOptions.Flags(amsgrad, maximize))
    {
    }

    /// <summary>Whether the AMSGrad variant (running maximum of the second moment) is used.</summary>
    public bool Amsgrad => Flag("amsgrad");

    /// <summary>Whether the objective is maximized (the gradient's sign is flipped).</summary>
    public bool Maximize => Flag("maximize");

    /// <inheritdoc/>
    protected override string? CheckOptionValue(string name, double value) =>
        AdamOptions.Check(name, value) ?? base.CheckOptionValue(name, value);

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state) =>
        AdamUpdate.Update(group, parameter, grad, state, Amsgrad, Maximize, l2: 0, decoupled: group.WeightDecay);
}
