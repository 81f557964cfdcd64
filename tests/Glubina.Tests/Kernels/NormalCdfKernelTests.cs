using Glubina.Kernels;

namespace Glubina.Tests.Kernels;

/// <summary>The vectorized float Φ(x) against the double-precision erf, across the range and deep into the lower
/// tail, where only a relative bound means anything (the float rounding of the exponent −x²/2 alone costs about 6e-8·x² of relative error);
/// lengths around the chunk and vector edges.</summary>
public sealed class NormalCdfKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(511)]
    [InlineData(513)]
    [InlineData(4001)]
    public void Matches_the_double_erf_in_relative_terms(int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
            x[i] = length == 1 ? -3.5f : -12f + 20f * i / (length - 1);
        var cdf = new float[length];
        NormalCdfKernel.Cdf(x, cdf);
        for (int i = 0; i < length; i++)
        {
            double expected = 0.5 * (1 + SpecialFunctions.Erf(x[i] / Math.Sqrt(2)));
            if (x[i] < -5)
                expected = 0.5 * Erfc(-x[i] / Math.Sqrt(2));
            double error = Math.Abs(cdf[i] - expected) / Math.Max(expected, 1e-300);
            Assert.True(error < 2e-6 + 1.5e-7 * x[i] * x[i], $"Φ({x[i]}) = {cdf[i]}, expected {expected} (relative error {error:E2})");
        }
    }

    // erfc by its continued fraction, accurate in the far tail where 1 + erf(x) cancels.
    private static double Erfc(double z)
    {
        double f = 0;
        for (int k = 60; k >= 1; k--)
            f = k / 2.0 / (z + f);
        return Math.Exp(-z * z) / Math.Sqrt(Math.PI) / (z + f);
    }
}
