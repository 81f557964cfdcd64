using System.Numerics;
using System.Numerics.Tensors;

namespace Glubina.Kernels;

/// <summary>
/// The standard normal CDF Φ(x) = ½·erfc(−x/√2) for float32 spans, vectorized in L1-sized chunks: erfc from the
/// Chebyshev-fitted form t·exp(−z² + P(t)), t = 1/(1 + z/2) (Numerical Recipes' erfcc, fractional error below
/// 1.2e-7 everywhere), taken on |x| so that the lower tail keeps its relative precision. GELU's forward and
/// backward use it; the scalar double path (<see cref="SpecialFunctions.Erf"/>) stays for gradient checks.
/// </summary>
public static class NormalCdfKernel
{
    private const int Chunk = 512;
    private const float InvSqrt2 = 0.70710678118654752f;

    // Coefficients of P(t), highest degree first.
    private static readonly float[] s_coefficients =
        [0.17087277f, -0.82215223f, 1.48851587f, -1.13520398f, 0.27886807f, -0.18628806f, 0.09678418f, 0.37409196f, 1.00002368f, -1.26551223f];

    // x: [n] → cdf: [n]
    /// <summary>Φ(x) for each element of <paramref name="x"/> into <paramref name="cdf"/> (same length; may be the same span).</summary>
    public static void Cdf(ReadOnlySpan<float> x, Span<float> cdf)
    {
        Span<float> z = stackalloc float[Chunk], t = stackalloc float[Chunk], p = stackalloc float[Chunk];
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            ReadOnlySpan<float> xs = x.Slice(start, n);
            Span<float> zs = z[..n], ts = t[..n], ps = p[..n], half = cdf.Slice(start, n);
            TensorPrimitives.Abs(xs, zs);
            TensorPrimitives.Multiply(zs, InvSqrt2, zs);                 // z = |x|/√2
            TensorPrimitives.Multiply(zs, 0.5f, ts);
            TensorPrimitives.Add(ts, 1f, ts);
            TensorPrimitives.Reciprocal(ts, ts);                         // t = 1/(1 + z/2)
            ps.Fill(s_coefficients[0]);
            for (int c = 1; c < s_coefficients.Length; c++)
                TensorPrimitives.MultiplyAdd(ps, ts, s_coefficients[c], ps); // P(t) by Horner
            TensorPrimitives.Multiply(zs, zs, zs);
            TensorPrimitives.Subtract(ps, zs, ps);                       // −z² + P(t)
            TensorPrimitives.Exp(ps, ps);
            TensorPrimitives.Multiply(ps, ts, ps);                       // erfc(z)
            TensorPrimitives.Multiply(ps, 0.5f, ps);                     // ½·erfc(|x|/√2) = Φ(−|x|)
            Combine(xs, ps, half);
        }
    }

    // Φ(x) = Φ(−|x|) for x < 0, else 1 − Φ(−|x|).
    private static void Combine(ReadOnlySpan<float> x, ReadOnlySpan<float> lower, Span<float> cdf)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            for (; i <= x.Length - width; i += width)
            {
                var xv = new Vector<float>(x[i..]);
                var lv = new Vector<float>(lower[i..]);
                Vector.ConditionalSelect(Vector.LessThan(xv, Vector<float>.Zero), lv, Vector<float>.One - lv).CopyTo(cdf[i..]);
            }
        }
        for (; i < x.Length; i++)
            cdf[i] = x[i] < 0 ? lower[i] : 1 - lower[i];
    }
}
