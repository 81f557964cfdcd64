using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>x for x > 0, negativeSlope·x otherwise.</summary>
public sealed class LeakyReLU(double negativeSlope = 0.01) : Module, IConfigurable<LeakyReLU, LeakyReLUConfig>
{
    /// <summary>Factor applied to negative inputs (PyTorch's negative_slope).</summary>
    public double NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"negative_slope={NegativeSlope}");

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public LeakyReLUConfig Config => new(NegativeSlope);

    /// <summary>A new layer from its arguments.</summary>
    public static LeakyReLU FromConfig(LeakyReLUConfig c) => new(c.NegativeSlope);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);
}

/// <summary>The arguments of <see cref="LeakyReLU"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record LeakyReLUConfig(double NegativeSlope = 0.01);
