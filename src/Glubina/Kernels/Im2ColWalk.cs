namespace Glubina.Kernels;

/// <summary>
/// The walk that <see cref="Im2Col"/> and its adjoint <see cref="Col2Im"/> share: every output row of every kernel
/// tap (c, ki, kj), in column-matrix row order, with the image row that the tap reads there. What is done with each
/// pair (gather into the column matrix, or add back into the image) is the struct <c>TRow</c>, which the JIT
/// specialises and inlines, so the walk is written once at no cost to either direction.
/// </summary>
internal static class Im2ColWalk
{
    /// <summary>One direction of the walk, over a row of the column matrix (OW entries from <c>colStart</c>).</summary>
    internal interface IRow
    {
        /// <summary>This output row of the tap lies in the top or bottom padding: it reads no image row.</summary>
        void Padding(in ConvGeometry g, int colStart);

        /// <summary>Output positions [lo, hi) of this row read the image at <c>imageStart</c>,
        /// <c>imageStart + StrideW</c>, …; the positions outside [lo, hi) read the left or right padding (hi = lo when
        /// the padding is wider than the image).</summary>
        void Row(in ConvGeometry g, int colStart, int imageStart, int lo, int hi);
    }

    // col: [C·kH·kW, OH·OW] with row stride ldCol, x: [C, H, W]
    public static void Run<TRow>(in ConvGeometry g, int ldCol, TRow rows)
        where TRow : IRow, allows ref struct
    {
        int outW = g.OutW, width = g.Width, inPlane = g.InPlane, rowStep = g.StrideH * width;
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            for (int ki = 0; ki < g.KernelH; ki++)
            {
                int offH = ki * g.DilationH - g.PadTop;
                for (int kj = 0; kj < g.KernelW; kj++, row++)
                {
                    int offW = kj * g.DilationW - g.PadLeft;
                    var (lo, hi) = ConvGeometry.ValidRange(offW, g.StrideW, width, outW);
                    // Where output (oh, lo) reads the image (a row index outside [0, H) is never used).
                    int imageStart = c * inPlane + offH * width + lo * g.StrideW + offW;
                    int colStart = row * ldCol;
                    for (int oh = 0, ih = offH; oh < g.OutH; oh++, ih += g.StrideH, colStart += outW, imageStart += rowStep)
                    {
                        if ((uint)ih >= (uint)g.Height)
                            rows.Padding(g, colStart);
                        else
                            rows.Row(g, colStart, imageStart, lo, hi);
                    }
                }
            }
        }
    }
}
