using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Cross-entropy of logits [N, C] (or [N, C, d…]) against class indices (int64 [N] or [N, d…]) or class
/// probabilities (same shape as the input), with optional class weights, ignore index (index targets only)
/// and label smoothing, as PyTorch's CrossEntropyLoss. The common case (index targets, no weights, no
/// smoothing, mean) runs on the fused log-softmax + NLL kernel.
/// </summary>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>A cross-entropy loss; the defaults are PyTorch's.</summary>
    /// <param name="reduction">How per-sample losses are combined.</param>
    /// <param name="weight">Per-class weights [C], or null.</param>
    /// <param name="ignoreIndex">Target value that contributes nothing (index targets only).</param>
    /// <param name="labelSmoothing">Share of the target mass spread evenly over all C classes, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">labelSmoothing is outside [0, 1].</exception>
    public CrossEntropyLoss(Reduction reduction = Reduction.Mean, Tensor? weight = null, long ignoreIndex = -100, double labelSmoothing = 0)
        : base(reduction)
    {
        if (labelSmoothing < 0 || labelSmoothing > 1)
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "CrossEntropyLoss: labelSmoothing must be in [0, 1].");
        Weight = weight;
        IgnoreIndex = ignoreIndex;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>Per-class weights [C], or null. With index targets the mean divides by the sum of the counted targets' weights, as PyTorch.</summary>
    public Tensor? Weight { get; }

    /// <summary>Target index whose samples contribute nothing to the loss or the mean's denominator (PyTorch's ignore_index, −100 by default).</summary>
    public long IgnoreIndex { get; }

    /// <summary>Share of the target mass spread evenly over all classes (0 = none; PyTorch's label_smoothing).</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target)
    {
        input.EnsureFloating(nameof(CrossEntropyLoss));
        if (target.DType.IsFloatingPoint())
            return ProbabilityTargets(input, target);
        bool anyIgnored = ClassTargets.CheckIndices(nameof(CrossEntropyLoss), input, target, IgnoreIndex);
        bool fused = input.Rank == 2 && Weight is null && LabelSmoothing == 0 && Reduction == Reduction.Mean && !anyIgnored;
        if (fused)
            return input.CrossEntropy(target);
        Tensor logProbs = input.LogSoftmax(1);
        Tensor nll = ClassTargets.NegativeLogLikelihood(nameof(CrossEntropyLoss), logProbs, target, Weight, IgnoreIndex, Reduction);
        if (LabelSmoothing == 0)
            return nll;
        // Smoothing mixes in the loss against the uniform distribution: −Σ_c w_c·log p_c / C per counted row.
        int classes = input.Size(1);
        Tensor rows = ClassTargets.ToRows(logProbs);
        Tensor flatTarget = target.Reshape(-1);
        Tensor counted = flatTarget.Ne(Tensor.Scalar(IgnoreIndex, DType.Int64)).To(input.DType);
        Tensor weighted = Weight is null ? rows : rows.Mul(Weight);
        Tensor smooth = weighted.Sum(1).Neg().Mul(counted);
        Tensor smoothReduced = Reduction switch
        {
            Reduction.Mean when Weight is null => smooth.Sum().Div(counted.Sum()),
            Reduction.Mean => smooth.Sum().Div(Weight.IndexSelect(0, Tensor.Where(counted.Gt(0), flatTarget, Tensor.Scalar(0, DType.Int64))).Mul(counted).Sum()),
            Reduction.Sum => smooth.Sum(),
            _ => smooth.Reshape(target.ShapeArray()),
        };
        return nll.Mul(1 - LabelSmoothing).Add(smoothReduced.Mul(LabelSmoothing / classes));
    }

    private Tensor ProbabilityTargets(Tensor input, Tensor target)
    {
        if (!input.Shape.SequenceEqual(target.Shape))
            throw new ArgumentException(
                $"CrossEntropyLoss: probability targets must have the input's shape {ShapeMath.Format(input.Shape)}, got {ShapeMath.Format(target.Shape)}.");
        int classes = input.Size(1);
        Tensor rows = ClassTargets.ToRows(input.LogSoftmax(1));
        Tensor probs = ClassTargets.ToRows(target);
        if (LabelSmoothing > 0)
            probs = probs.Mul(1 - LabelSmoothing).Add(LabelSmoothing / classes);
        Tensor terms = rows.Mul(probs);
        if (Weight is not null)
            terms = terms.Mul(Weight);
        Tensor perRow = terms.Sum(1).Neg();
        return Reduction switch
        {
            Reduction.Mean => perRow.Mean(),
            Reduction.Sum => perRow.Sum(),
            _ => perRow.Reshape([input.Size(0), .. input.Shape[2..]]),
        };
    }
}
