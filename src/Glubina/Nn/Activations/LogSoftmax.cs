using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Log-softmax along a dim.</summary>
public sealed class LogSoftmax(int dim = -1) : Module, IConfigurable<LogSoftmax, LogSoftmaxConfig>
{
    /// <summary>Dimension normalized over (negative counts from the end; −1, the last, by default).</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={Dim}";

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public LogSoftmaxConfig Config => new(Dim);

    /// <summary>A new layer from its arguments.</summary>
    public static LogSoftmax FromConfig(LogSoftmaxConfig c) => new(c.Dim);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.LogSoftmax(Dim);
}

/// <summary>The arguments of <see cref="LogSoftmax"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record LogSoftmaxConfig(int Dim = -1);
