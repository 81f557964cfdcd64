using Glubina.Tensors;

namespace Glubina.Data;

/// <summary>One example of a dataset: an input tensor and its target (a label, a value or a sequence).</summary>
/// <param name="Input">The input, e.g. an image [1, 28, 28] or a feature vector [F].</param>
/// <param name="Target">The target, e.g. a 0-d int64 class index or a float32 value.</param>
public readonly record struct Example(Tensor Input, Tensor Target);
