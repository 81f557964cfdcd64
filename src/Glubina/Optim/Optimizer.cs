using System.Globalization;
using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// Base of the optimizers: holds the <see cref="ParamGroup"/>s with their hyper-parameters (an
/// <see cref="OptimizerOptions"/> record each) and the per-parameter state, and applies <see cref="Update"/> to every
/// parameter that has a gradient. A derived optimizer takes its options record as defaults and writes the update for
/// one parameter; state buffers come from <see cref="ParameterState.GetOrAddBuffer"/>, so a step in steady state
/// allocates nothing.
/// <code>
/// var opt = new Adam(model.Parameters(), lr: 1e-3);
/// for (…) { opt.ZeroGrad(setToNone: false); loss.Backward(); opt.Step(); }
/// </code>
/// </summary>
public abstract partial class Optimizer
{
    private readonly List<ParamGroup> _groups = [];
    private readonly HashSet<Tensor> _parameters = new(ReferenceEqualityComparer.Instance);

    /// <summary>An optimizer of the given groups; a group without options of its own takes
    /// <paramref name="defaults"/>, whose type is the options type of this optimizer.</summary>
    protected Optimizer(IEnumerable<ParamGroup> groups, OptimizerOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(defaults);
        defaults.Validate(Name);
        Defaults = defaults;
        foreach (ParamGroup group in groups)
            AddParamGroup(group);
        if (_parameters.Count == 0)
            throw new ArgumentException($"{Name}: got an empty parameter list; pass the model's parameters.", nameof(groups));
    }

