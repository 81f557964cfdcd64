using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    // ---- pooling (torch.nn.functional.max_pool1d/2d, avg_pool1d/2d, adaptive_avg_pool2d) ----

    /// <summary>Max pooling of this [N, C, H, W] tensor → [N, C, OH, OW]; <paramref name="stride"/> defaults to the kernel
    /// size; padding counts as −∞ and must be at most half the kernel.</summary>
    public Tensor MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        MaxPool2d((kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), (dilation, dilation), ceilMode);

    /// <summary>Max pooling with separate height and width sizes.</summary>
    public Tensor MaxPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, (int H, int W) dilation, bool ceilMode = false)
    {
        var (sh, sw) = stride ?? kernelSize;
        var g = WindowArguments.Pooling("max_pool2d", this, [kernelSize.H, kernelSize.W], [sh, sw], [padding.H, padding.W],
            [dilation.H, dilation.W], ceilMode);
        return PoolOps.MaxPool2d(this, g, "max_pool2d");
    }

    /// <summary>Max pooling of this [N, C, L] tensor → [N, C, OL].</summary>
    public Tensor MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        var g = WindowArguments.Pooling("max_pool1d", this, [kernelSize], [stride ?? kernelSize], [padding], [dilation], ceilMode);
        return PoolOps.MaxPool2d(Unsqueeze(2), g, "max_pool1d").Squeeze(2);
    }

    /// <summary>Average pooling of this [N, C, H, W] tensor → [N, C, OH, OW]; with <paramref name="countIncludePad"/> (PyTorch's
    /// default) zero padding counts in the divisor.</summary>
    public Tensor AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        AvgPool2d((kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), ceilMode, countIncludePad);

    /// <summary>Average pooling with separate height and width sizes.</summary>
    public Tensor AvgPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, bool ceilMode = false, bool countIncludePad = true)
    {
        var (sh, sw) = stride ?? kernelSize;
        var g = WindowArguments.Pooling("avg_pool2d", this, [kernelSize.H, kernelSize.W], [sh, sw], [padding.H, padding.W], [1, 1], ceilMode);
        return PoolOps.AvgPool2d(this, g, countIncludePad, "avg_pool2d");
    }

    /// <summary>Average pooling of this [N, C, L] tensor → [N, C, OL].</summary>
    public Tensor AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
    {
        var g = WindowArguments.Pooling("avg_pool1d", this, [kernelSize], [stride ?? kernelSize], [padding], [1], ceilMode);
        return PoolOps.AvgPool2d(Unsqueeze(2), g, countIncludePad, "avg_pool1d").Squeeze(2);
    }

    /// <summary>Adaptive average pooling of this [N, C, H, W] tensor to [N, C, outH, outW] (PyTorch's windows:
    /// ⌊i·H/outH⌋ to ⌈(i+1)·H/outH⌉).</summary>
    public Tensor AdaptiveAvgPool2d(int outH, int outW)
    {
        WindowArguments.AdaptivePooling("adaptive_avg_pool2d", this, outH, outW);
        return PoolOps.AdaptiveAvgPool2d(this, outH, outW, "adaptive_avg_pool2d");
    }

    /// <summary>Global average pooling: [N, C, H, W] → [N, C, 1, 1] (AdaptiveAvgPool2d(1)).</summary>
    public Tensor GlobalAvgPool2d()
    {
        WindowArguments.AdaptivePooling("global_avg_pool2d", this, 1, 1);
        return PoolOps.AdaptiveAvgPool2d(this, 1, 1, "global_avg_pool2d");
    }
}
