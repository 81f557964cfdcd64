using Glubina.Nn;
using Glubina.Onnx.Graph;
using Glubina.Tensors;
using Module = Glubina.Nn.Module;

namespace Glubina.Onnx.Conversion;

/// <summary>Normalization, convolution, pooling and upsampling layers, and the residual networks built from them.</summary>
internal sealed partial class ModuleConverter
{
    private string BatchNorm(OnnxValue x, BatchNormBase bn, string path)
    {
        if (!bn.TrackRunningStats || bn.RunningMean is null || bn.RunningVar is null)
            throw Refuse(path, bn, "track_running_stats=false normalizes with each batch's own statistics even in eval mode; " +
                "ONNX BatchNormalization (inference) needs running statistics.");
        int c = bn.NumFeatures;
        string scale = bn.Weight is null ? _g.Floats("bn_scale", Enumerable.Repeat(1f, c).ToArray(), c) : _g.Weight("bn_scale", bn.Weight);
        string bias = bn.Bias is null ? _g.Floats("bn_bias", new float[c], c) : _g.Weight("bn_bias", bn.Bias);
        return _g.Node("BatchNormalization",
            [x.Name, scale, bias, _g.Weight("bn_mean", bn.RunningMean), _g.Weight("bn_var", bn.RunningVar)],
            Attr.Float("epsilon", bn.Eps));
    }

    private string LayerNormNode(OnnxValue x, LayerNorm ln)
    {
        int[] shape = ln.NormalizedShape;
        int n = shape.Aggregate(1, (a, b) => a * b);
        string scale = ln.Weight is null ? _g.Floats("ln_scale", Enumerable.Repeat(1f, n).ToArray(), shape) : _g.Weight("ln_scale", ln.Weight);
        string[] inputs = ln.Bias is null ? [x.Name, scale] : [x.Name, scale, _g.Weight("ln_bias", ln.Bias)];
        return _g.Node("LayerNormalization", inputs, Attr.Int("axis", -shape.Length), Attr.Float("epsilon", ln.Eps));
    }

    /// <summary>[N, C, *] → [N, G, -1], InstanceNormalization per group, back to the input's shape, then the per-channel affine.</summary>
    private string GroupNormNode(OnnxValue x, GroupNorm gn)
    {
        int groups = gn.NumGroups;
        string grouped = _g.Node("Reshape", [x.Name, _g.Longs("group_shape", 0, groups, -1)]);
        string normed = _g.Node("InstanceNormalization",
            [grouped, _g.Floats("gn_ones", Enumerable.Repeat(1f, groups).ToArray(), groups), _g.Floats("gn_zeros", new float[groups], groups)],
            Attr.Float("epsilon", gn.Eps));
        string y = _g.Node("Reshape", [normed, _g.Node("Shape", [x.Name])]);
        if (gn.Weight is null)
            return y;
        int[] statShape = [gn.NumChannels, .. Enumerable.Repeat(1, x.Rank - 2)];
        return _g.Node("Add", [_g.Node("Mul", [y, _g.Weight("gn_weight", gn.Weight, statShape)]), _g.Weight("gn_bias", gn.Bias!, statShape)]);
    }

    /// <summary>ONNX pads (all begins, then all ends) for a numeric or "same"/"valid" padding.</summary>
    private static long[] ConvPads(string? mode, int[] padding, int[] kernel, int[] dilation)
    {
        int k = kernel.Length;
        var pads = new long[2 * k];
        for (int d = 0; d < k; d++)
        {
            (int before, int after) = mode switch
            {
                null => (padding[d], padding[d]),
                "same" => (dilation[d] * (kernel[d] - 1) / 2, dilation[d] * (kernel[d] - 1) - dilation[d] * (kernel[d] - 1) / 2),
                _ => (0, 0),
            };
            pads[d] = before;
            pads[k + d] = after;
        }
        return pads;
    }

    private string ConvNode(OnnxValue x, Tensor weight, Tensor? bias, int[] kernel, int[] stride, long[] pads, int[] dilation, int groups)
    {
        string[] inputs = bias is null ? [x.Name, _g.Weight("conv_w", weight)] : [x.Name, _g.Weight("conv_w", weight), _g.Weight("conv_b", bias)];
        return _g.Node("Conv", inputs,
            Attr.Ints("kernel_shape", Longs(kernel)), Attr.Ints("strides", Longs(stride)), Attr.Ints("pads", pads),
            Attr.Ints("dilations", Longs(dilation)), Attr.Int("group", groups));
    }

