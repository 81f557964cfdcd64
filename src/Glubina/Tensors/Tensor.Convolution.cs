using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    // ---- convolution (torch.nn.functional.conv1d / conv2d) ----

    /// <summary>2-D convolution of this [N, C, H, W] input with <paramref name="weight"/> [OC, C/groups, kH, kW] and
    /// an optional <paramref name="bias"/> [OC] → [N, OC, OH, OW], OH = ⌊(H + 2·padding − dilation·(kH−1) − 1)/stride⌋ + 1.</summary>
    public Tensor Conv2d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Conv2d(weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    /// <summary>2-D convolution with separate height and width stride, padding (each side) and dilation.</summary>
    public Tensor Conv2d(Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups = 1) =>
        ConvOps.Conv2d(this, weight, bias, stride, (padding.H, padding.H, padding.W, padding.W), dilation, groups);

    /// <summary>2-D convolution with PyTorch's string padding: "valid" (none) or "same" (output as large as the input;
    /// stride 1 only; an odd total padding puts the extra row/column at the bottom/right, as PyTorch).</summary>
    public Tensor Conv2d(Tensor weight, Tensor? bias, string padding, (int H, int W) stride, (int H, int W) dilation, int groups = 1)
    {
        if (weight.Rank != 4)
            throw new ArgumentException($"conv2d: expected weight [out_channels, in_channels/groups, kH, kW], got {ShapeMath.Format(weight.Shape)}.");
        var (top, bottom) = StringPadding(padding, weight.Size(2), stride.H, dilation.H, "conv2d");
        var (left, right) = StringPadding(padding, weight.Size(3), stride.W, dilation.W, "conv2d");
        return ConvOps.Conv2d(this, weight, bias, stride, (top, bottom, left, right), dilation, groups);
    }

    /// <summary>1-D convolution of this [N, C, L] input with <paramref name="weight"/> [OC, C/groups, k] and an optional
    /// <paramref name="bias"/> [OC] → [N, OC, OL].</summary>
    public Tensor Conv1d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Conv1d(weight, bias, (padding, padding), stride, dilation, groups);

    /// <summary>1-D convolution with PyTorch's string padding "valid" or "same" (stride 1 only).</summary>
    public Tensor Conv1d(Tensor weight, Tensor? bias, string padding, int stride = 1, int dilation = 1, int groups = 1)
    {
        if (weight.Rank != 3)
            throw new ArgumentException($"conv1d: expected weight [out_channels, in_channels/groups, k], got {ShapeMath.Format(weight.Shape)}.");
        return Conv1d(weight, bias, StringPadding(padding, weight.Size(2), stride, dilation, "conv1d"), stride, dilation, groups);
    }

    private Tensor Conv1d(Tensor weight, Tensor? bias, (int Left, int Right) padding, int stride, int dilation, int groups)
    {
        if (Rank != 3 || weight.Rank != 3)
            throw new ArgumentException(
                $"conv1d: expected input [N, C, L] and weight [out_channels, in_channels/groups, k], got input " +
                $"{ShapeMath.Format(_shape)} and weight {ShapeMath.Format(weight.Shape)}.");
        return ConvOps.Conv2d(Unsqueeze(2), weight.Unsqueeze(2), bias, (1, stride), (0, 0, padding.Left, padding.Right),
            (1, dilation), groups, "conv1d").Squeeze(2);
    }

    /// <summary>Per-side padding of PyTorch's "valid" and "same" for one dim.</summary>
    internal static (int Before, int After) StringPadding(string padding, int kernel, int stride, int dilation, string op)
    {
        switch (padding)
        {
            case "valid":
                return (0, 0);
            case "same":
                if (stride != 1)
                    throw new ArgumentException($"{op}: padding=\"same\" needs stride 1 (as in PyTorch), got stride {stride}.");
                int total = dilation * (kernel - 1);
                return (total / 2, total - total / 2);
            default:
                throw new ArgumentException($"{op}: padding must be a number, \"valid\" or \"same\", got \"{padding}\".");
        }
    }

    // ---- pooling ----

    /// <summary>Max pooling of this [N, C, H, W] tensor → [N, C, OH, OW]; <paramref name="stride"/> defaults to the kernel
    /// size; padding counts as −∞ and must be at most half the kernel.</summary>
    public Tensor MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        MaxPool2d((kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode);

    /// <summary>Max pooling with separate height and width sizes.</summary>
    public Tensor MaxPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, (int H, int W) dilation, bool ceilMode = false) =>
        PoolOps.MaxPool2d(this, kernelSize, stride ?? kernelSize, padding, dilation, ceilMode);

    /// <summary>Max pooling of this [N, C, L] tensor → [N, C, OL].</summary>
    public Tensor MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        CheckRank3("max_pool1d");
        return PoolOps.MaxPool2d(Unsqueeze(2), (1, kernelSize), (1, stride ?? kernelSize), (0, padding), (1, dilation), ceilMode, "max_pool1d").Squeeze(2);
    }

    /// <summary>Average pooling of this [N, C, H, W] tensor → [N, C, OH, OW]; with <paramref name="countIncludePad"/> (PyTorch's
    /// default) zero padding counts in the divisor.</summary>
    public Tensor AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        AvgPool2d((kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), ceilMode, countIncludePad);

    /// <summary>Average pooling with separate height and width sizes.</summary>
    public Tensor AvgPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, bool ceilMode = false, bool countIncludePad = true) =>
        PoolOps.AvgPool2d(this, kernelSize, stride ?? kernelSize, padding, ceilMode, countIncludePad);

    /// <summary>Average pooling of this [N, C, L] tensor → [N, C, OL].</summary>
    public Tensor AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        CheckRank3("avg_pool1d");
        return PoolOps.AvgPool2d(Unsqueeze(2), (1, kernelSize), (1, stride ?? kernelSize), (0, padding), ceilMode, countIncludePad, "avg_pool1d").Squeeze(2);
    }

    /// <summary>Adaptive average pooling of this [N, C, H, W] tensor to [N, C, outH, outW] (PyTorch's windows:
    /// ⌊i·H/outH⌋ to ⌈(i+1)·H/outH⌉).</summary>
    public Tensor AdaptiveAvgPool2d(int outH, int outW) => PoolOps.AdaptiveAvgPool2d(this, outH, outW);

    /// <summary>Global average pooling: [N, C, H, W] → [N, C, 1, 1] (AdaptiveAvgPool2d(1)).</summary>
    public Tensor GlobalAvgPool2d() => PoolOps.AdaptiveAvgPool2d(this, 1, 1, "global_avg_pool2d");

    // ---- upsampling ----

    /// <summary>Nearest-neighbour upsampling by an integer factor of the trailing dims: [N, C, L] → [N, C, L·s] or
    /// [N, C, H, W] → [N, C, H·s, W·s] (torch.nn.functional.interpolate(mode="nearest")).</summary>
    public Tensor UpsampleNearest(int scaleFactor)
    {
        if (scaleFactor < 1)
            throw new ArgumentException($"upsample_nearest: scale factor must be a positive integer, got {scaleFactor}.");
        int n = Size0(), c = Rank > 1 ? _shape[1] : 0;
        return Rank switch
        {
            3 => Reshape(n, c, _shape[2], 1).Expand(n, c, _shape[2], scaleFactor).Reshape(n, c, _shape[2] * scaleFactor),
            4 => Reshape(n, c, _shape[2], 1, _shape[3], 1).Expand(n, c, _shape[2], scaleFactor, _shape[3], scaleFactor)
                .Reshape(n, c, _shape[2] * scaleFactor, _shape[3] * scaleFactor),
            _ => throw new ArgumentException($"upsample_nearest: expected input [N, C, L] or [N, C, H, W], got {ShapeMath.Format(_shape)}."),
        };
    }

    private int Size0() => Rank > 0 ? _shape[0] : 0;

    private void CheckRank3(string op)
    {
        if (Rank != 3)
            throw new ArgumentException($"{op}: expected input [N, C, L], got {ShapeMath.Format(_shape)}.");
    }
}
