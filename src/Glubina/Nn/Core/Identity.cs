using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Returns its input unchanged (a placeholder layer).</summary>
public sealed class Identity : ArgumentFreeLayer<Identity>
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input;
}
