using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Logistic sigmoid, 1/(1+e^−x).</summary>
public sealed class Sigmoid : Module, IConfigurable<Sigmoid, NoConfig>
{
    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public NoConfig Config => NoConfig.Value;

    /// <summary>A new layer from its arguments.</summary>
    public static Sigmoid FromConfig(NoConfig _) => new();

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}
