using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Rectified linear unit, max(0, x).</summary>
public sealed class ReLU : Module, IConfigurable<ReLU, NoConfig>
{
    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public NoConfig Config => NoConfig.Value;

    /// <summary>A new layer from its arguments.</summary>
    public static ReLU FromConfig(NoConfig _) => new();

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Relu();
}
