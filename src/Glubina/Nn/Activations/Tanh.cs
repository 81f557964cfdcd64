using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Hyperbolic tangent.</summary>
public sealed class Tanh : Module, IConfigurable<Tanh, NoConfig>
{
    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public NoConfig Config => NoConfig.Value;

    /// <summary>A new layer from its arguments.</summary>
    public static Tanh FromConfig(NoConfig _) => new();

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Tanh();
}