    private static long[] Longs(int[] values) => Array.ConvertAll(values, v => (long)v);

    private string Pool(string op, OnnxValue x, int[] kernel, int[] stride, int[] padding, int[]? dilation, bool ceil, bool? countIncludePad)
    {
        var attrs = new List<Protobuf.AttributeProto>
        {
            Attr.Ints("kernel_shape", Longs(kernel)), Attr.Ints("strides", Longs(stride)),
            Attr.Ints("pads", [.. Longs(padding), .. Longs(padding)]), Attr.Int("ceil_mode", ceil ? 1 : 0),
        };
        if (dilation is not null)
            attrs.Add(Attr.Ints("dilations", Longs(dilation)));
        if (countIncludePad is bool include)
            attrs.Add(Attr.Int("count_include_pad", include ? 1 : 0));
        return _g.Node(op, [x.Name], [.. attrs]);
    }

    private string AdaptiveAvg(OnnxValue x, AdaptiveAvgPool2d pool, string path)
    {
        var (oh, ow) = pool.OutputSize;
        if (oh == 1 && ow == 1)
            return _g.Node("GlobalAveragePool", [x.Name]);
        int[] shape = x.Shape;
        int h = shape[2], w = shape[3];
        if (h < 0 || w < 0)
            throw Refuse(path, pool, $"output size ({oh}, {ow}) over a dynamic input size has no ONNX operator; use output size 1 " +
                "(GlobalAveragePool) or a fixed input size.");
        if (h % oh != 0 || w % ow != 0)
            throw Refuse(path, pool, $"output size ({oh}, {ow}) does not divide the input size ({h}, {w}); uneven adaptive windows " +
                "have no ONNX operator. Use output size 1 or sizes that divide the input.");
        return Pool("AveragePool", x, [h / oh, w / ow], [h / oh, w / ow], [0, 0], null, false, true);
    }

    private string UpsampleNode(OnnxValue x, Upsample up)
    {
        float s = up.ScaleFactor;
        float[] scales = x.Rank == 4 ? [1, 1, s, s] : [1, 1, s];
        return _g.Node("Resize", [x.Name, "", _g.Floats("scales", scales, scales.Length)],
            Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"),
            Attr.String("nearest_mode", "floor"));
    }

    private OnnxValue Residual(ResidualBlock block, OnnxValue x, string path)
    {
        OnnxValue y = Convert(block.Bn1, Convert(block.Conv1, x, path + ".conv1"), path + ".bn1");
        y = Relu(y);
        y = Convert(block.Bn2, Convert(block.Conv2, y, path + ".conv2"), path + ".bn2");
        OnnxValue shortcut = block.Downsample is null ? x : Convert(block.Downsample, x, path + ".downsample");
        string sum = _g.Node("Add", [y.Name, shortcut.Name]);
        return Relu(new OnnxValue(sum, y.Type, y.ProbeA.Add(shortcut.ProbeA), y.ProbeB.Add(shortcut.ProbeB)));
    }

    private OnnxValue Relu(OnnxValue x) => x.Derive(_g.Node("Relu", [x.Name]), t => t.Relu());

    private OnnxValue ResNetModel(ResNet net, OnnxValue x, string path)
    {
        var children = net.NamedChildren().ToDictionary(kv => kv.Key, kv => kv.Value);
        OnnxValue y = Relu(Convert(children["bn1"], Convert(net.Conv1, x, path + ".conv1"), path + ".bn1"));
        if (!net.SmallInputs)
            y = Convert(new MaxPool2d(3, 2, 1), y, path + ".maxpool");
        for (int s = 1; children.TryGetValue($"layer{s}", out Module? stage); s++)
            y = Convert(stage, y, $"{path}.layer{s}");
        y = Convert(new AdaptiveAvgPool2d(1), y, path + ".avgpool");
        y = Convert(new Flatten(1), y, path + ".flatten");
        return Convert(net.Fc, y, path + ".fc");
    }
}
