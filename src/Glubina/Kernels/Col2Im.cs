using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Glubina.Kernels;

/// <summary>The adjoint of <see cref="Im2Col"/>: adds every column-matrix entry back onto the input position it
/// was read from (entries that came from the padding are dropped). Used for the input gradient of a convolution.</summary>
internal static class Col2Im
{
    // col: [C·kH·kW, OH·OW] with row stride ldCol → x: [C, H, W] (added to what x holds)
    public static void Run<T>(ReadOnlySpan<T> col, in ConvGeometry g, Span<T> x, int ldCol)
        where T : unmanaged, INumber<T>
        => Im2ColWalk.Run(g, ldCol, new ScatterAdd<T>(col, x));

    private readonly ref struct ScatterAdd<T>(ReadOnlySpan<T> col, Span<T> x) : Im2ColWalk.IRow
        where T : unmanaged, INumber<T>
    {
        private readonly ReadOnlySpan<T> _col = col;
        private readonly Span<T> _x = x;

        public void Padding(in ConvGeometry g, int colStart)
        {
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Row(in ConvGeometry g, int colStart, int imageStart, int lo, int hi)
        {
            ReadOnlySpan<T> s = _col.Slice(colStart + lo, hi - lo);
            if (s.IsEmpty)
                return;
            if (g.StrideW == 1)
            {
                Span<T> target = _x.Slice(imageStart, s.Length);
                TensorPrimitives.Add(target, s, target);
            }
            else
                Strided(s, g.StrideW, _x[imageStart..]);
        }

        // A loop of its own: inlined into the walk, it would share the walk's registers and spill.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Strided(ReadOnlySpan<T> src, int step, Span<T> dst)
        {
            for (int i = 0, d = 0; i < src.Length; i++, d += step)
                dst[d] += src[i];
        }
    }
}
