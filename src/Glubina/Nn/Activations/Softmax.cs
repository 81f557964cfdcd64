using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Softmax along a dim.</summary>
public sealed class Softmax(int dim = -1) : Module, IConfigurable<Softmax, SoftmaxConfig>
{
    /// <summary>Dimension whose values sum to 1 (negative counts from the end; −1, the last, by default).</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}";

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public SoftmaxConfig Config => new(Dim);

    /// <summary>A new layer from its arguments.</summary>
    public static Softmax FromConfig(SoftmaxConfig c) => new(c.Dim);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Softmax(Dim);
}

/// <summary>The arguments of <see cref="Softmax"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record SoftmaxConfig(int Dim = -1);
