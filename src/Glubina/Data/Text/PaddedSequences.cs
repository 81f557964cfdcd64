using Glubina.Tensors;

namespace Glubina.Data.Text;

/// <summary>
/// Sequences padded to one length: <see cref="Ids"/> int64 [B, L], <see cref="Mask"/> bool [B, L] (true at real
/// tokens, false at padding — PyTorch's <c>attention_mask</c>, the negation of <c>key_padding_mask</c>) and the
/// <see cref="Lengths"/> of the kept tokens.
/// </summary>
public sealed record PaddedSequences(Tensor Ids, Tensor Mask, int[] Lengths) : IDisposable
{
    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        Ids.Dispose();
        Mask.Dispose();
    }
}
