using System.Buffers;
using System.Runtime.Intrinsics;

namespace Glubina.Kernels;

/// <summary>The memory layout <see cref="DirectConv"/> computes in: each channel of a sample copied into a
/// zero-bordered plane whose rows are an output row plus the kernel's reach, so that every kernel tap is one fixed
/// offset; outputs (and output gradients) laid out at the same flat positions, junk past the output width.</summary>
internal static unsafe partial class DirectConv
{
    /// <summary>Where one sample's zero-bordered planes and its flat outputs live: output (oh, ow) is flat position
    /// oh·RowWidth + ow, and tap (c, ki, kj) reads the input planes at that position shifted by a fixed offset.</summary>
    private readonly struct Layout
    {
        public readonly int RowWidth, Rows, Plane, Length, InputSize, OutputRows;

        public Layout(in ConvGeometry g, int outChannels, int lanes, int rowMultiple)
        {
            RowWidth = g.OutW + g.DilationW * (g.KernelW - 1);
            Rows = g.OutH + g.DilationH * (g.KernelH - 1);
            Plane = Rows * RowWidth;
            Length = (g.OutH * RowWidth + lanes - 1) / lanes * lanes;
            // One past the furthest read: the last position at the last tap of the last channel.
            InputSize = (g.Channels - 1) * Plane + Length + (Rows - g.OutH) * RowWidth + RowWidth - g.OutW;
            OutputRows = (outChannels + rowMultiple - 1) / rowMultiple * rowMultiple;
        }
    }

    // offsets[t] for tap t = (c·kH + ki)·kW + kj: where it reads the planes, relative to the output position
    // (extra: that many dummy taps at offset 0 at the end)
    private static int[] Offsets(in ConvGeometry g, in Layout l, int extra)
    {
        int[] offsets = ArrayPool<int>.Shared.Rent(g.ColRows + extra);
        int t = 0;
        for (int c = 0; c < g.Channels; c++)
            for (int ki = 0; ki < g.KernelH; ki++)
                for (int kj = 0; kj < g.KernelW; kj++)
                    offsets[t++] = c * l.Plane + ki * g.DilationH * l.RowWidth + kj * g.DilationW;
        offsets.AsSpan(t, extra).Clear();
        return offsets;
    }

    // x: [C, H, W] → planes: [C, Rows, RowWidth] (plane stride Plane), the image at row PadTop and column PadLeft,
    // zero elsewhere; a negative padding crops.
    private static void Spread(float* x, in ConvGeometry g, in Layout l, float* planes)
    {
        new Span<float>(planes, l.InputSize).Clear();
        int c0 = Math.Max(0, g.PadLeft), c1 = Math.Min(l.RowWidth, g.PadLeft + g.Width);
        int r0 = Math.Max(0, g.PadTop), r1 = Math.Min(l.Rows, g.PadTop + g.Height);
        if (c1 <= c0 || r1 <= r0)
            return;
        bool wholeRows = c0 == 0 && c1 == g.Width && l.RowWidth == g.Width;
        for (int c = 0; c < g.Channels; c++)
        {
            float* src = x + c * g.InPlane + (r0 - g.PadTop) * g.Width + c0 - g.PadLeft, dst = planes + c * l.Plane + r0 * l.RowWidth + c0;
            if (wholeRows)
                CopyRow(src, dst, (r1 - r0) * g.Width);
            else
                for (int r = r0; r < r1; r++, src += g.Width, dst += l.RowWidth)
                    CopyRow(src, dst, c1 - c0);
        }
    }

    // gy: [OC, OH, OW] → flat: [OutputRows, Length] at positions oh·RowWidth + ow, zero elsewhere
    private static void Scatter(float* gy, in Layout l, in ConvGeometry g, int outChannels, float* flat)
    {
        new Span<float>(flat, l.OutputRows * l.Length).Clear();
        for (int o = 0; o < outChannels; o++)
            for (int oh = 0; oh < g.OutH; oh++)
                CopyRow(gy + (o * g.OutH + oh) * g.OutW, flat + o * l.Length + oh * l.RowWidth, g.OutW);
    }

    // rows [first, end) of flat: [OutputRows, Length] → y: [OC, OH, OW], dropping the positions past the output width
    private static void Gather(float* flat, in Layout l, in ConvGeometry g, int first, int end, float* y)
    {
        for (int o = first; o < end; o++)
            for (int oh = 0; oh < g.OutH; oh++)
                CopyRow(flat + o * l.Length + oh * l.RowWidth, y + (o * g.OutH + oh) * g.OutW, g.OutW);
    }

    // n floats from src to dst (not overlapping). Rows here are short (10–32 floats), where a few overlapping
    // vector moves beat a call to memmove.
    private static void CopyRow(float* src, float* dst, int n)
    {
        if (n < Vector256<float>.Count)
        {
            for (int i = 0; i < n; i++)
                dst[i] = src[i];
            return;
        }
        int last = n - Vector256<float>.Count;
        for (int i = 0; i < last; i += Vector256<float>.Count)
            Vector256.Load(src + i).Store(dst + i);
        Vector256.Load(src + last).Store(dst + last);
    }
}
