using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter), exactly as PyTorch's <c>torch.optim.AdamW</c>:
/// θ ← θ·(1 − lr·λ), then the <see cref="Adam"/> update without L2 in the gradient. The default weight decay is
/// 0.01, as in PyTorch. Hyper-parameters: <see cref="AdamWOptions"/>; state as <see cref="Adam"/>'s.
/// </summary>
public sealed class AdamW : Optimizer
{
    /// <summary>AdamW over one group of parameters.</summary>
    public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : this(parameters, new AdamWOptions(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize))
    {
    }

    /// <summary>AdamW over one group of parameters with the given options.</summary>
    public AdamW(IEnumerable<Tensor> parameters, AdamWOptions options) : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>AdamW over several groups; <paramref name="defaults"/> (PyTorch's when null) are for groups without
    /// options of their own.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, AdamWOptions? defaults = null) : base(groups, defaults ?? new AdamWOptions())
    {
    }

    /// <summary>Whether the AMSGrad variant (running maximum of the second moment) is used.</summary>
    public bool Amsgrad => ((AdamWOptions)Defaults).Amsgrad;

    /// <summary>Whether the objective is maximized (the gradient's sign is flipped).</summary>
    public bool Maximize => ((AdamWOptions)Defaults).Maximize;

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state) =>
        AdamUpdate.Update((AdamWOptions)group.Options, parameter, grad, state, decoupled: true);
}
