using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    // ---- convolution (torch.nn.functional.conv1d / conv2d: cross-correlation with zero padding) ----

    /// <summary>2-D convolution of this [N, C, H, W] input with <paramref name="weight"/> [OC, C/groups, kH, kW] and
    /// an optional <paramref name="bias"/> [OC] → [N, OC, OH, OW], OH = ⌊(H + 2·padding − dilation·(kH−1) − 1)/stride⌋ + 1.</summary>
    public Tensor Conv2d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Conv2d(weight, bias, (stride, stride), (padding, padding, padding, padding), (dilation, dilation), groups);

    /// <summary>2-D convolution with separate height and width stride, padding (on both sides) and dilation.</summary>
    public Tensor Conv2d(Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups = 1) =>
        Conv2d(weight, bias, stride, (padding.H, padding.H, padding.W, padding.W), dilation, groups);

    /// <summary>2-D convolution with zero padding given per side, as <c>F.conv2d(F.pad(x, (left, right, top, bottom)), …)</c>
    /// in PyTorch: OH = ⌊(H + top + bottom − dilation·(kH−1) − 1)/stride⌋ + 1, OW likewise with left and right.</summary>
    public Tensor Conv2d(Tensor weight, Tensor? bias, (int H, int W) stride, (int Top, int Bottom, int Left, int Right) padding,
        (int H, int W) dilation, int groups = 1)
    {
        var g = WindowArguments.Convolution("conv2d", this, weight, bias, [stride.H, stride.W],
            [padding.Top, padding.Bottom, padding.Left, padding.Right], [dilation.H, dilation.W], groups);
        return ConvOps.Conv2d(this, weight, bias, groups, g, "conv2d");
    }

    /// <summary>2-D convolution with PyTorch's string padding: "valid" (none) or "same" (output as large as the input;
    /// stride 1 only; an odd total padding puts the extra row/column at the bottom/right, as PyTorch).</summary>
    public Tensor Conv2d(Tensor weight, Tensor? bias, string padding, (int H, int W) stride, (int H, int W) dilation, int groups = 1)
    {
        if (weight.Rank != 4)
            throw new ArgumentException($"conv2d: expected weight [out_channels, in_channels/groups, kH, kW], got {ShapeMath.Format(weight.Shape)}.");
        var (top, bottom) = WindowArguments.StringPadding("conv2d", padding, weight.Size(2), stride.H, dilation.H);
        var (left, right) = WindowArguments.StringPadding("conv2d", padding, weight.Size(3), stride.W, dilation.W);
        return Conv2d(weight, bias, stride, (top, bottom, left, right), dilation, groups);
    }

    /// <summary>1-D convolution of this [N, C, L] input with <paramref name="weight"/> [OC, C/groups, k] and an optional
    /// <paramref name="bias"/> [OC] → [N, OC, OL], OL = ⌊(L + 2·padding − dilation·(k−1) − 1)/stride⌋ + 1.</summary>
    public Tensor Conv1d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Conv1d(weight, bias, (padding, padding), stride, dilation, groups);

    /// <summary>1-D convolution with PyTorch's string padding "valid" or "same" (stride 1 only; an odd total padding puts
    /// the extra element at the end).</summary>
    public Tensor Conv1d(Tensor weight, Tensor? bias, string padding, int stride = 1, int dilation = 1, int groups = 1)
    {
        if (weight.Rank != 3)
            throw new ArgumentException($"conv1d: expected weight [out_channels, in_channels/groups, k], got {ShapeMath.Format(weight.Shape)}.");
        return Conv1d(weight, bias, WindowArguments.StringPadding("conv1d", padding, weight.Size(2), stride, dilation), stride, dilation, groups);
    }

    /// <summary>1-D convolution with zero padding given per side (before the first and after the last element).</summary>
    public Tensor Conv1d(Tensor weight, Tensor? bias, (int Left, int Right) padding, int stride = 1, int dilation = 1, int groups = 1)
    {
        var g = WindowArguments.Convolution("conv1d", this, weight, bias, [stride], [padding.Left, padding.Right], [dilation], groups);
        return ConvOps.Conv2d(Unsqueeze(2), weight.Unsqueeze(2), bias, groups, g, "conv1d").Squeeze(2);
    }
}
