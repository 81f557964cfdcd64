using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>2-D pooling over [N, C, H, W] (max with saved argmax indices, average, adaptive average), forward and
/// backward side by side. The 1-D poolings are these on [N, C, 1, L].</summary>
internal static class PoolOps
{
    // x: [N, C, H, W] → y: [N, C, OH, OW]; g from WindowArguments.Pooling, which checked the arguments
    public static Tensor MaxPool2d(Tensor x, ConvGeometry g, string op)
    {
        Tensor xc = Contiguous(x);
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

    // x: [N, C, H, W] → y: [N, C, OH, OW]; g from WindowArguments.Pooling
    public static Tensor AvgPool2d(Tensor x, ConvGeometry g, bool countIncludePad, string op)
    {
        Tensor xc = Contiguous(x);
        int planes = x.Size(0) * x.Size(1);
        Tensor y = Tensor.Empty(x.DType, [x.Size(0), x.Size(1), g.OutH, g.OutW]);
        if (x.DType == DType.Float32)
            PoolKernels.AvgForward(xc.Data<float>(), xc._offset, planes, g, countIncludePad, y.Data<float>());
        else
            PoolKernels.AvgForward(xc.Data<double>(), xc._offset, planes, g, countIncludePad, y.Data<double>());
        return Node.ShouldRecord(x) ? Node.Record(y, new AvgPoolNode(x, g, countIncludePad, op)) : y;
    }

    // x: [N, C, H, W] → y: [N, C, outH, outW]; checked by WindowArguments.AdaptivePooling
    public static Tensor AdaptiveAvgPool2d(Tensor x, int outH, int outW, string op)
    {
        int h = x.Size(2), w = x.Size(3), planes = x.Size(0) * x.Size(1);
        Tensor xc = Contiguous(x);
        Tensor y = Tensor.Empty(x.DType, [x.Size(0), x.Size(1), outH, outW]);
        if (x.DType == DType.Float32)
            PoolKernels.AdaptiveAvgForward(xc.Data<float>(), xc._offset, planes, h, w, outH, outW, y.Data<float>());
        else
            PoolKernels.AdaptiveAvgForward(xc.Data<double>(), xc._offset, planes, h, w, outH, outW, y.Data<double>());
        return Node.ShouldRecord(x) ? Node.Record(y, new AdaptiveAvgPoolNode(x, op)) : y;
    }

    private static Tensor Contiguous(Tensor x) => x.IsContiguous ? x.Detach() : CopyOps.RawCopy(x);

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
