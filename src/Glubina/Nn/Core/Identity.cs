using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Returns its input unchanged (a placeholder layer).</summary>
public sealed class Identity : Module, IConfigurable<Identity, NoConfig>
{
    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public NoConfig Config => NoConfig.Value;

    /// <summary>A new layer from its arguments.</summary>
    public static Identity FromConfig(NoConfig _) => new();

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input;
}
