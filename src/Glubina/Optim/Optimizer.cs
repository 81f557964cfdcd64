using System.Globalization;
using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// Base of the optimizers: holds the <see cref="ParamGroup"/>s with their hyper-parameters and the per-parameter
/// state, and applies <see cref="Update"/> to every parameter that has a gradient. A derived optimizer declares its
/// hyper-parameters as defaults (PyTorch names), checks their values in <see cref="CheckOptionValue"/>, and writes
/// the update for one parameter; state buffers come from <see cref="ParameterState.GetOrAddBuffer"/>, so a step
/// in steady state allocates nothing.
/// <code>
/// var opt = new Adam(model.Parameters(), lr: 1e-3);
/// for (…) { opt.ZeroGrad(setToNone: false); loss.Backward(); opt.Step(); }
/// </code>
/// </summary>
public abstract partial class Optimizer
{
    private readonly List<ParamGroup> _groups = [];
    private readonly Dictionary<string, double> _defaults;
    private readonly Dictionary<string, bool> _flags;
    private readonly HashSet<Tensor> _parameters = new(ReferenceEqualityComparer.Instance);

    /// <summary>An optimizer of the given groups. <paramref name="defaults"/> names every numeric hyper-parameter
    /// with its value for groups that do not set it; <paramref name="flags"/> are switches that hold for all
    /// groups (nesterov, amsgrad, …).</summary>
    protected Optimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults,
        IReadOnlyDictionary<string, bool>? flags = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(defaults);
        _defaults = new Dictionary<string, double>(defaults, StringComparer.Ordinal);
        _flags = flags is null ? new(StringComparer.Ordinal) : new Dictionary<string, bool>(flags, StringComparer.Ordinal);
        if (!_defaults.ContainsKey("lr") || !_defaults.ContainsKey("weight_decay"))
            throw new ArgumentException($"{Name}: the defaults must include 'lr' and 'weight_decay'.", nameof(defaults));
        foreach (ParamGroup group in groups)
            AddParamGroup(group);
        if (_parameters.Count == 0)
            throw new ArgumentException($"{Name}: got an empty parameter list; pass the model's parameters.", nameof(groups));
    }

    /// <summary>The optimizer's name in messages and in <see cref="OptimizerState.OptimizerType"/>.</summary>
    public string Name => GetType().Name;

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>Default hyper-parameters for groups that do not set their own.</summary>
    public IReadOnlyDictionary<string, double> Defaults => _defaults;

    /// <summary>Switches that hold for every group (e.g. <c>"nesterov"</c>, <c>"amsgrad"</c>, <c>"maximize"</c>).</summary>
    public IReadOnlyDictionary<string, bool> Flags => _flags;

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

    /// <summary>Adds a group (PyTorch's <c>add_param_group</c>): its unset hyper-parameters take the defaults.</summary>
    public void AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        int index = _groups.Count;
        if (group.IsOwned)
            throw new ArgumentException($"{Name}: param group {index} already belongs to an optimizer.", nameof(group));
        foreach (string name in group.Options.Keys)
        {
            if (!_defaults.ContainsKey(name))
                throw new ArgumentException(
                    $"{Name}: param group {index} sets '{name}', which is not a hyper-parameter of {Name}; " +
                    $"known: {ParamGroup.Describe(_defaults.Keys)}.", nameof(group));
        }
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < group.Parameters.Length; i++)
        {
            Tensor p = group.Parameters[i];
            if (_parameters.Contains(p) || !seen.Add(p))
                throw new ArgumentException(
                    $"{Name}: parameter {i} of param group {index} (shape {ShapeMath.Format(p.Shape)}) appears more than " +
                    "once across the param groups; each parameter may be listed once.", nameof(group));
        }
        var filled = new List<string>();
        foreach (var (name, value) in _defaults)
        {
            if (!group.Contains(name))
            {
                group.SetUnchecked(name, value);
                filled.Add(name);
            }
        }
        try
        {
            foreach (var (name, value) in group.Options)
                ThrowIfInvalid(name, value, index);
            ValidateGroup(group, index);
        }
        catch (ArgumentException)
        {
            // Leave a refused group as the caller built it.
            foreach (string name in filled)
                group.RemoveUnchecked(name);
            throw;
        }
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

    /// <summary>Returns null when <paramref name="value"/> is acceptable for hyper-parameter <paramref name="name"/>,
    /// else the requirement it breaks (e.g. "must be in [0, 1)"). The base checks "lr" and "weight_decay"
    /// (non-negative); overrides should fall back to it.</summary>
    protected virtual string? CheckOptionValue(string name, double value) => name switch
    {
        "lr" or "weight_decay" when !(value >= 0) || double.IsInfinity(value) => "must be finite and non-negative",
        _ => null,
    };

    /// <summary>Checks combinations of a group's hyper-parameters when the group is added (throw an
    /// <see cref="ArgumentException"/> that names the group index).</summary>
    protected virtual void ValidateGroup(ParamGroup group, int index)
    {
    }

    /// <summary>The value of a flag given to the constructor (false when absent).</summary>
    protected bool Flag(string name) => _flags.TryGetValue(name, out bool value) && value;

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

    // Called by ParamGroup's setter once the group belongs to this optimizer.
    internal void CheckOption(ParamGroup group, string name, double value)
    {
        if (!_defaults.ContainsKey(name))
            throw new ArgumentException(
                $"{Name}: '{name}' is not a hyper-parameter of {Name} (param group {group.Index}); " +
                $"known: {ParamGroup.Describe(_defaults.Keys)}.", nameof(name));
        ThrowIfInvalid(name, value, group.Index);
    }

    private void ThrowIfInvalid(string name, double value, int groupIndex)
    {
        string? requirement = double.IsNaN(value) ? "must be a number" : CheckOptionValue(name, value);
        if (requirement is not null)
            throw new ArgumentOutOfRangeException(name, value,
                $"{Name}: {name} {requirement}, got {Format(value)} (param group {groupIndex}).");
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
