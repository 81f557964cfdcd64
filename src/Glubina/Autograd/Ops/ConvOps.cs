using Glubina.Kernels;
using Glubina.Tensors;

namespace Glubina.Autograd.Ops;

/// <summary>2-D convolution (torch.nn.functional.conv2d: cross-correlation with zero padding, stride, dilation and
/// groups) on im2col + the packed GEMM; the backward gives the input gradient by col2im of Wᵀ·gy, the weight
/// gradient by gy·colᵀ and the bias gradient by a sum. Conv1d is this op on [N, C, 1, L].</summary>
internal static class ConvOps
{
    // x: [N, C, H, W], weight: [OC, C/groups, kH, kW], bias: [OC] → y: [N, OC, OH, OW]
    /// <summary>Padding is given per side (top, bottom, left, right) so that PyTorch's asymmetric "same" fits.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, (int H, int W) stride,
        (int Top, int Bottom, int Left, int Right) padding, (int H, int W) dilation, int groups, string op = "conv2d")
    {
        x.EnsureFloating(op);
        if (x.Rank != 4 || weight.Rank != 4)
            throw new ArgumentException(
                $"{op}: expected input [N, C, H, W] and weight [out_channels, in_channels/groups, kH, kW], got input " +
                $"{ShapeMath.Format(x.Shape)} and weight {ShapeMath.Format(weight.Shape)}.");
        if (weight.DType != x.DType || (bias is not null && bias.DType != x.DType))
            throw new ArgumentException($"{op}: input, weight and bias must have the same dtype (input is {x.DType.Name()}).");
        if (groups < 1 || stride.H < 1 || stride.W < 1 || dilation.H < 1 || dilation.W < 1
            || padding.Top < 0 || padding.Bottom < 0 || padding.Left < 0 || padding.Right < 0)
            throw new ArgumentException(
                $"{op}: groups, stride and dilation must be positive and padding non-negative, got groups={groups}, " +
                $"stride={stride}, dilation={dilation}, padding={padding}.");
        int n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3);
        int oc = weight.Size(0), cg = weight.Size(1), kh = weight.Size(2), kw = weight.Size(3);
        if (c % groups != 0 || oc % groups != 0 || cg != c / groups)
            throw new ArgumentException(
                $"{op}: with groups={groups} the weight must be [out_channels (a multiple of {groups}), {c}/{groups}, kH, kW] " +
                $"for an input with {c} channels, got weight {ShapeMath.Format(weight.Shape)} and input {ShapeMath.Format(x.Shape)}.");
        if (bias is not null && (bias.Rank != 1 || bias.Size(0) != oc))
            throw new ArgumentException($"{op}: bias must be [{oc}], got {ShapeMath.Format(bias.Shape)}.");
        int oh = ConvGeometry.OutputSize(h, kh, stride.H, padding.Top, padding.Top + padding.Bottom, dilation.H);
        int ow = ConvGeometry.OutputSize(w, kw, stride.W, padding.Left, padding.Left + padding.Right, dilation.W);
        if (oh <= 0 || ow <= 0)
            throw new ArgumentException(
                $"{op}: the input {ShapeMath.Format(x.Shape)} (padded by {padding}) is smaller than the dilated kernel " +
                $"{kh}×{kw} (dilation {dilation}); the output would be empty.");
        var g = new ConvGeometry(cg, h, w, kh, kw, stride.H, stride.W, padding.Top, padding.Left, dilation.H, dilation.W, oh, ow);

        Tensor xc = x.IsContiguous ? x.Detach() : CopyOps.RawCopy(x);
        Tensor wc = weight.IsContiguous ? weight.Detach() : CopyOps.RawCopy(weight);
        Tensor? bc = bias is null ? null : bias.IsContiguous ? bias : CopyOps.RawCopy(bias);
        Tensor y = Tensor.Empty(x.DType, [n, oc, oh, ow]);
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
