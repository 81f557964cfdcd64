using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>x for x > 0, alpha·(eˣ − 1) otherwise.</summary>
public sealed class ELU(double alpha = 1.0) : Module, IConfigurable<ELU, ELUConfig>
{
    /// <summary>Scale of the negative branch: outputs saturate at −alpha for very negative inputs.</summary>
    public double Alpha { get; } = alpha;

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"alpha={Alpha}");

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public ELUConfig Config => new(Alpha);

    /// <summary>A new layer from its arguments.</summary>
    public static ELU FromConfig(ELUConfig c) => new(c.Alpha);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Elu(Alpha);
}

/// <summary>The arguments of <see cref="ELU"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record ELUConfig(double Alpha = 1.0);
