using System.Numerics;

namespace Glubina.Kernels;

/// <summary>Unfolds the sliding windows of an image into the columns of a matrix, so that a convolution becomes
/// one GEMM: row (c, ki, kj) of the matrix holds, for every output position, the input value that kernel tap
/// (ki, kj) of channel c sees there (zero in the padding).</summary>
internal static class Im2Col
{
    // x: [C, H, W] → col: [C·kH·kW, OH·OW]
    public static void Run<T>(ReadOnlySpan<T> x, in ConvGeometry g, Span<T> col)
        where T : unmanaged, INumber<T>
        => Run(x, g, col, g.OutPlane);

    // x: [C, H, W] → col: [C·kH·kW, OH·OW] with row stride ldCol (several samples side by side in one matrix)
    public static void Run<T>(ReadOnlySpan<T> x, in ConvGeometry g, Span<T> col, int ldCol)
        where T : unmanaged, INumber<T>
    {
        int outPlane = g.OutPlane, outW = g.OutW, width = g.Width, inPlane = g.InPlane;
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            ReadOnlySpan<T> plane = x.Slice(c * inPlane, inPlane);
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                int offH = ki * g.DilationH - g.PadTop;
                for (int kj = 0; kj < g.KernelW; kj++, row++)
                {
                    int offW = kj * g.DilationW - g.PadLeft;
                    var (lo, hi) = ConvGeometry.ValidRange(offW, g.StrideW, width, outW);
                    Span<T> dst = col.Slice(row * ldCol, outPlane);
                    for (int oh = 0; oh < g.OutH; oh++)
                    {
                        int ih = oh * g.StrideH + offH;
                        Span<T> d = dst.Slice(oh * outW, outW);
                        if ((uint)ih >= (uint)g.Height)
                        {
                            d.Clear();
                            continue;
                        }
                        d[..lo].Clear();
                        d[hi..].Clear();
                        if (hi <= lo)
                            continue; // this tap sees only padding in this row (padding wider than the image)
                        ReadOnlySpan<T> src = plane.Slice(ih * width, width);
                        if (g.StrideW == 1)
                            src.Slice(lo + offW, hi - lo).CopyTo(d[lo..hi]);
                        else
                            for (int ow = lo, iw = lo * g.StrideW + offW; ow < hi; ow++, iw += g.StrideW)
                                d[ow] = src[iw];
                    }
                }
            }
        }
    }
}
