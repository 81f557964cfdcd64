using System.Numerics;
using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>2-D pooling over [N, C, H, W] (max with saved argmax indices, average, adaptive average), forward and
/// backward side by side. The 1-D poolings are these on [N, C, 1, L]. The callers have checked the arguments
/// (<see cref="WindowArguments"/>) and give the geometry of one plane.</summary>
internal static class PoolOps
{
    private enum Kind { Max, Avg, AdaptiveAvg }

    // x: [N, C, H, W] → y: [N, C, OH, OW]
    public static Tensor MaxPool2d(Tensor x, ConvGeometry g, string op) => Pool(Kind.Max, x, g, countIncludePad: false, op);

    // x: [N, C, H, W] → y: [N, C, OH, OW]
    public static Tensor AvgPool2d(Tensor x, ConvGeometry g, bool countIncludePad, string op) => Pool(Kind.Avg, x, g, countIncludePad, op);

    // x: [N, C, H, W] → y: [N, C, outH, outW]; the windows follow from the sizes alone, so only those are in the geometry.
    public static Tensor AdaptiveAvgPool2d(Tensor x, int outH, int outW, string op) =>
        Pool(Kind.AdaptiveAvg, x, new ConvGeometry(1, x.Size(2), x.Size(3), 1, 1, 1, 1, 0, 0, 1, 1, outH, outW), countIncludePad: false, op);

    private static Tensor Pool(Kind kind, Tensor x, ConvGeometry g, bool countIncludePad, string op)
    {
        Tensor xc = x.IsContiguous ? x.Detach() : CopyOps.RawCopy(x);
        Tensor y = Tensor.Empty(x.DType, [x.Size(0), x.Size(1), g.OutH, g.OutW]);
        bool record = Node.ShouldRecord(x);
        // Where each maximum came from is only needed by the backward.
        Tensor? indices = record && kind == Kind.Max ? Tensor.Empty(DType.Int64, y.ShapeArray()) : null;
        DTypeDispatch.Float(x.DType, new ForwardBody(kind, xc, g, countIncludePad, y, indices));
        return record ? Node.Record(y, new PoolNode(kind, x, indices, g, countIncludePad, op)) : y;
    }

    // x: contiguous from its offset [P, H, W] → y: [P, OH, OW] (and the argmax indices of a max pooling)
    private readonly struct ForwardBody(Kind kind, Tensor x, ConvGeometry g, bool countIncludePad, Tensor y, Tensor? indices) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int planes = x.Size(0) * x.Size(1);
            T[] src = x.Data<T>(), dst = y.Data<T>();
            switch (kind)
            {
                case Kind.Max: PoolKernels.MaxForward(src, x.StorageOffset, planes, g, dst, indices?.Data<long>()); break;
                case Kind.Avg: PoolKernels.AvgForward(src, x.StorageOffset, planes, g, countIncludePad, dst); break;
                default: PoolKernels.AdaptiveAvgForward(src, x.StorageOffset, planes, g.Height, g.Width, g.OutH, g.OutW, dst); break;
            }
        }
    }

    // gy: contiguous from its offset [P, OH, OW] → gx: [P, H, W]
    private readonly struct BackwardBody(Kind kind, Tensor gy, Tensor? indices, ConvGeometry g, bool countIncludePad, Tensor gx) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int planes = gx.Size(0) * gx.Size(1);
            T[] src = gy.Data<T>(), dst = gx.Data<T>();
            switch (kind)
            {
                case Kind.Max: PoolKernels.MaxBackward(src, gy.StorageOffset, indices!.Data<long>(), planes, g, dst); break;
                case Kind.Avg: PoolKernels.AvgBackward(src, gy.StorageOffset, planes, g, countIncludePad, dst); break;
                default: PoolKernels.AdaptiveAvgBackward(src, gy.StorageOffset, planes, g.Height, g.Width, g.OutH, g.OutW, dst); break;
            }
        }
    }

    private sealed class PoolNode(Kind kind, Tensor x, Tensor? indices, ConvGeometry geometry, bool countIncludePad, string name) : Node(x)
    {
        private readonly SavedTensor? _indices = indices is null ? null : new(indices);

        public override string Name => name;

        protected override Tensor?[] Backward(Tensor gy)
        {
            Tensor g = gy.IsContiguous ? gy : CopyOps.RawCopy(gy);
            Tensor gx = Tensor.Empty(Inputs[0].DType, Inputs[0].ShapeArray());
            DTypeDispatch.Float(gx.DType, new BackwardBody(kind, g, _indices?.Get(Name), geometry, countIncludePad, gx));
            return [gx];
        }
    }
}
