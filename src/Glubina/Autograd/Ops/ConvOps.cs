using System.Numerics;
using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>2-D convolution (torch.nn.functional.conv2d: cross-correlation with zero padding, stride, dilation and
/// groups) and its backward (input, weight and bias gradients). <see cref="ConvKernel"/> picks the path of each part:
/// the direct kernels (<see cref="DirectConv"/>) for the stride-1 float shapes their rules take, im2col (none for 1×1)
/// into the packed GEMM for the rest. Conv1d is this op on [N, C, 1, L].</summary>
internal static class ConvOps
{
    // x: [N, C, H, W], weight: [OC, C/groups, kH, kW], bias: [OC] → y: [N, OC, OH, OW]
    /// <summary>The arguments are checked by the caller (<see cref="WindowArguments"/>), which also gives the geometry
    /// of one group, with the padding after the last row/column implied by the output size.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int groups, ConvGeometry g, string op)
    {
        int n = x.Size(0), oc = weight.Size(0);
        Tensor xc = x.IsContiguous ? x.Detach() : CopyOps.RawCopy(x);
        Tensor wc = weight.IsContiguous ? weight.Detach() : CopyOps.RawCopy(weight);
        Tensor? bc = bias is null ? null : bias.IsContiguous ? bias : CopyOps.RawCopy(bias);
        Tensor y = Tensor.Empty(x.DType, [n, oc, g.OutH, g.OutW]);
        DTypeDispatch.Float(x.DType, new ForwardBody(xc, wc, bc, groups, g, y));
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Node.ShouldRecord(inputs) ? Node.Record(y, new ConvNode(inputs, xc, wc, groups, g, op)) : y;
    }

    private sealed class ConvNode(Tensor[] inputs, Tensor x, Tensor w, int groups, ConvGeometry geometry, string name) : Node(inputs)
    {
        private readonly SavedTensor _x = new(x), _w = new(w);

        public override string Name => name;

        protected override Tensor?[] Backward(Tensor gy)
        {
            Tensor x = _x.Get(Name), w = _w.Get(Name);
            Tensor g = gy.IsContiguous ? gy : CopyOps.RawCopy(gy);
            int oc = w.Size(0);
            Tensor? gx = NeedsGrad(0) ? Tensor.Empty(x.DType, x.ShapeArray()) : null;
            Tensor? gw = NeedsGrad(1) ? Tensor.Empty(x.DType, w.ShapeArray()) : null;
            Tensor? gb = Inputs.Length > 2 && NeedsGrad(2) ? Tensor.Empty(x.DType, [oc]) : null;
            DTypeDispatch.Float(x.DType, new BackwardBody(x, w, g, groups, geometry, gx, gw, gb));
            return Inputs.Length > 2 ? [gx, gw, gb] : [gx, gw];
        }
    }

    // x, w, bias: contiguous from their offsets → y
    private readonly struct ForwardBody(Tensor x, Tensor w, Tensor? bias, int groups, ConvGeometry g, Tensor y) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
            ConvKernel.Forward(x.Data<T>(), x.StorageOffset, w.Data<T>(), w.StorageOffset, bias?.Data<T>(), bias?.StorageOffset ?? 0,
                x.Size(0), groups, w.Size(0) / groups, g, y.Data<T>());
    }

    // x, w, gy: contiguous from their offsets → gx, gw, gb (each null when not wanted)
    private readonly struct BackwardBody(Tensor x, Tensor w, Tensor gy, int groups, ConvGeometry g, Tensor? gx, Tensor? gw, Tensor? gb)
        : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
            ConvKernel.Backward(x.Data<T>(), x.StorageOffset, w.Data<T>(), w.StorageOffset, gy.Data<T>(), gy.StorageOffset,
                x.Size(0), groups, w.Size(0) / groups, g, gx?.Data<T>(), gw?.Data<T>(), gb?.Data<T>());
    }
}
