using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Merges dims startDim..endDim (by default all but the batch dim) into one.</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module, IConfigurable<Flatten, FlattenConfig>
{
    /// <summary>First dim merged (1 by default, keeping the batch dim; negative counts from the end).</summary>
    public int StartDim { get; } = startDim;

    /// <summary>Last dim merged, inclusive (−1, the last, by default).</summary>
    public int EndDim { get; } = endDim;

    /// <summary>The arguments that rebuild this layer (see <see cref="IConfigurable{TSelf, TConfig}"/>).</summary>
    public FlattenConfig Config => new(StartDim, EndDim);

    /// <summary>A new layer from its arguments.</summary>
    public static Flatten FromConfig(FlattenConfig c) => new(c.StartDim, c.EndDim);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"start_dim={StartDim}, end_dim={EndDim}";
}

/// <summary>The arguments of <see cref="Flatten"/> in a model file (PyTorch's, in snake_case).</summary>
public sealed record FlattenConfig(int StartDim = 1, int EndDim = -1);
