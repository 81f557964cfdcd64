using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Shared work of the classification losses: checking class targets, flattening [N, C, d…] to rows,
/// and the weighted, ignore-aware negative log-likelihood.</summary>
internal static class ClassTargets
{
    /// <summary>[N, C, d…] → [N·d…, C] with the class dim last; [N, C] unchanged.</summary>
    public static Tensor ToRows(Tensor input)
    {
        if (input.Rank == 2)
            return input;
        int rank = input.Rank;
        var order = new List<int> { 0 };
        for (int d = 2; d < rank; d++)
            order.Add(d);
        order.Add(1);
        return input.Permute([.. order]).Reshape(-1, input.Size(1));
    }

    /// <summary>Checks shape, dtype and range of class targets; returns whether any target is the ignore index.</summary>
    public static bool CheckIndices(string loss, Tensor input, Tensor target, long ignoreIndex)
    {
        if (input.Rank < 2)
            throw new ArgumentException($"{loss}: input must be [N, C] or [N, C, d…], got {ShapeMath.Format(input.Shape)}.");
        int[] expected = [input.Size(0), .. input.Shape[2..]];
        if (target.DType != DType.Int64 || !target.Shape.SequenceEqual(expected))
            throw new ArgumentException(
                $"{loss}: class targets must be int64 with shape {ShapeMath.Format(expected)}, got {target.DType.Name()} {ShapeMath.Format(target.Shape)}.");
        int classes = input.Size(1);
        long[] t = target.ToArray<long>();
        bool anyIgnored = false;
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] == ignoreIndex)
                anyIgnored = true;
            else if (t[i] < 0 || t[i] >= classes)
                throw new ArgumentOutOfRangeException(nameof(target),
                    $"{loss}: target {t[i]} at position {i} is outside the classes 0..{classes - 1} (and is not ignoreIndex {ignoreIndex}).");
        }
        return anyIgnored;
    }

    public static Tensor NegativeLogLikelihood(string loss, Tensor logProbs, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction)
    {
        CheckIndices(loss, logProbs, target, ignoreIndex);
        int classes = logProbs.Size(1);
        if (weight is not null && (weight.Rank != 1 || weight.Size(0) != classes))
            throw new ArgumentException($"{loss}: weight must be [{classes}], got {ShapeMath.Format(weight.Shape)}.");
        Tensor rows = ToRows(logProbs);
        Tensor flatTarget = target.Reshape(-1);
        Tensor counted = flatTarget.Ne(Tensor.Scalar(ignoreIndex, DType.Int64));
        // Ignored targets are gathered at class 0 and then weighted by 0.
        Tensor safeTarget = Tensor.Where(counted, flatTarget, Tensor.Scalar(0, DType.Int64));
        Tensor picked = rows.Gather(1, safeTarget.Unsqueeze(1)).Squeeze(1);
        Tensor w = counted.To(logProbs.DType);
        if (weight is not null)
            w = w.Mul(weight.IndexSelect(0, safeTarget));
        Tensor perRow = picked.Mul(w).Neg();
        return reduction switch
        {
            Reduction.Mean => perRow.Sum().Div(w.Sum()),
            Reduction.Sum => perRow.Sum(),
            _ => perRow.Reshape(target.ShapeArray()),
        };
    }
}
