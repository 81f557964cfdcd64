using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Gaussian error linear unit; approximate "none" (erf) or "tanh".</summary>
public sealed class GELU(string approximate = "none") : Module, IConfigurable<GELU, GELUConfig>
{
    /// <summary>"none" for the exact x·Φ(x) with the erf, "tanh" for the tanh approximation (PyTorch's approximate argument).</summary>
    public string Approximate { get; } = approximate;

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"approximate={Approximate}";

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public GELUConfig Config => new(Approximate);

    /// <summary>A new layer from its arguments.</summary>
    public static GELU FromConfig(GELUConfig c) => new(c.Approximate);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Gelu(Approximate);
}

/// <summary>The arguments of <see cref="GELU"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record GELUConfig(string Approximate = "none");
