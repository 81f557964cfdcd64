using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// Adam with optional L2 weight decay (added to the gradient), AMSGrad and maximization, exactly as PyTorch's
/// <c>torch.optim.Adam</c>: g ← ±∇ + λθ; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
/// θ ← θ − lr/(1−β1^t) · m / (√v̂ / √(1−β2^t) + ε) with v̂ = v, or its running maximum with AMSGrad.
/// Hyper-parameters: <see cref="AdamOptions"/>.
/// State: <c>step</c>, <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c> (AMSGrad).
/// For decoupled weight decay use <see cref="AdamW"/>.
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Adam over one group of parameters.</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(parameters, new AdamOptions(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize))
    {
    }

    /// <summary>Adam over one group of parameters with the given options.</summary>
    public Adam(IEnumerable<Tensor> parameters, AdamOptions options) : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>Adam over several groups; <paramref name="defaults"/> (PyTorch's when null) are for groups without
    /// options of their own.</summary>
    public Adam(IEnumerable<ParamGroup> groups, AdamOptions? defaults = null) : base(groups, defaults ?? new AdamOptions())
    {
    }

    /// <summary>Whether the AMSGrad variant (running maximum of the second moment) is used.</summary>
    public bool Amsgrad => ((AdamOptions)Defaults).Amsgrad;

    /// <summary>Whether the objective is maximized (the gradient's sign is flipped).</summary>
    public bool Maximize => ((AdamOptions)Defaults).Maximize;

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state) =>
        AdamUpdate.Update((AdamOptions)group.Options, parameter, grad, state, decoupled: false);
}
