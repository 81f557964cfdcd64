using Glubina.Kernels;

namespace Glubina.Tests.Kernels;

/// <summary>The broadcasting loop against a plain scalar loop, at every length 0..256 and for each inner-stride
/// case (span·span, span·scalar, scalar·span, strided).</summary>
public sealed class ElementwiseTests
{
    [Fact]
    public void Binary_loop_matches_scalar_reference_at_all_lengths_and_stride_cases()
    {
        var rng = new Random(5);
        for (int n = 0; n <= 256; n++)
        {
            var a = Enumerable.Range(0, 2 * n + 1).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            var b = Enumerable.Range(0, 2 * n + 1).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
            foreach (var (sa, sb) in new[] { (1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (0, 0) })
            {
                Check(new SubKernel(), (p, q) => p - q, a, sa, b, sb, n);
                Check(new DivKernel(), (p, q) => p / q, a, sa, b, sb, n);
                Check(new MaximumKernel(), MathF.Max, a, sa, b, sb, n);
            }
        }
    }

    private static void Check<TOp>(TOp op, Func<float, float, float> reference, float[] a, int sa, float[] b, int sb, int n)
        where TOp : struct, IBinaryKernel
    {
        // Two rows of n elements: row r of a starts at r·n·sa (or 0 when broadcast), y is contiguous [2, n].
        var y = new float[2 * n];
        var layout = new StridedLayout([2, n], [sa == 0 ? 0 : 1, sa], [sb == 0 ? 0 : 1, sb], [n, 1]);
        Elementwise.Binary<float, TOp>(op, a, 0, b, 0, layout, y, 0);
        for (int r = 0; r < 2; r++)
            for (int i = 0; i < n; i++)
            {
                float expected = reference(a[(sa == 0 ? 0 : r) + i * sa], b[(sb == 0 ? 0 : r) + i * sb]);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(y[r * n + i])
                    || MathF.Abs(expected - y[r * n + i]) <= 1e-6f * MathF.Abs(expected),
                    $"{typeof(TOp).Name} n={n} strides=({sa},{sb}) [{r},{i}]: {y[r * n + i]} vs {expected}");
            }
    }
}
