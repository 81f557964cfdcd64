namespace Glubina.Optim;

/// <summary>
/// The hyper-parameters of an optimizer: one record per optimizer (<see cref="SgdOptions"/>, <see cref="AdamOptions"/>,
/// …) with PyTorch's defaults, used as the optimizer's defaults and, changed with <c>with</c>, for a
/// <see cref="ParamGroup"/> of its own:
/// <code>
/// var defaults = new SgdOptions(LearningRate: 1e-2, Momentum: 0.9);
/// var opt = new Sgd([new ParamGroup(backbone), new ParamGroup(head, defaults with { LearningRate = 1e-3 })], defaults);
/// </code>
/// PyTorch's names (<c>lr</c>, <c>weight_decay</c>, <c>momentum</c>, …) appear only in <see cref="OptimizerState"/>,
/// through <see cref="StateDictEntries"/>. An optimizer of your own derives a record from this one and, for the values
/// it adds, overrides <see cref="StateDictEntries"/> and <see cref="Validate"/>.
/// </summary>
/// <param name="LearningRate">The step size (PyTorch's <c>lr</c>).</param>
/// <param name="WeightDecay">An L2 penalty added to the gradient, or decoupled decay for <see cref="AdamW"/>
/// (PyTorch's <c>weight_decay</c>).</param>
public abstract record OptimizerOptions(double LearningRate, double WeightDecay)
{
    /// <summary>Throws an <see cref="ArgumentException"/> that names the value, the requirement and
    /// <paramref name="where"/> (e.g. "Adam, param group 1") when a value is out of range.</summary>
    protected internal virtual void Validate(string where)
    {
        RequireNonNegative(where, nameof(LearningRate), LearningRate);
        RequireNonNegative(where, nameof(WeightDecay), WeightDecay);
    }

    /// <summary>The hyper-parameters under their PyTorch state-dict names; a derived record lists
    /// <see cref="CommonStateDictEntries"/> and then its own.</summary>
    protected internal virtual IReadOnlyList<StateDictEntry> StateDictEntries => CommonStateDictEntries;

    /// <summary>The entries of the values every optimizer has: <c>lr</c> and <c>weight_decay</c>.</summary>
    protected static IReadOnlyList<StateDictEntry> CommonStateDictEntries { get; } =
    [
        StateDictEntry.Number<OptimizerOptions>("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }),
        StateDictEntry.Number<OptimizerOptions>("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }),
    ];

    // The numbers and the switches under their state-dict names, and a copy with one number changed (null when these
    // options have no number of that name): what Optimizer.StateDict and LoadStateDict read and write.
    internal Dictionary<string, double> StateDictValues() =>
        StateDictEntries.Where(e => !e.IsSwitch).ToDictionary(e => e.Name, e => e.Read(this), StringComparer.Ordinal);

    internal Dictionary<string, bool> StateDictSwitches() =>
        StateDictEntries.Where(e => e.IsSwitch).ToDictionary(e => e.Name, e => e.ReadSwitch(this), StringComparer.Ordinal);

    internal OptimizerOptions? WithStateDictValue(string name, double value) =>
        StateDictEntries.FirstOrDefault(e => e.Name == name && !e.IsSwitch)?.With(this, value);

    /// <summary>A copy whose momentum is <paramref name="momentum"/> — SGD's and RMSprop's momentum, Adam's β1 —
    /// which <see cref="OneCycleLR"/> cycles against the learning rate; null when the optimizer has none.</summary>
    public virtual OptimizerOptions? WithMomentum(double momentum) => null;

    /// <summary>Throws unless <paramref name="value"/> is finite and at least 0.</summary>
    protected static void RequireNonNegative(string where, string name, double value) =>
        Require(where, name, value, value >= 0 && !double.IsInfinity(value), "must be finite and non-negative");

    /// <summary>Throws unless <paramref name="value"/> is finite.</summary>
    protected static void RequireFinite(string where, string name, double value) =>
        Require(where, name, value, double.IsFinite(value), "must be finite");

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> "where: name requirement, got value" unless
    /// <paramref name="ok"/> holds (NaN always fails).</summary>
    protected static void Require(string where, string name, double value, bool ok, string requirement)
    {
        if (double.IsNaN(value))
            throw new ArgumentOutOfRangeException(name, value, $"{where}: {name} must be a number, got NaN.");
        if (!ok)
            throw new ArgumentOutOfRangeException(name, value, $"{where}: {name} {requirement}, got {Format(value)}.");
    }

    /// <summary>A number as round-trip text for messages.</summary>
    protected static string Format(double value) => Optimizer.Format(value);
}
