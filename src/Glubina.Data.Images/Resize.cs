namespace Glubina.Data.Images;

/// <summary>Bilinear resizing of planar float images with half-pixel centres (PyTorch
/// <c>interpolate(mode="bilinear", align_corners=False)</c> without antialiasing).</summary>
public static class Resize
{
    /// <summary>Resizes <paramref name="chw"/> [C, H, W] to [C, <paramref name="outH"/>, <paramref name="outW"/>].</summary>
    public static float[] Bilinear(float[] chw, int channels, int height, int width, int outH, int outW)
    {
        ArgumentNullException.ThrowIfNull(chw);
        if (chw.Length != channels * height * width)
            throw new ArgumentException(
                $"Resize.Bilinear: {chw.Length} values do not make an image of {channels}×{height}×{width}.", nameof(chw));
        if (outH < 1 || outW < 1)
            throw new ArgumentOutOfRangeException(nameof(outH), $"Resize.Bilinear: the output size must be positive, got {outH}×{outW}.");
        var (y0, y1, fy) = Taps(height, outH);
        var (x0, x1, fx) = Taps(width, outW);
        var result = new float[channels * outH * outW];
        for (int c = 0; c < channels; c++)
        {
            int src = c * height * width, dst = c * outH * outW;
            for (int y = 0; y < outH; y++)
            {
                int r0 = src + y0[y] * width, r1 = src + y1[y] * width;
                float wy = fy[y];
                for (int x = 0; x < outW; x++)
                {
                    float top = chw[r0 + x0[x]] + (chw[r0 + x1[x]] - chw[r0 + x0[x]]) * fx[x];
                    float bottom = chw[r1 + x0[x]] + (chw[r1 + x1[x]] - chw[r1 + x0[x]]) * fx[x];
                    result[dst + y * outW + x] = top + (bottom - top) * wy;
                }
            }
        }
        return result;
    }

    // For each output index: the two source indices and the weight of the second (PyTorch's source = (i + 0.5)·in/out − 0.5, clamped at 0).
    private static (int[] Lo, int[] Hi, float[] Frac) Taps(int inSize, int outSize)
    {
        var lo = new int[outSize];
        var hi = new int[outSize];
        var frac = new float[outSize];
        double scale = (double)inSize / outSize;
        for (int i = 0; i < outSize; i++)
        {
            double s = Math.Max(0, (i + 0.5) * scale - 0.5);
            int a = Math.Min((int)s, inSize - 1);
            lo[i] = a;
            hi[i] = Math.Min(a + 1, inSize - 1);
            frac[i] = (float)(s - a);
        }
        return (lo, hi, frac);
    }
}
