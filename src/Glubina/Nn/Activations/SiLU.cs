using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>SiLU / swish, x·σ(x).</summary>
public sealed class SiLU : Module, IConfigurable<SiLU, NoConfig>
{
    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public NoConfig Config => NoConfig.Value;

    /// <summary>A new layer from its arguments.</summary>
    public static SiLU FromConfig(NoConfig _) => new();

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Silu();
}
