using System.Globalization;
using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// A set of parameters that an <see cref="Optimizer"/> updates with the same hyper-parameters, like one entry of
/// PyTorch's <c>optimizer.param_groups</c>. Hyper-parameters are named as in PyTorch (<c>"lr"</c>,
/// <c>"weight_decay"</c>, <c>"momentum"</c>, <c>"beta1"</c>, <c>"beta2"</c>, <c>"eps"</c>, …); the common ones also
/// have typed properties. Values set before the group is given to an optimizer override that optimizer's
/// defaults for this group only; the optimizer fills in the rest:
/// <code>
/// var opt = new Sgd([new ParamGroup(backbone), new ParamGroup(head) { LearningRate = 1e-3, ["momentum"] = 0.5 }],
///                   lr: 1e-2, momentum: 0.9);
/// </code>
/// Once owned by an optimizer, setting a value checks it (schedulers change <see cref="LearningRate"/> this way).
/// </summary>
public sealed class ParamGroup
{
    private readonly Dictionary<string, double> _options = new(StringComparer.Ordinal);
    private Optimizer? _owner;

    /// <summary>A group of the given parameters (floating-point tensors, each listed once).</summary>
    public ParamGroup(IEnumerable<Tensor> parameters)
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
    }

    /// <summary>The parameters of this group, in order.</summary>
    public Tensor[] Parameters { get; }

    /// <summary>The learning rate (<c>"lr"</c>) used for this group's next step.</summary>
    public double LearningRate
    {
        get => this["lr"];
        set => this["lr"] = value;
    }

    /// <summary>The weight decay (<c>"weight_decay"</c>): an L2 penalty, or decoupled decay for <see cref="AdamW"/>.</summary>
    public double WeightDecay
    {
        get => this["weight_decay"];
        set => this["weight_decay"] = value;
    }

    /// <summary>A hyper-parameter by its PyTorch name, e.g. <c>group["momentum"]</c> or <c>group["beta1"]</c>.</summary>
    public double this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            if (_options.TryGetValue(name, out double value))
                return value;
            throw new KeyNotFoundException(
                $"ParamGroup{GroupLabel()}: no hyper-parameter '{name}'; it has {Describe(_options.Keys)}." +
                (_owner is null ? " Values not set explicitly are filled in when the group is given to an optimizer." : ""));
        }
        set
        {
            ArgumentNullException.ThrowIfNull(name);
            _owner?.CheckOption(this, name, value);
            _options[name] = value;
        }
    }

    /// <summary>True when the group has a hyper-parameter of this name.</summary>
    public bool Contains(string name) => _options.ContainsKey(name);

    /// <summary>All hyper-parameters of the group by name.</summary>
    public IReadOnlyDictionary<string, double> Options => _options;

    /// <summary>Position of the group in its optimizer's <see cref="Optimizer.ParamGroups"/> (-1 before it is added).</summary>
    public int Index { get; private set; } = -1;

    // Per-parameter optimizer state, aligned with Parameters; created lazily by the optimizer.
    internal ParameterState?[] States { get; }

    internal bool IsOwned => _owner is not null;

    internal void Attach(Optimizer owner, int index)
    {
        _owner = owner;
        Index = index;
    }

    // Sets a value without the owner's check (the optimizer validates the whole group itself).
    internal void SetUnchecked(string name, double value) => _options[name] = value;

    internal void RemoveUnchecked(string name) => _options.Remove(name);

    private string GroupLabel() => Index >= 0 ? $" {Index}" : "";

    internal static string Describe(IEnumerable<string> names)
    {
        string[] sorted = names.Order(StringComparer.Ordinal).ToArray();
        return sorted.Length == 0 ? "none" : string.Join(", ", sorted);
    }

    /// <summary>The group as text, e.g. <c>ParamGroup 0 (2 parameters: lr=0.01, weight_decay=0)</c>.</summary>
    public override string ToString() =>
        $"ParamGroup{GroupLabel()} ({Parameters.Length} parameters: " +
        string.Join(", ", _options.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value.ToString("R", CultureInfo.InvariantCulture))) + ")";
}
