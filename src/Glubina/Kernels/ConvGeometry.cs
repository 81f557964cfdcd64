namespace Glubina.Kernels;

/// <summary>
/// Sizes of one 2-D sliding window over a [C, H, W] image (a convolution group or a pooling plane): kernel,
/// stride, the padding before the first row/column (padding after the last one is implied by the output size,
/// which allows PyTorch's asymmetric "same" padding), dilation and the output size.
/// </summary>
internal readonly record struct ConvGeometry(int Channels, int Height, int Width, int KernelH, int KernelW,
    int StrideH, int StrideW, int PadTop, int PadLeft, int DilationH, int DilationW, int OutH, int OutW)
{
    /// <summary>Rows of the im2col matrix: C·kH·kW.</summary>
    public int ColRows => Channels * KernelH * KernelW;

    /// <summary>Output positions per plane: OH·OW.</summary>
    public int OutPlane => OutH * OutW;

    /// <summary>Input positions per plane: H·W.</summary>
    public int InPlane => Height * Width;

    /// <summary>True for a 1×1 kernel with stride 1 and no padding: the image itself is the im2col matrix.</summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && StrideH == 1 && StrideW == 1 && PadTop == 0 && PadLeft == 0
        && OutH == Height && OutW == Width;

    /// <summary>Output size along one dim: ⌊(size + padTotal − dilation·(k−1) − 1)/stride⌋ + 1 (ceil mode rounds up,
    /// but a window must start inside the input or the left padding, as in PyTorch).</summary>
    public static int OutputSize(int size, int kernel, int stride, int padBefore, int padTotal, int dilation, bool ceilMode = false)
    {
        int span = size + padTotal - dilation * (kernel - 1) - 1;
        if (span < 0)
            return 0;
        int outSize = (ceilMode ? span + stride - 1 : span) / stride + 1;
        if (ceilMode && (outSize - 1) * stride >= size + padBefore)
            outSize--;
        return outSize;
    }

    /// <summary>The outputs o in [lo, hi) whose input position o·stride + offset lies in [0, size).</summary>
    public static (int Lo, int Hi) ValidRange(int offset, int stride, int size, int outSize)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int hi = size - 1 - offset < 0 ? 0 : (size - 1 - offset) / stride + 1;
        lo = Math.Min(lo, outSize);
        return (lo, Math.Clamp(hi, lo, outSize));
    }
}
