using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// The optimizers by name, for command lines and configuration files (<c>glubina train --optimizer sgd</c>): the one
/// table of names, so the list a command accepts, its help and its error messages all come from here.
/// </summary>
public static class Optimizers
{
    private sealed record Entry(string Name, string Description, Func<IEnumerable<Tensor>, double, Optimizer> Create);

    // SGD gets momentum 0.9: plain SGD rarely trains well with one learning rate and no other setting.
    private static readonly Entry[] s_entries =
    [
        new("adam", "Adam", (parameters, lr) => new Adam(parameters, lr: lr)),
        new("adamw", "AdamW with weight decay 0.01", (parameters, lr) => new AdamW(parameters, lr: lr)),
        new("sgd", "SGD with momentum 0.9", (parameters, lr) => new Sgd(parameters, lr: lr, momentum: 0.9)),
    ];

    /// <summary>The names, in order: adam, adamw, sgd.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_entries.Select(e => e.Name)];

    /// <summary>What <see cref="Create"/> builds for <paramref name="name"/>, e.g. "SGD with momentum 0.9".</summary>
    public static string Describe(string name) => Find(name, nameof(Describe)).Description;

    /// <summary>The optimizer called <paramref name="name"/> over <paramref name="parameters"/> with learning rate
    /// <paramref name="lr"/> and, otherwise, the settings <see cref="Describe"/> gives.</summary>
    public static Optimizer Create(string name, IEnumerable<Tensor> parameters, double lr) =>
        Find(name, nameof(Create)).Create(parameters, lr);

    private static Entry Find(string name, string method) =>
        s_entries.FirstOrDefault(e => e.Name == name) ?? throw new ArgumentException(
            $"Optimizers.{method}: unknown optimizer '{name}'; the optimizers are {string.Join(", ", Names)}.", nameof(name));
}
