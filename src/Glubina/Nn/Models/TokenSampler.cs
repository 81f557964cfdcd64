using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Picks the next token from one position's logits, as language-model sampling does: divide by the
/// temperature (0 = greedy argmax), keep the top-k largest if asked, sample from the softmax of the rest.
/// Shared by every language model's <c>Generate</c>.
/// </summary>
public static class TokenSampler
{
    /// <summary>Checks a generation request (a non-empty int64 prompt [N, T] or [T] and the sampling options),
    /// with the caller's name in the message.</summary>
    public static void Validate(Tensor prompt, double temperature, int? topK, string caller)
    {
        if (prompt.DType != DType.Int64 || prompt.Rank is not (1 or 2) || prompt.Shape[^1] == 0)
            throw new ArgumentException(
                $"{caller}: the prompt must be non-empty int64 tokens [N, T] or [T], got {prompt.DType.Name()} {ShapeMath.Format(prompt.Shape)}.");
        if (temperature < 0 || double.IsNaN(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, $"{caller}: temperature must be ≥ 0.");
        if (topK is <= 0)
            throw new ArgumentOutOfRangeException(nameof(topK), topK, $"{caller}: top_k must be positive.");
    }

    /// <summary>The sampled token id. <paramref name="scratch"/> holds at least logits.Length values.</summary>
    public static long Sample(ReadOnlySpan<double> logits, double temperature, int? topK, Generator generator, double[] scratch)
    {
        int v = logits.Length;
        int best = 0;
        for (int i = 1; i < v; i++)
            if (logits[i] > logits[best])
                best = i;
        if (temperature == 0)
            return best;
        double threshold = double.NegativeInfinity;
        if (topK is int k && k < v)
        {
            double[] sorted = logits.ToArray();
            Array.Sort(sorted);
            threshold = sorted[v - k];
        }
        double max = logits[best], sum = 0;
        for (int i = 0; i < v; i++)
        {
            scratch[i] = logits[i] < threshold ? 0 : Math.Exp((logits[i] - max) / temperature);
            sum += scratch[i];
        }
        double u = generator.NextDouble() * sum;
        for (int i = 0; i < v; i++)
        {
            u -= scratch[i];
            if (u < 0 && scratch[i] > 0)
                return i;
        }
        return best;
    }
}
