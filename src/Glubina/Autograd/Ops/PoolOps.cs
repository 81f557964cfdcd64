using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>2-D pooling over [N, C, H, W] (max with saved argmax indices, average, adaptive average), forward and
/// backward side by side. The 1-D poolings are these on [N, C, 1, L].</summary>
internal static class PoolOps
{
    // x: [N, C, H, W] → y: [N, C, OH, OW]
    public static Tensor MaxPool2d(Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding,
        (int H, int W) dilation, bool ceilMode, string op = "max_pool2d")
    {
        var (xc, g) = Prepare(x, kernel, stride, padding, dilation, ceilMode, op);
        if (padding.H > kernel.H / 2 || padding.W > kernel.W / 2)
            throw new ArgumentException(
                $"{op}: padding {padding} must be at most half of the kernel size {kernel} (as in PyTorch).");
        int planes = x.Size(0) * x.Size(1);
        Tensor y = Tensor.Empty(x.DType, [x.Size(0), x.Size(1), g.OutH, g.OutW]);
        // Where each maximum came from is only needed by the backward.
        bool record = Node.ShouldRecord(x);
        Tensor? indices = record ? Tensor.Empty(DType.Int64, y.ShapeArray()) : null;
        if (x.DType == DType.Float32)
            PoolKernels.MaxForward(xc.Data<float>(), xc._offset, planes, g, y.Data<float>(), indices?.Data<long>());
        else
            PoolKernels.MaxForward(xc.Data<double>(), xc._offset, planes, g, y.Data<double>(), indices?.Data<long>());
        return record ? Node.Record(y, new MaxPoolNode(x, indices!, g, op)) : y;
    }

    // x: [N, C, H, W] → y: [N, C, OH, OW]
    public static Tensor AvgPool2d(Tensor x, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding,
        bool ceilMode, bool countIncludePad, string op = "avg_pool2d")
    {
        var (xc, g) = Prepare(x, kernel, stride, padding, (1, 1), ceilMode, op);
        if (padding.H > kernel.H / 2 || padding.W > kernel.W / 2)
            throw new ArgumentException(
                $"{op}: padding {padding} must be at most half of the kernel size {kernel} (as in PyTorch).");
        int planes = x.Size(0) * x.Size(1);
        Tensor y = Tensor.Empty(x.DType, [x.Size(0), x.Size(1), g.OutH, g.OutW]);
        if (x.DType == DType.Float32)
            PoolKernels.AvgForward(xc.Data<float>(), xc._offset, planes, g, countIncludePad, y.Data<float>());
        else
            PoolKernels.AvgForward(xc.Data<double>(), xc._offset, planes, g, countIncludePad, y.Data<double>());
        return Node.ShouldRecord(x) ? Node.Record(y, new AvgPoolNode(x, g, countIncludePad, op)) : y;
    }

    // x: [N, C, H, W] → y: [N, C, OH, OW]
    public static Tensor AdaptiveAvgPool2d(Tensor x, int outH, int outW, string op = "adaptive_avg_pool2d")
    {
        x.EnsureFloating(op);
        if (x.Rank != 4)
            throw new ArgumentException($"{op}: expected input [N, C, H, W], got {ShapeMath.Format(x.Shape)}.");
        if (outH < 1 || outW < 1)
            throw new ArgumentException($"{op}: the output size must be positive, got ({outH}, {outW}).");
        int h = x.Size(2), w = x.Size(3), planes = x.Size(0) * x.Size(1);
        if (h == 0 || w == 0)
            throw new ArgumentException($"{op}: the input {ShapeMath.Format(x.Shape)} has an empty plane.");
        Tensor xc = x.IsContiguous ? x.Detach() : CopyOps.RawCopy(x);
        Tensor y = Tensor.Empty(x.DType, [x.Size(0), x.Size(1), outH, outW]);
        if (x.DType == DType.Float32)
            PoolKernels.AdaptiveAvgForward(xc.Data<float>(), xc._offset, planes, h, w, outH, outW, y.Data<float>());
        else
            PoolKernels.AdaptiveAvgForward(xc.Data<double>(), xc._offset, planes, h, w, outH, outW, y.Data<double>());
        return Node.ShouldRecord(x) ? Node.Record(y, new AdaptiveAvgPoolNode(x, op)) : y;
    }

