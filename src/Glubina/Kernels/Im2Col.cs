using System.Numerics;
using System.Runtime.CompilerServices;

namespace Glubina.Kernels;

/// <summary>Unfolds the sliding windows of an image into the columns of a matrix, so that a convolution becomes
/// one GEMM: row (c, ki, kj) of the matrix holds, for every output position, the input value that kernel tap
/// (ki, kj) of channel c sees there (zero in the padding).</summary>
internal static class Im2Col
{
    // x: [C, H, W] → col: [C·kH·kW, OH·OW] with row stride ldCol (several samples side by side in one matrix)
    public static void Run<T>(ReadOnlySpan<T> x, in ConvGeometry g, Span<T> col, int ldCol)
        where T : unmanaged, INumber<T>
        => Im2ColWalk.Run(g, ldCol, new Gather<T>(x, col));

    private readonly ref struct Gather<T>(ReadOnlySpan<T> x, Span<T> col) : Im2ColWalk.IRow
        where T : unmanaged, INumber<T>
    {
        private readonly ReadOnlySpan<T> _x = x;
        private readonly Span<T> _col = col;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Padding(in ConvGeometry g, int colStart) => _col.Slice(colStart, g.OutW).Clear();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Row(in ConvGeometry g, int colStart, int imageStart, int lo, int hi)
        {
            Span<T> d = _col.Slice(colStart, g.OutW);
            d[..lo].Clear();
            d[hi..].Clear();
            Span<T> inside = d[lo..hi];
            if (inside.IsEmpty)
                return; // this tap sees only padding in this row (padding wider than the image)
            if (g.StrideW == 1)
                _x.Slice(imageStart, inside.Length).CopyTo(inside);
            else
                Strided(_x[imageStart..], g.StrideW, inside);
        }

        // A loop of its own: inlined into the walk, it would share the walk's registers and spill.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Strided(ReadOnlySpan<T> src, int step, Span<T> dst)
        {
            for (int i = 0, s = 0; i < dst.Length; i++, s += step)
                dst[i] = src[s];
        }
    }
}
