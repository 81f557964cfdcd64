using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    // Reductions take a set of dims (null = all) and keepdim, as in PyTorch.

    /// <summary>Sum over <paramref name="dims"/> (all when null).</summary>
    public Tensor Sum(int[]? dims = null, bool keepdim = false) => ReductionOps.Sum(this, dims, keepdim);

    /// <summary>Sum over one dimension (negative counts from the end); <paramref name="keepdim"/> keeps it with size 1.</summary>
    public Tensor Sum(int dim, bool keepdim = false) => ReductionOps.Sum(this, [dim], keepdim);

    /// <summary>Mean over <paramref name="dims"/> (all when null).</summary>
    public Tensor Mean(int[]? dims = null, bool keepdim = false)
    {
        int count = ReducedCount(dims, "mean");
        return Sum(dims, keepdim).Div(count);
    }

    /// <summary>Mean over one dimension (negative counts from the end); <paramref name="keepdim"/> keeps it with size 1.</summary>
    public Tensor Mean(int dim, bool keepdim = false) => Mean([dim], keepdim);

    /// <summary>Variance over <paramref name="dims"/>; <paramref name="unbiased"/> divides by N−1 (Bessel).</summary>
    public Tensor Var(int[]? dims = null, bool unbiased = true, bool keepdim = false)
    {
        int count = ReducedCount(dims, "var");
        Tensor centered = Sub(Mean(dims, keepdim: true));
        return centered.Mul(centered).Sum(dims, keepdim).Div(Math.Max(count - (unbiased ? 1 : 0), 0));
    }

    /// <summary>Variance over one dimension; <paramref name="unbiased"/> divides by N−1 (Bessel), else by N.</summary>
    public Tensor Var(int dim, bool unbiased = true, bool keepdim = false) => Var([dim], unbiased, keepdim);

    /// <summary>Standard deviation over <paramref name="dims"/>.</summary>
    public Tensor Std(int[]? dims = null, bool unbiased = true, bool keepdim = false) => Var(dims, unbiased, keepdim).Sqrt();

    /// <summary>Standard deviation over one dimension; <paramref name="unbiased"/> divides by N−1 (Bessel), else by N.</summary>
    public Tensor Std(int dim, bool unbiased = true, bool keepdim = false) => Std([dim], unbiased, keepdim);

    /// <summary>log Σ exp(x) over <paramref name="dims"/>, computed stably around the maximum.</summary>
    public Tensor LogSumExp(int[]? dims = null, bool keepdim = false)
    {
        int[] d = ReductionOps.NormalizeDims(dims, Rank, "logsumexp");
        Tensor max = Detach();
        foreach (int dim in d)
            max = ReductionOps.MaxMin(max, dim, keepdim: true, isMax: true).Values;
        // An infinite maximum would turn x − max into NaN; shift by 0 there instead.
        max = max.MaskedFill(max.Abs().Eq(double.PositiveInfinity), 0);
        Tensor result = Sub(max).Exp().Sum(d, keepdim: true).Log().Add(max);
        return keepdim ? result : result.Reshape(ReductionOps.ReducedShape(_shape, d, keepdim: false));
    }

    /// <summary>log Σ exp(x) over one dimension, computed stably around the maximum.</summary>
    public Tensor LogSumExp(int dim, bool keepdim = false) => LogSumExp([dim], keepdim);

    /// <summary>Euclidean (L2) norm over <paramref name="dims"/> (all when null).</summary>
    public Tensor Norm(int[]? dims = null, bool keepdim = false) => Mul(this).Sum(dims, keepdim).Sqrt();

    /// <summary>Maximum along <paramref name="dim"/>: values and int64 indices (first occurrence).</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepdim = false) => ReductionOps.MaxMin(this, dim, keepdim, isMax: true);

    /// <summary>Minimum along <paramref name="dim"/>: values and int64 indices (first occurrence).</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepdim = false) => ReductionOps.MaxMin(this, dim, keepdim, isMax: false);

    /// <summary>The largest element (0-d).</summary>
    public Tensor Max() => ReductionOps.MaxMin(Reshape(-1), 0, keepdim: false, isMax: true).Values;

    /// <summary>The smallest element (0-d).</summary>
    public Tensor Min() => ReductionOps.MaxMin(Reshape(-1), 0, keepdim: false, isMax: false).Values;

    /// <summary>Index of the maximum along <paramref name="dim"/> (of the flattened tensor when null), int64.</summary>
    public Tensor ArgMax(int? dim = null, bool keepdim = false) => dim is int d
        ? ReductionOps.MaxMin(Detach(), d, keepdim, isMax: true).Indices
        : ReductionOps.MaxMin(Detach().Reshape(-1), 0, false, isMax: true).Indices;

    /// <summary>Index of the minimum along <paramref name="dim"/> (of the flattened tensor when null), int64.</summary>
    public Tensor ArgMin(int? dim = null, bool keepdim = false) => dim is int d
        ? ReductionOps.MaxMin(Detach(), d, keepdim, isMax: false).Indices
        : ReductionOps.MaxMin(Detach().Reshape(-1), 0, false, isMax: false).Indices;

    /// <summary>Sums a broadcast result back to <paramref name="shape"/> (the reduction broadcasting implies).</summary>
    public Tensor SumTo(ReadOnlySpan<int> shape)
    {
        if (ShapeMath.SameShape(_shape, shape))
            return this;
        int lead = Rank - shape.Length;
        if (lead < 0)
            throw new ArgumentException($"SumTo: cannot reduce {ShapeMath.Format(_shape)} to the larger rank {ShapeMath.Format(shape)}.");
        var dims = new List<int>();
        for (int i = 0; i < Rank; i++)
        {
            if (i < lead)
                dims.Add(i);
            else if (shape[i - lead] == 1 && _shape[i] != 1)
                dims.Add(i);
            else if (shape[i - lead] != _shape[i])
                throw new ArgumentException($"SumTo: {ShapeMath.Format(_shape)} does not broadcast from {ShapeMath.Format(shape)}.");
        }
        Tensor summed = dims.Count == 0 ? this : Sum([.. dims], keepdim: true);
        return summed.Reshape(shape.ToArray());
    }

    private int ReducedCount(int[]? dims, string op)
    {
        int count = 1;
        foreach (int d in ReductionOps.NormalizeDims(dims, Rank, op))
            count *= _shape[d];
        return count;
    }
}