    private static (Tensor Contiguous, ConvGeometry Geometry) Prepare(Tensor x, (int H, int W) kernel, (int H, int W) stride,
        (int H, int W) padding, (int H, int W) dilation, bool ceilMode, string op)
    {
        x.EnsureFloating(op);
        if (x.Rank != 4)
            throw new ArgumentException($"{op}: expected input [N, C, H, W], got {ShapeMath.Format(x.Shape)}.");
        if (kernel.H < 1 || kernel.W < 1 || stride.H < 1 || stride.W < 1 || dilation.H < 1 || dilation.W < 1
            || padding.H < 0 || padding.W < 0)
            throw new ArgumentException(
                $"{op}: kernel size, stride and dilation must be positive and padding non-negative, got kernel={kernel}, " +
                $"stride={stride}, padding={padding}, dilation={dilation}.");
        int h = x.Size(2), w = x.Size(3);
        int oh = ConvGeometry.OutputSize(h, kernel.H, stride.H, padding.H, 2 * padding.H, dilation.H, ceilMode);
        int ow = ConvGeometry.OutputSize(w, kernel.W, stride.W, padding.W, 2 * padding.W, dilation.W, ceilMode);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException(
                $"{op}: the input {ShapeMath.Format(x.Shape)} is smaller than the kernel {kernel} (padding {padding}, " +
                $"dilation {dilation}); the output would be empty.");
        var g = new ConvGeometry(1, h, w, kernel.H, kernel.W, stride.H, stride.W, padding.H, padding.W, dilation.H, dilation.W, oh, ow);
        return (x.IsContiguous ? x.Detach() : CopyOps.RawCopy(x), g);
    }

    private sealed class MaxPoolNode(Tensor x, Tensor indices, ConvGeometry geometry, string name) : Node(x)
    {
        private readonly SavedTensor _indices = new(indices);

        public override string Name => name;

        protected override Tensor?[] Backward(Tensor gy)
        {
            Tensor idx = _indices.Get(Name), g = gy.IsContiguous ? gy : CopyOps.RawCopy(gy);
            Tensor x = Inputs[0];
            Tensor gx = Tensor.Empty(x.DType, x.ShapeArray());
            int planes = x.Size(0) * x.Size(1);
            if (x.DType == DType.Float32)
                PoolKernels.MaxBackward(g.Data<float>(), g._offset, idx.Data<long>(), planes, geometry, gx.Data<float>());
            else
                PoolKernels.MaxBackward(g.Data<double>(), g._offset, idx.Data<long>(), planes, geometry, gx.Data<double>());
            return [gx];
        }
    }

    private sealed class AvgPoolNode(Tensor x, ConvGeometry geometry, bool countIncludePad, string name) : Node(x)
    {
        public override string Name => name;

        protected override Tensor?[] Backward(Tensor gy)
        {
            Tensor g = gy.IsContiguous ? gy : CopyOps.RawCopy(gy);
            Tensor x = Inputs[0];
            Tensor gx = Tensor.Empty(x.DType, x.ShapeArray());
            int planes = x.Size(0) * x.Size(1);
            if (x.DType == DType.Float32)
                PoolKernels.AvgBackward(g.Data<float>(), g._offset, planes, geometry, countIncludePad, gx.Data<float>());
            else
                PoolKernels.AvgBackward(g.Data<double>(), g._offset, planes, geometry, countIncludePad, gx.Data<double>());
            return [gx];
        }
    }

    private sealed class AdaptiveAvgPoolNode(Tensor x, string name) : Node(x)
    {
        public override string Name => name;

        protected override Tensor?[] Backward(Tensor gy)
        {
            Tensor g = gy.IsContiguous ? gy : CopyOps.RawCopy(gy);
            Tensor x = Inputs[0];
            Tensor gx = Tensor.Empty(x.DType, x.ShapeArray());
            int planes = x.Size(0) * x.Size(1), h = x.Size(2), w = x.Size(3), oh = gy.Size(2), ow = gy.Size(3);
            if (x.DType == DType.Float32)
                PoolKernels.AdaptiveAvgBackward(g.Data<float>(), g._offset, planes, h, w, oh, ow, gx.Data<float>());
            else
                PoolKernels.AdaptiveAvgBackward(g.Data<double>(), g._offset, planes, h, w, oh, ow, gx.Data<double>());
            return [gx];
        }
    }
}
