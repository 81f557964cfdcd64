using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Functional scaled dot-product attention, softmax(q·kᵀ·scale + mask)·v, as PyTorch 2's
/// <c>F.scaled_dot_product_attention</c>: query [..., L, E], key [..., S, E], value [..., S, Ev] → [..., L, Ev]
/// (leading dims broadcast). Composed of matmul, softmax and masked fill, which carry the backward.
/// </summary>
public static class ScaledDotProductAttention
{
    /// <summary>Attention output [..., L, Ev].</summary>
    /// <param name="query">[..., L, E].</param>
    /// <param name="key">[..., S, E].</param>
    /// <param name="value">[..., S, Ev].</param>
    /// <param name="attnMask">Broadcastable to [..., L, S]. As <c>F.scaled_dot_product_attention</c>: a bool mask
    /// marks with <c>true</c> the positions that MAY be attended (the opposite of nn.MultiheadAttention's masks); a
    /// floating mask is added to the scores.</param>
    /// <param name="isCausal">Position i attends to positions j ≤ i only (top-left aligned when L ≠ S).</param>
    /// <param name="dropoutP">Dropout on the attention weights (always applied when positive, as the functional).</param>
    /// <param name="generator">Source of the dropout mask (default <see cref="Generator.Default"/>).</param>
    /// <param name="scale">Score scale; default 1/√E.</param>
    public static Tensor Apply(Tensor query, Tensor key, Tensor value, Tensor? attnMask = null, bool isCausal = false,
        double dropoutP = 0, Generator? generator = null, double? scale = null) =>
        Prepare(query, key, value, attnMask, isCausal, dropoutP, generator, scale, needWeights: false).Output;

    /// <summary>As <see cref="Apply"/>, also returning the attention weights [..., L, S] (after dropout).</summary>
    public static (Tensor Output, Tensor Weights) ApplyWithWeights(Tensor query, Tensor key, Tensor value,
        Tensor? attnMask = null, bool isCausal = false, double dropoutP = 0, Generator? generator = null, double? scale = null)
    {
        var (output, weights) = Prepare(query, key, value, attnMask, isCausal, dropoutP, generator, scale, needWeights: true);
        return (output, weights!);
    }

    private static (Tensor Output, Tensor? Weights) Prepare(Tensor query, Tensor key, Tensor value, Tensor? attnMask,
        bool isCausal, double dropoutP, Generator? generator, double? scale, bool needWeights)
    {
        Tensor? blocked = null, additive = null;
        if (attnMask is not null)
        {
            if (attnMask.DType == DType.Bool)
                blocked = Tensor.FromArray(Array.ConvertAll(attnMask.ToArray<bool>(), b => !b), attnMask.ShapeArray());
            else
                additive = attnMask;
        }
        return Compute(query, key, value, blocked, additive, null, isCausal, dropoutP, generator, scale, needWeights,
            "ScaledDotProductAttention");
    }

    /// <summary>The shared core. <paramref name="blocked"/>/<paramref name="blocked2"/>: bool, true = may not
    /// attend; <paramref name="additive"/>: added to the scores; all broadcastable to [..., L, S]. Weights are
    /// null when not needed and the fused kernel ran (no mask tensors, no dropout, equal leading dims).</summary>
    internal static (Tensor Output, Tensor? Weights) Compute(Tensor q, Tensor k, Tensor v, Tensor? blocked, Tensor? additive,
        Tensor? blocked2, bool isCausal, double dropoutP, Generator? generator, double? scale, bool needWeights, string who)
    {
        if (q.Rank < 2 || k.Rank < 2 || v.Rank < 2)
            throw new ArgumentException(
                $"{who}: query, key and value need at least 2 dims ([..., L, E], [..., S, E], [..., S, Ev]), got " +
                $"{ShapeMath.Format(q.Shape)}, {ShapeMath.Format(k.Shape)}, {ShapeMath.Format(v.Shape)}.");
        int e = q.Shape[^1], l = q.Shape[^2], s = k.Shape[^2];
        if (k.Shape[^1] != e)
            throw new ArgumentException($"{who}: key's last dim must equal query's ({e}), got key {ShapeMath.Format(k.Shape)}, query {ShapeMath.Format(q.Shape)}.");
        if (v.Shape[^2] != s)
            throw new ArgumentException($"{who}: value must have as many positions as key ({s}), got value {ShapeMath.Format(v.Shape)}, key {ShapeMath.Format(k.Shape)}.");
        if (dropoutP < 0 || dropoutP > 1 || double.IsNaN(dropoutP))
            throw new ArgumentOutOfRangeException(nameof(dropoutP), dropoutP, $"{who}: dropout must be in [0, 1].");

        // Scaling q (L·E products) rather than the scores (L·S) is cheaper and is what PyTorch does.
        double factor = scale ?? 1 / Math.Sqrt(e);
        if (!needWeights && blocked is null && additive is null && blocked2 is null && dropoutP == 0 && CanFuse(q, k, v))
            return (q.Attention(k, v, isCausal, factor), null);
        Tensor scores = q.Mul(factor).MatMul(k.Transpose(-1, -2));
        if (additive is not null)
            scores = scores.Add(CheckMask(additive, scores, who, "attention mask"));
        if (blocked is not null)
            scores = scores.MaskedFill(CheckMask(blocked, scores, who, "attention mask"), double.NegativeInfinity);
        if (blocked2 is not null)
            scores = scores.MaskedFill(CheckMask(blocked2, scores, who, "key padding mask"), double.NegativeInfinity);
        if (isCausal)
            scores = scores.MaskedFill(CausalMask(l, s), double.NegativeInfinity);
        Tensor weights = scores.Softmax(-1);
        if (dropoutP > 0)
        {
            weights = dropoutP == 1
                ? weights.Mul(0.0)
                : weights.Mul(Tensor.DropoutMask(weights.ShapeArray(), 1 - dropoutP, generator, weights.DType));
        }
        return (weights.MatMul(v), weights);
    }

    // The fused op needs one floating dtype and identical leading (batch, head) dims: no broadcasting.
    private static bool CanFuse(Tensor q, Tensor k, Tensor v) =>
        q.DType is DType.Float32 or DType.Float64 && k.DType == q.DType && v.DType == q.DType &&
        q.Rank == k.Rank && q.Rank == v.Rank && q.Shape[..^2].SequenceEqual(k.Shape[..^2]) && q.Shape[..^2].SequenceEqual(v.Shape[..^2]);

    /// <summary>[L, S] bool, true above the diagonal (the positions a causal query may not see).</summary>
    public static Tensor CausalMask(int l, int s)
    {
        var blocked = new bool[l * s];
        for (int i = 0; i < l; i++)
            for (int j = i + 1; j < s; j++)
                blocked[i * s + j] = true;
        return Tensor.FromArray(blocked, l, s);
    }

    private static Tensor CheckMask(Tensor mask, Tensor scores, string who, string what)
    {
        if (mask.DType != DType.Bool && mask.DType != scores.DType)
            throw new ArgumentException($"{who}: the {what} must be bool or {scores.DType.Name()}, got {mask.DType.Name()}.");
        int[] shape;
        try
        {
            shape = ShapeMath.Broadcast(scores.Shape, mask.Shape, who);
        }
        catch (ArgumentException)
        {
            shape = [];
        }
        if (!ShapeMath.SameShape(shape, scores.Shape))
            throw new ArgumentException(
                $"{who}: the {what} {ShapeMath.Format(mask.Shape)} does not broadcast to the attention scores {ShapeMath.Format(scores.Shape)} ([..., L, S]).");
        return mask;
    }
}
