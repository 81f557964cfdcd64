using Glubina.Tensors;

namespace Glubina.Data.Text;

/// <summary>Pads and truncates token sequences to a common length, with a mask of the real tokens.</summary>
public static class SequencePadding
{
    /// <summary>
    /// Pads (with <paramref name="padId"/>) or truncates each sequence to <paramref name="length"/> tokens — by default
    /// the longest sequence's length. Returns ids int64 [B, L], mask bool [B, L] and the kept lengths.
    /// </summary>
    /// <param name="sequences">Token ids, one array per sequence (at least one sequence).</param>
    /// <param name="length">The common length L (≥ 1); null = the longest sequence (at least 1).</param>
    /// <param name="padId">The id written into padding positions.</param>
    /// <param name="padding">Where padding goes.</param>
    /// <param name="truncation">Which end loses tokens when a sequence is longer than L.</param>
    public static PaddedSequences Pad(IReadOnlyList<IReadOnlyList<int>> sequences, int? length = null,
        int padId = SpecialTokens.PadId, SequenceSide padding = SequenceSide.End, SequenceSide truncation = SequenceSide.End)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
            throw new ArgumentException("SequencePadding.Pad: no sequences given.", nameof(sequences));
        for (int i = 0; i < sequences.Count; i++)
            if (sequences[i] is null)
                throw new ArgumentException($"SequencePadding.Pad: sequence {i} is null.", nameof(sequences));
        int l = length ?? Math.Max(1, sequences.Max(s => s.Count));
        if (l < 1)
            throw new ArgumentOutOfRangeException(nameof(length), l, $"SequencePadding.Pad: length must be 1 or more, got {l}.");
        int b = sequences.Count;
        var ids = new long[b * l];
        var mask = new bool[b * l];
        var lengths = new int[b];
        Array.Fill(ids, padId);
        for (int i = 0; i < b; i++)
        {
            IReadOnlyList<int> s = sequences[i];
            int kept = Math.Min(s.Count, l);
            int from = truncation == SequenceSide.End ? 0 : s.Count - kept;
            int to = i * l + (padding == SequenceSide.End ? 0 : l - kept);
            for (int k = 0; k < kept; k++)
            {
                ids[to + k] = s[from + k];
                mask[to + k] = true;
            }
            lengths[i] = kept;
        }
        return new PaddedSequences(Tensor.FromArray(ids, b, l), Tensor.FromArray(mask, b, l), lengths);
    }
}
