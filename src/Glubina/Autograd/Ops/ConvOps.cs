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
        if (x.DType == DType.Float32)
            ConvKernel.Forward(xc.Data<float>(), xc._offset, wc.Data<float>(), wc._offset, bc?.Data<float>(), bc?._offset ?? 0,
                n, groups, oc / groups, g, y.Data<float>());
        else
            ConvKernel.Forward(xc.Data<double>(), xc._offset, wc.Data<double>(), wc._offset, bc?.Data<double>(), bc?._offset ?? 0,
                n, groups, oc / groups, g, y.Data<double>());
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
            int n = x.Size(0), oc = w.Size(0);
            Tensor? gx = NeedsGrad(0) ? Tensor.Empty(x.DType, x.ShapeArray()) : null;
            Tensor? gw = NeedsGrad(1) ? Tensor.Empty(x.DType, w.ShapeArray()) : null;
            Tensor? gb = Inputs.Length > 2 && NeedsGrad(2) ? Tensor.Empty(x.DType, [oc]) : null;
            if (x.DType == DType.Float32)
                ConvKernel.Backward(x.Data<float>(), x._offset, w.Data<float>(), w._offset, g.Data<float>(), g._offset,
                    n, groups, oc / groups, geometry, gx?.Data<float>(), gw?.Data<float>(), gb?.Data<float>());
            else
                ConvKernel.Backward(x.Data<double>(), x._offset, w.Data<double>(), w._offset, g.Data<double>(), g._offset,
                    n, groups, oc / groups, geometry, gx?.Data<double>(), gw?.Data<double>(), gb?.Data<double>());
            return Inputs.Length > 2 ? [gx, gw, gb] : [gx, gw];
        }
    }
}
