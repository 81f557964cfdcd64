using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Layer normalization over the last dims (F.layer_norm): (x − mean) / √(var + eps) · weight + bias, with the
    /// biased variance. x: [..., *normalizedShape]; weight and bias: normalizedShape or null.
    /// </summary>
    public Tensor LayerNorm(int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
        NormOps.LayerNorm(this, normalizedShape, weight, bias, eps);

    /// <summary>
    /// Fused scaled dot-product attention without a mask tensor or dropout: softmax(scale·q·kᵀ)·v, causal when
    /// asked (position i sees j ≤ i). q: [..., L, E], k: [..., S, E], v: [..., S, Ev] with equal leading dims →
    /// [..., L, Ev]. The general form with masks is <c>Nn.ScaledDotProductAttention</c>.
    /// </summary>
    public Tensor Attention(Tensor key, Tensor value, bool isCausal, double scale) =>
        AttentionOps.Attention(this, key, value, isCausal, scale);
}
