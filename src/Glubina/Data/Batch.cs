using Glubina.Tensors;

namespace Glubina.Data;

/// <summary>
/// A mini-batch: inputs [B, ...] and targets [B, ...]. Disposing it disposes both tensors, so their pooled
/// buffers can be reused by the next batch: <c>foreach (var batch in loader) { using (batch) { … } }</c>.
/// </summary>
public sealed class Batch : IDisposable
{
    /// <summary>A batch of <paramref name="inputs"/> [B, ...] and <paramref name="targets"/> [B, ...]; the batch owns both
    /// and disposes them in <see cref="Dispose"/>.</summary>
    public Batch(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>Inputs, first dim = batch size.</summary>
    public Tensor Inputs { get; }

    /// <summary>Targets, first dim = batch size.</summary>
    public Tensor Targets { get; }

    /// <summary>Number of examples (the size of the first dim of <see cref="Inputs"/>).</summary>
    public int Count => Inputs.Rank == 0 ? 1 : Inputs.Size(0);

    /// <summary>Lets a batch be taken apart: <c>var (x, y) = batch;</c>.</summary>
    public void Deconstruct(out Tensor inputs, out Tensor targets)
    {
        inputs = Inputs;
        targets = Targets;
    }

    /// <summary>Disposes <see cref="Inputs"/> and <see cref="Targets"/>.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
