using System.Numerics;
using System.Numerics.Tensors;

namespace Glubina.Kernels;

/// <summary>The adjoint of <see cref="Im2Col"/>: adds every column-matrix entry back onto the input position it
/// was read from (entries that came from the padding are dropped). Used for the input gradient of a convolution.</summary>
internal static class Col2Im
{
    // col: [C·kH·kW, OH·OW] → x: [C, H, W] (added to what x holds)
    public static void Run<T>(ReadOnlySpan<T> col, in ConvGeometry g, Span<T> x)
        where T : unmanaged, INumber<T>
        => Run(col, g, x, g.OutPlane);

    // col: [C·kH·kW, OH·OW] with row stride ldCol → x: [C, H, W] (added to what x holds)
    public static void Run<T>(ReadOnlySpan<T> col, in ConvGeometry g, Span<T> x, int ldCol)
        where T : unmanaged, INumber<T>
    {
        int outPlane = g.OutPlane, outW = g.OutW, width = g.Width, inPlane = g.InPlane;
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            Span<T> plane = x.Slice(c * inPlane, inPlane);
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                int offH = ki * g.DilationH - g.PadTop;
                for (int kj = 0; kj < g.KernelW; kj++, row++)
                {
                    int offW = kj * g.DilationW - g.PadLeft;
                    var (lo, hi) = ConvGeometry.ValidRange(offW, g.StrideW, width, outW);
                    if (hi <= lo)
                        continue;
                    ReadOnlySpan<T> src = col.Slice(row * ldCol, outPlane);
                    for (int oh = 0; oh < g.OutH; oh++)
                    {
                        int ih = oh * g.StrideH + offH;
                        if ((uint)ih >= (uint)g.Height)
                            continue;
                        ReadOnlySpan<T> s = src.Slice(oh * outW, outW);
                        Span<T> d = plane.Slice(ih * width, width);
                        if (g.StrideW == 1)
                        {
                            Span<T> target = d.Slice(lo + offW, hi - lo);
                            TensorPrimitives.Add(target, s[lo..hi], target);
                        }
                        else
                            for (int ow = lo, iw = lo * g.StrideW + offW; ow < hi; ow++, iw += g.StrideW)
                                d[iw] += s[ow];
                    }
                }
            }
        }
    }
}
