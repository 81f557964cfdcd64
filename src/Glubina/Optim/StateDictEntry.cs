namespace Glubina.Optim;

/// <summary>
/// One hyper-parameter of an <see cref="OptimizerOptions"/> record under its PyTorch state-dict name (the only place
/// those names appear): a number, which <see cref="Optimizer.StateDict"/> writes into each group and
/// <see cref="Optimizer.LoadStateDict"/> reads back, or a switch, which holds for every group and which a state must
/// match to be loaded.
/// </summary>
public sealed class StateDictEntry
{
    private readonly Func<OptimizerOptions, double>? _number;
    private readonly Func<OptimizerOptions, double, OptimizerOptions>? _with;
    private readonly Func<OptimizerOptions, bool>? _switch;

    private StateDictEntry(string name, Func<OptimizerOptions, double>? number,
        Func<OptimizerOptions, double, OptimizerOptions>? with, Func<OptimizerOptions, bool>? @switch)
    {
        Name = name;
        _number = number;
        _with = with;
        _switch = @switch;
    }

    /// <summary>The PyTorch name, e.g. <c>"lr"</c>, <c>"weight_decay"</c>, <c>"nesterov"</c>.</summary>
    public string Name { get; }

    /// <summary>Whether this is a switch (true/false for every group) rather than a number.</summary>
    public bool IsSwitch => _switch is not null;

    /// <summary>A number: how to read it from options of type <typeparamref name="T"/> and how to set it on a copy.</summary>
    public static StateDictEntry Number<T>(string name, Func<T, double> get, Func<T, double, T> with) where T : OptimizerOptions =>
        new(name, o => get((T)o), (o, v) => with((T)o, v), null);

    /// <summary>A switch of options of type <typeparamref name="T"/>.</summary>
    public static StateDictEntry Switch<T>(string name, Func<T, bool> get) where T : OptimizerOptions =>
        new(name, null, null, o => get((T)o));

    internal double Read(OptimizerOptions options) => _number!(options);

    internal bool ReadSwitch(OptimizerOptions options) => _switch!(options);

    internal OptimizerOptions With(OptimizerOptions options, double value) => _with!(options, value);
}
