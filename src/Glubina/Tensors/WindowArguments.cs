using Glubina.Kernels;

namespace Glubina.Tensors;

/// <summary>
/// The argument rules of the sliding-window ops (convolution and pooling), in one place. Layers check their
/// hyperparameters here when they are built and their input before each call; the functional calls
/// (<c>Tensor.Conv2d</c>, <c>Tensor.MaxPool2d</c>, …) check their tensors here. Errors name the caller (a layer such
/// as "Conv2d" or an op such as "conv2d") and the values given. Spatial arguments have one entry per spatial dim (one
/// for 1-D, two for 2-D); convolution padding has two per dim, before and after (top, bottom, left, right).
/// </summary>
internal static class WindowArguments
{
    /// <summary>Hyperparameters of a convolution layer.</summary>
    public static void Convolution(string where, int inChannels, int outChannels, int groups,
        ReadOnlySpan<int> kernel, ReadOnlySpan<int> stride, ReadOnlySpan<int> padding, ReadOnlySpan<int> dilation)
    {
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0)
            throw new ArgumentException(
                $"{where}: channel counts and groups must be positive, got in_channels={inChannels}, out_channels={outChannels}, groups={groups}.");
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException(
                $"{where}: in_channels ({inChannels}) and out_channels ({outChannels}) must both be divisible by groups ({groups}).");
        Window(where, kernel, stride, padding, dilation);
    }

    /// <summary>Hyperparameters of a max or average pooling (symmetric padding, one per dim).</summary>
    public static void Pooling(string where, ReadOnlySpan<int> kernel, ReadOnlySpan<int> stride, ReadOnlySpan<int> padding,
        ReadOnlySpan<int> dilation)
    {
        Window(where, kernel, stride, padding, dilation);
        for (int d = 0; d < kernel.Length; d++)
            if (padding[d] > kernel[d] / 2)
                throw new ArgumentException(
                    $"{where}: padding ({List(padding)}) must be at most half of kernel_size ({List(kernel)}).");
    }

    /// <summary>Per-side padding of PyTorch's string padding for one dim: "valid" (none) or "same" (output as large as
    /// the input; stride 1 only; an odd total puts the extra element after, as PyTorch).</summary>
    public static (int Before, int After) StringPadding(string where, string padding, int kernel, int stride, int dilation)
    {
        switch (padding)
        {
            case "valid":
                return (0, 0);
            case "same":
                if (stride != 1)
                    throw new ArgumentException($"{where}: padding=\"same\" needs stride 1 (as in PyTorch), got stride {stride}.");
                int total = dilation * (kernel - 1);
                return (total / 2, total - total / 2);
            default:
                throw new ArgumentException($"{where}: padding must be a number, \"valid\" or \"same\", got \"{padding}\".");
        }
    }

    // x: [N, C, *spatial], weight: [OC, C/groups, *kernel], bias: [OC]
    /// <summary>Checks the tensors and arguments of a convolution and returns the geometry of one group.</summary>
    public static ConvGeometry Convolution(string where, Tensor x, Tensor weight, Tensor? bias, ReadOnlySpan<int> stride,
        ReadOnlySpan<int> padding, ReadOnlySpan<int> dilation, int groups)
    {
        int dims = stride.Length;
        x.EnsureFloating(where);
        if (x.Rank != dims + 2 || weight.Rank != dims + 2)
            throw new ArgumentException(
                $"{where}: expected input {(dims == 1 ? "[N, C, L]" : "[N, C, H, W]")} and weight " +
                $"{(dims == 1 ? "[out_channels, in_channels/groups, k]" : "[out_channels, in_channels/groups, kH, kW]")}, got input " +
                $"{ShapeMath.Format(x.Shape)} and weight {ShapeMath.Format(weight.Shape)}.");
        if (weight.DType != x.DType || (bias is not null && bias.DType != x.DType))
            throw new ArgumentException($"{where}: input, weight and bias must have the same dtype (input is {x.DType.Name()}).");
        if (groups <= 0)
            throw new ArgumentException($"{where}: groups must be positive, got {groups}.");
        Window(where, weight.Shape[2..], stride, padding, dilation);
        int c = x.Size(1), oc = weight.Size(0), cg = weight.Size(1);
        if (c % groups != 0 || oc % groups != 0 || cg != c / groups)
            throw new ArgumentException(
                $"{where}: with groups={groups} the weight must be [out_channels (a multiple of {groups}), {c}/{groups}, ...] " +
                $"for an input with {c} channels, got weight {ShapeMath.Format(weight.Shape)} and input {ShapeMath.Format(x.Shape)}.");
        if (bias is not null && (bias.Rank != 1 || bias.Size(0) != oc))
            throw new ArgumentException($"{where}: bias must be [{oc}], got {ShapeMath.Format(bias.Shape)}.");
        // A 1-D window is a 2-D one of height 1.
        var (h, kh, sh, top, bottom, dh) = dims == 1
            ? (1, 1, 1, 0, 0, 1)
            : (x.Size(2), weight.Size(2), stride[0], padding[0], padding[1], dilation[0]);
        int w = x.Size(-1), kw = weight.Size(-1), sw = stride[^1], left = padding[^2], right = padding[^1], dw = dilation[^1];
        int oh = ConvGeometry.OutputSize(h, kh, sh, top, top + bottom, dh);
        int ow = ConvGeometry.OutputSize(w, kw, sw, left, left + right, dw);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException(
                $"{where}: the input {ShapeMath.Format(x.Shape)} (padded by ({List(padding)})) is smaller than the dilated kernel " +
                $"{List(weight.Shape[2..], "×")} (dilation ({List(dilation)})); the output would be empty.");
        return new ConvGeometry(cg, h, w, kh, kw, sh, sw, top, left, dh, dw, oh, ow);
    }

    // x: [N, C, *spatial]
    /// <summary>Checks the input and arguments of a max or average pooling and returns the geometry of one plane.</summary>
    public static ConvGeometry Pooling(string where, Tensor x, ReadOnlySpan<int> kernel, ReadOnlySpan<int> stride,
        ReadOnlySpan<int> padding, ReadOnlySpan<int> dilation, bool ceilMode)
    {
        int dims = kernel.Length;
        CheckRank(where, x, dims);
        x.EnsureFloating(where);
        Pooling(where, kernel, stride, padding, dilation);
        var (h, kh, sh, ph, dh) = dims == 1 ? (1, 1, 1, 0, 1) : (x.Size(2), kernel[0], stride[0], padding[0], dilation[0]);
        int w = x.Size(-1), kw = kernel[^1], sw = stride[^1], pw = padding[^1], dw = dilation[^1];
        int oh = ConvGeometry.OutputSize(h, kh, sh, ph, 2 * ph, dh, ceilMode);
        int ow = ConvGeometry.OutputSize(w, kw, sw, pw, 2 * pw, dw, ceilMode);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException(
                $"{where}: the input {ShapeMath.Format(x.Shape)} is smaller than the kernel ({List(kernel)}) (padding ({List(padding)}), " +
                $"dilation ({List(dilation)})); the output would be empty.");
        return new ConvGeometry(1, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow);
    }

    /// <summary>Checks the input [N, C, H, W] and output size of an adaptive average pooling.</summary>
    public static void AdaptivePooling(string where, Tensor x, int outH, int outW)
    {
        CheckRank(where, x, 2);
        x.EnsureFloating(where);
        if (outH < 1 || outW < 1)
            throw new ArgumentException($"{where}: the output size must be positive, got ({outH}, {outW}).");
        if (x.Size(2) == 0 || x.Size(3) == 0)
            throw new ArgumentException($"{where}: the input {ShapeMath.Format(x.Shape)} has an empty plane.");
    }

    /// <summary>The input of a 1-D ([N, C, L]) or 2-D ([N, C, H, W]) window op.</summary>
    private static void CheckRank(string where, Tensor x, int dims)
    {
        if (x.Rank != dims + 2)
            throw new ArgumentException(
                $"{where}: expected input {(dims == 1 ? "[N, C, L]" : "[N, C, H, W]")}, got {ShapeMath.Format(x.Shape)}.");
    }

    private static void Window(string where, ReadOnlySpan<int> kernel, ReadOnlySpan<int> stride, ReadOnlySpan<int> padding,
        ReadOnlySpan<int> dilation)
    {
        if (!AtLeast(kernel, 1) || !AtLeast(stride, 1) || !AtLeast(dilation, 1) || !AtLeast(padding, 0))
            throw new ArgumentException(
                $"{where}: kernel size, stride and dilation must be positive and padding non-negative, got kernel_size=({List(kernel)}), " +
                $"stride=({List(stride)}), padding=({List(padding)}), dilation=({List(dilation)}).");
    }

    private static bool AtLeast(ReadOnlySpan<int> values, int min)
    {
        foreach (int v in values)
            if (v < min)
                return false;
        return true;
    }

    private static string List(ReadOnlySpan<int> values, string separator = ", ") => string.Join(separator, values.ToArray());
}
