using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// A set of parameters that an <see cref="Optimizer"/> updates with the same hyper-parameters, like one entry of
/// PyTorch's <c>optimizer.param_groups</c>. A group given no <see cref="OptimizerOptions"/> takes its optimizer's
/// defaults; one of its own is usually the defaults changed with <c>with</c>:
/// <code>
/// var defaults = new SgdOptions(LearningRate: 1e-2, Momentum: 0.9);
/// var opt = new Sgd([new ParamGroup(backbone), new ParamGroup(head, defaults with { LearningRate = 1e-3 })], defaults);
/// </code>
/// Once owned by an optimizer, a change is checked (schedulers change <see cref="LearningRate"/> this way).
/// </summary>
public sealed class ParamGroup
{
    private Optimizer? _owner;
    private OptimizerOptions? _options;

    /// <summary>A group of the given parameters (floating-point tensors, each listed once), with
    /// <paramref name="options"/> of its own or, when null, its optimizer's defaults.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, OptimizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i] is null)
                throw new ArgumentException($"ParamGroup: parameter {i} is null.", nameof(parameters));
            if (!Parameters[i].DType.IsFloatingPoint())
                throw new ArgumentException(
                    $"ParamGroup: parameter {i} is {Parameters[i].DType.Name()} with shape " +
                    $"{ShapeMath.Format(Parameters[i].Shape)}; only float32 and float64 tensors can be optimized.",
                    nameof(parameters));
        }
        States = new ParameterState?[Parameters.Length];
        _options = options;
    }

    /// <summary>The parameters of this group, in order.</summary>
    public Tensor[] Parameters { get; }

    /// <summary>The hyper-parameters used for this group's next step: the ones it was given, else (once added to
    /// an optimizer) the optimizer's defaults. Setting it on an owned group checks the options first.</summary>
    public OptimizerOptions Options
    {
        get => _options ?? throw new InvalidOperationException(
            "ParamGroup: the group has no options yet; it takes its optimizer's defaults when it is given to one.");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _owner?.CheckOptions(value, Index);
            _options = value;
        }
    }

    /// <summary>The learning rate used for this group's next step.</summary>
    public double LearningRate
    {
        get => Options.LearningRate;
        set => Options = Options with { LearningRate = value };
    }

    /// <summary>The weight decay: an L2 penalty, or decoupled decay for <see cref="AdamW"/>.</summary>
    public double WeightDecay
    {
        get => Options.WeightDecay;
        set => Options = Options with { WeightDecay = value };
    }

    /// <summary>Position of the group in its optimizer's <see cref="Optimizer.ParamGroups"/> (-1 before it is added).</summary>
    public int Index { get; private set; } = -1;

    // Per-parameter optimizer state, aligned with Parameters; created lazily by the optimizer.
    internal ParameterState?[] States { get; }

    internal bool IsOwned => _owner is not null;

    // Before the group is added: the options it was given, or null to take the optimizer's defaults.
    internal OptimizerOptions? OwnOptions => _options;

    internal void Attach(Optimizer owner, int index)
    {
        _owner = owner;
        Index = index;
        _options ??= owner.Defaults;
    }

    // Installs options the optimizer has already checked (LoadStateDict).
    internal void SetOptionsUnchecked(OptimizerOptions options) => _options = options;

    /// <summary>The group as text, e.g. <c>ParamGroup 0 (2 parameters, SgdOptions { LearningRate = 0.01, … })</c>.</summary>
    public override string ToString() =>
        $"ParamGroup{(Index >= 0 ? $" {Index}" : "")} ({Parameters.Length} parameters, " +
        $"{_options?.ToString() ?? "the optimizer's defaults"})";
}
