using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>What a classifier's raw outputs mean: [N, C] logits, one row of class scores per example, or one logit
/// per example ([N] or [N, 1]) for a binary problem. Shared by training, evaluation and the prediction path.</summary>
public static class ClassifierOutputs
{
    /// <summary>Class probabilities: softmax over classes for [N, C] outputs, sigmoid for one output per example.</summary>
    public static Tensor ToProbabilities(Tensor outputs) =>
        outputs.Rank == 2 && outputs.Size(1) > 1 ? outputs.Softmax(1) : outputs.Sigmoid();

    /// <summary>Predicted classes (int64 [N]): argmax over classes, or output &gt; 0 for one logit per example.</summary>
    public static Tensor ToClasses(Tensor outputs) =>
        outputs.Rank == 2 && outputs.Size(1) > 1 ? outputs.ArgMax(1) : outputs.Reshape(-1).Gt(0).To(DType.Int64);
}