    /// <summary>The optimizer's name in messages and in <see cref="OptimizerState.OptimizerType"/>.</summary>
    public string Name => GetType().Name;

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>The hyper-parameters of groups that were given none of their own. Its switches (nesterov, amsgrad,
    /// maximize, …) hold for every group.</summary>
    public OptimizerOptions Defaults { get; }

    /// <summary>The learning rate of the first group, which is every group's unless groups were given their own
    /// (read <see cref="ParamGroup.LearningRate"/> of each group then); setting it sets every group.</summary>
    public double LearningRate
    {
        get => _groups[0].LearningRate;
        set
        {
            foreach (ParamGroup group in _groups)
                group.LearningRate = value;
        }
    }

    /// <summary>Adds a group (PyTorch's <c>add_param_group</c>); without options of its own it takes the defaults.</summary>
    public void AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        int index = _groups.Count;
        if (group.IsOwned)
            throw new ArgumentException($"{Name}: param group {index} already belongs to an optimizer.", nameof(group));
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < group.Parameters.Length; i++)
        {
            Tensor p = group.Parameters[i];
            if (_parameters.Contains(p) || !seen.Add(p))
                throw new ArgumentException(
                    $"{Name}: parameter {i} of param group {index} (shape {ShapeMath.Format(p.Shape)}) appears more than " +
                    "once across the param groups; each parameter may be listed once.", nameof(group));
        }
        if (group.OwnOptions is { } own)
            CheckOptions(own, index);
        _parameters.UnionWith(group.Parameters);
        group.Attach(this, index);
        _groups.Add(group);
    }

    /// <summary>Updates every parameter that has a gradient, in place and without recording for autograd.
    /// Parameters whose <see cref="Tensor.Grad"/> is null are skipped and their state does not advance.</summary>
    public void Step()
    {
        using var noGrad = GradMode.NoGrad();
        for (int g = 0; g < _groups.Count; g++)
        {
            ParamGroup group = _groups[g];
            Tensor[] parameters = group.Parameters;
            for (int i = 0; i < parameters.Length; i++)
            {
                Tensor p = parameters[i];
                if (p.Grad is not { } grad)
                    continue;
                grad = CheckGradient(p, grad, g, i);
                ParameterState state = group.States[i] ??= new ParameterState(p);
                Update(group, p, grad, state);
                p.MarkModified();
            }
        }
    }

    /// <summary>Clears the gradients of all parameters. With <paramref name="setToNone"/> (the default) each
    /// <see cref="Tensor.Grad"/> becomes null; otherwise existing gradient buffers are zeroed in place, so the next
    /// backward pass accumulates into them and steady-state training allocates no gradient memory.</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        using var noGrad = GradMode.NoGrad();
        foreach (ParamGroup group in _groups)
        {
            foreach (Tensor p in group.Parameters)
            {
                if (p.Grad is not { } grad)
                    continue;
                if (setToNone)
                    p.Grad = null;
                else if (grad.IsContiguous && !grad.IsDisposed)
                    grad.ZeroInPlace();
                else
                {
                    Tensor zeros = Tensor.Zeros(p.ShapeArray(), p.DType);
                    TensorScope.Release(zeros);
                    p.Grad = zeros;
                }
            }
        }
    }

    /// <summary>Applies one update to <paramref name="parameter"/> (contiguous, same shape and dtype as
    /// <paramref name="grad"/>) with the hyper-parameters of <paramref name="group"/>. Runs inside
    /// <see cref="GradMode.NoGrad"/>; the base marks the parameter as modified afterwards.</summary>
    protected abstract void Update(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state);

    /// <summary>The elements of a contiguous tensor of element type <typeparamref name="T"/> (float for float32,
    /// double for float64) as a writable span over its storage.</summary>
    protected static Span<T> GetSpan<T>(Tensor tensor) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Type expected = tensor.DType switch { DType.Float32 => typeof(float), DType.Float64 => typeof(double), _ => typeof(void) };
        if (typeof(T) != expected)
            throw new ArgumentException(
                $"GetSpan<{typeof(T).Name}>: the tensor is {tensor.DType.Name()} with shape {ShapeMath.Format(tensor.Shape)}.",
                nameof(tensor));
        tensor.ThrowIfDisposed();
        return tensor.ContiguousSpan<T>();
    }

    // Options for group `index` (new, or set later through ParamGroup.Options) must be of this optimizer's type,
    // keep its switches (the state dict records them once) and be in range.
    internal void CheckOptions(OptimizerOptions options, int index)
    {
        string where = $"{Name}, param group {index}";
        if (options.GetType() != Defaults.GetType())
            throw new ArgumentException(
                $"{where}: the options are {options.GetType().Name}, {Name} takes {Defaults.GetType().Name}.", nameof(options));
        foreach (StateDictEntry entry in Defaults.StateDictEntries)
        {
            if (entry.IsSwitch && entry.ReadSwitch(options) != entry.ReadSwitch(Defaults))
                throw new ArgumentException(
                    $"{where}: {entry.Name} is {entry.ReadSwitch(options)}, the optimizer's default is " +
                    $"{entry.ReadSwitch(Defaults)}; the switches ({string.Join(", ", Defaults.StateDictSwitches().Keys)}) " +
                    "hold for every param group.", nameof(options));
        }
        options.Validate(where);
    }

    private Tensor CheckGradient(Tensor p, Tensor grad, int group, int index)
    {
        p.ThrowIfDisposed();
        grad.ThrowIfDisposed();
        if (grad.DType != p.DType || !ShapeMath.SameShape(grad.Shape, p.Shape))
            throw new InvalidOperationException(
                $"{Name}.Step: parameter {index} of param group {group} is {ShapeMath.Format(p.Shape)} {p.DType.Name()} " +
                $"but its gradient is {ShapeMath.Format(grad.Shape)} {grad.DType.Name()}.");
        if (!p.IsContiguous)
            throw new InvalidOperationException(
                $"{Name}.Step: parameter {index} of param group {group} ({ShapeMath.Format(p.Shape)}) is not contiguous; " +
                "optimizers update parameters in place and need contiguous tensors.");
        return grad.IsContiguous ? grad : grad.Contiguous();
    }

    /// <summary>A number as round-trip text for messages.</summary>
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
