using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Data;

/// <summary>
/// An in-memory dataset over an inputs tensor [N, ...] and a targets tensor [N, ...] (torch TensorDataset).
/// Example i is the pair of slices i (views, no copy); a batch is built with one gather (IndexSelect) per tensor.
/// </summary>
public sealed class TensorDataset : IBatchedDataset
{
    /// <summary>Pairs <paramref name="inputs"/> [N, ...] with <paramref name="targets"/> [N, ...]; nothing is copied.</summary>
    /// <exception cref="ArgumentException">A tensor is 0-d, or the first dims differ.</exception>
    public TensorDataset(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Rank == 0 || targets.Rank == 0)
            throw new ArgumentException(
                $"TensorDataset: inputs and targets need a first (example) dim; got inputs {ShapeMath.Format(inputs.Shape)} " +
                $"and targets {ShapeMath.Format(targets.Shape)}.");
        if (inputs.Size(0) != targets.Size(0))
            throw new ArgumentException(
                $"TensorDataset: inputs have {inputs.Size(0)} examples (shape {ShapeMath.Format(inputs.Shape)}) but targets have " +
                $"{targets.Size(0)} (shape {ShapeMath.Format(targets.Shape)}); the first dims must match.");
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>All inputs [N, ...].</summary>
    public Tensor Inputs { get; }

    /// <summary>All targets [N, ...].</summary>
    public Tensor Targets { get; }

    /// <inheritdoc/>
    public int Count => Inputs.Size(0);

    /// <summary>Example <paramref name="index"/>: views of slice <paramref name="index"/> of inputs and targets.</summary>
    public Example this[int index]
    {
        get
        {
            CheckIndex(index, Count, "TensorDataset");
            return new Example(Inputs.Select(0, index), Targets.Select(0, index));
        }
    }

    /// <summary>The examples at <paramref name="indices"/> as one batch: one IndexSelect per tensor.</summary>
    public Batch GetBatch(ReadOnlySpan<int> indices)
    {
        var idx = new long[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            CheckIndex(indices[i], Count, "TensorDataset.GetBatch");
            idx[i] = indices[i];
        }
        using var noGrad = GradMode.NoGrad();
        using Tensor index = Tensor.FromArray(idx);
        return new Batch(Inputs.IndexSelect(0, index), Targets.IndexSelect(0, index));
    }

    internal static void CheckIndex(int index, int count, string who)
    {
        if ((uint)index >= (uint)count)
            throw new ArgumentOutOfRangeException(nameof(index), index,
                $"{who}: index {index} is outside the dataset's {count} examples (0..{count - 1}).");
    }
}
