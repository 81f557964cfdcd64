using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Softmax along a dim.</summary>
public sealed class Softmax(int dim = -1) : Module, IConfigurable<Softmax, SoftmaxConfig>
{
    public int Dim { get; } = dim;

    protected override string ExtraRepr() => $"dim={Dim}";

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public SoftmaxConfig Config => new(Dim);

    /// <summary>A new layer from its arguments.</summary>
    public static Softmax FromConfig(SoftmaxConfig c) => new(c.Dim);

    public override Tensor Forward(Tensor input) => input.Softmax(Dim);
}

/// <summary>The arguments of <see cref="Softmax"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record SoftmaxConfig(int Dim = -1);
