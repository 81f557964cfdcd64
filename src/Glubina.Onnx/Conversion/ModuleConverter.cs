using Glubina.Nn;
using Glubina.Onnx.Graph;
using Glubina.Tensors;
using DataType = Glubina.Onnx.Protobuf.TensorProto.Types.DataType;
using Module = Glubina.Nn.Module;

namespace Glubina.Onnx.Conversion;

/// <summary>
/// Turns Glubina modules into ONNX nodes, one layer family per partial file. Each conversion emits the nodes that
/// compute the layer's eval-mode forward and returns the output value with its probes (the layer run by Glubina on
/// the input's probes). A layer or option without a faithful ONNX form throws <see cref="OnnxExportException"/>.
/// </summary>
internal sealed partial class ModuleConverter(GraphBuilder g)
{
    private readonly GraphBuilder _g = g;

    /// <summary>True when the model's first layer takes int64 token ids (Embedding, a language model).</summary>
    public static bool TakesTokenIds(Module model) => FirstLayer(model) is Embedding or CausalLanguageModel or RecurrentLanguageModel;

    /// <summary>The first layer that computes something (inside nested Sequentials, past Dropout and Identity).</summary>
    public static Module FirstLayer(Module model)
    {
        Module first = model;
        while (first is Sequential { Count: > 0 } s)
            first = s.FirstOrDefault(m => m is not (Nn.Dropout or Identity)) ?? s[0];
        return first;
    }

    /// <summary>Emits <paramref name="module"/> applied to <paramref name="x"/>; <paramref name="path"/> names it in errors.</summary>
    public OnnxValue Convert(Module module, OnnxValue x, string path)
    {
        switch (module)
        {
            case Sequential s:
                for (int i = 0; i < s.Count; i++)
                    x = Convert(s[i], x, path == "model" ? $"layers[{i}]" : $"{path}.{i}");
                return x;
            case ResidualBlock r:
                return Residual(r, x, path);
            case ResNet r:
                return ResNetModel(r, x, path);
            case TransformerEncoderLayer e:
                return EncoderLayer(e, x, path, causal: false);
            case TransformerEncoder e:
                for (int i = 0; i < e.Layers.Count; i++)
                    x = EncoderLayer((TransformerEncoderLayer)e.Layers[i], x, $"{path}.layers.{i}", causal: false);
                return e.Norm is null ? x : Convert(e.Norm, x, path + ".norm");
            case CausalLanguageModel lm:
                return LanguageModel(lm, x, path);
            case RecurrentLanguageModel lm:
                // Embedding → LSTM/GRU over the sequence → head (the dropout is the identity at inference).
                x = Convert(lm.Embedding, x, path + ".embedding");
                x = Convert(lm.Rnn, x, path + ".rnn");
                return Convert(lm.Head, x, path + ".head");
        }
        string name = module switch
        {
            Linear l => LinearNode(x, l.Weight, l.Bias),
            ReLU => _g.Node("Relu", [x.Name]),
            Sigmoid => _g.Node("Sigmoid", [x.Name]),
            Tanh => _g.Node("Tanh", [x.Name]),
            LeakyReLU l => _g.Node("LeakyRelu", [x.Name], Attr.Float("alpha", l.NegativeSlope)),
            ELU l => _g.Node("Elu", [x.Name], Attr.Float("alpha", l.Alpha)),
            SiLU => _g.Node("Mul", [x.Name, _g.Node("Sigmoid", [x.Name])]),
            GELU l => Gelu(x.Name, l.Approximate, path, l),
            Softmax l => _g.Node("Softmax", [x.Name], Attr.Int("axis", l.Dim)),
            LogSoftmax l => _g.Node("LogSoftmax", [x.Name], Attr.Int("axis", l.Dim)),
            Nn.Dropout or Dropout2d or Identity => x.Name,
            Flatten l => FlattenNode(x, l, path),
            BatchNormBase l => BatchNorm(x, l, path),
            LayerNorm l => LayerNormNode(x, l),
            GroupNorm l => GroupNormNode(x, l),
            Conv2d l => ConvNode(x, l.Weight, l.Bias, [l.KernelSize.H, l.KernelSize.W], [l.Stride.H, l.Stride.W],
                ConvPads(l.PaddingMode, [l.Padding.H, l.Padding.W], [l.KernelSize.H, l.KernelSize.W], [l.Dilation.H, l.Dilation.W]),
                [l.Dilation.H, l.Dilation.W], l.Groups),
            Conv1d l => ConvNode(x, l.Weight, l.Bias, [l.KernelSize], [l.Stride],
                ConvPads(l.PaddingMode, [l.Padding], [l.KernelSize], [l.Dilation]), [l.Dilation], l.Groups),
            ConvTranspose2d l => _g.Node("ConvTranspose", l.Bias is null ? [x.Name, _g.Weight("conv_w", l.Weight)]
                    : [x.Name, _g.Weight("conv_w", l.Weight), _g.Weight("conv_b", l.Bias)],
                Attr.Ints("kernel_shape", [l.KernelSize.H, l.KernelSize.W]), Attr.Ints("strides", [l.Stride.H, l.Stride.W]),
                Attr.Ints("pads", [l.Padding.H, l.Padding.W, l.Padding.H, l.Padding.W]),
                Attr.Ints("output_padding", [l.OutputPadding.H, l.OutputPadding.W]), Attr.Ints("dilations", [l.Dilation.H, l.Dilation.W]),
                Attr.Int("group", l.Groups)),
            MaxPool2d l => Pool("MaxPool", x, [l.KernelSize.H, l.KernelSize.W], [l.Stride.H, l.Stride.W], [l.Padding.H, l.Padding.W],
                [l.Dilation.H, l.Dilation.W], l.CeilMode, null),
            MaxPool1d l => Pool("MaxPool", x, [l.KernelSize], [l.Stride], [l.Padding], [l.Dilation], l.CeilMode, null),
            AvgPool2d l => Pool("AveragePool", x, [l.KernelSize.H, l.KernelSize.W], [l.Stride.H, l.Stride.W], [l.Padding.H, l.Padding.W],
                null, l.CeilMode, l.CountIncludePad),
            AvgPool1d l => Pool("AveragePool", x, [l.KernelSize], [l.Stride], [l.Padding], null, l.CeilMode, l.CountIncludePad),
            AdaptiveAvgPool2d l => AdaptiveAvg(x, l, path),
            Upsample l => UpsampleNode(x, l),
            Embedding l => _g.Node("Gather", [_g.Weight("embedding", l.Weight), x.Name], Attr.Int("axis", 0)),
            CausalLanguageModel.TokenTable l => _g.Node("Gather", [_g.Weight("token_embedding", l.Weight), x.Name], Attr.Int("axis", 0)),
            RecurrentBase l => Recurrent(x, l, lastState: false, path),
            RnnLastState l => Recurrent(x, l.Rnn, lastState: true, path),
            MultiheadAttention l => SelfAttention(x, l, causal: false),
            SinusoidalPositionalEncoding l => AddPositions(x, _g.Weight("positions", l.Table), l.BatchFirst),
            LearnedPositionalEncoding l => AddPositions(x, _g.Weight("positions", l.Weight), l.BatchFirst),
            _ => throw Refuse(path, module,
                "this layer type has no ONNX mapping. Supported: Linear, activations, Dropout, normalization, Flatten, Conv1d/2d, ConvTranspose2d, " +
                "pooling, Upsample, Embedding, Rnn/Lstm/Gru, MultiheadAttention, transformer encoder layers, positional encodings, " +
                "ResidualBlock, ResNet, CausalLanguageModel, RecurrentLanguageModel, Sequential."),
        };
        if (name == x.Name)
            return new OnnxValue(name, x.Type, module.Call(x.ProbeA), module.Call(x.ProbeB));
        if (x.Type != DataType.Float && module is not (Embedding or CausalLanguageModel.TokenTable))
            throw Refuse(path, module, "gets int64 token ids here, but only Embedding layers take ids; put an Embedding first.");
        return new OnnxValue(name, DataType.Float, module.Call(x.ProbeA), module.Call(x.ProbeB));
    }

    private static OnnxExportException Refuse(string path, Module module, string reason) =>
        new(path, module.GetType().Name, reason);

    /// <summary>x·Wᵀ + b: Gemm for [N, in] inputs, MatMul + Add for higher ranks.</summary>
    private string LinearNode(OnnxValue x, Tensor weight, Tensor? bias)
    {
        if (x.Rank == 2)
        {
            string[] inputs = bias is null ? [x.Name, _g.Weight("weight", weight)] : [x.Name, _g.Weight("weight", weight), _g.Weight("bias", bias)];
            return _g.Node("Gemm", inputs, Attr.Int("transB", 1));
        }
        string y = _g.Node("MatMul", [x.Name, _g.Weight("weight_t", weight.Transpose(0, 1))]);
        return bias is null ? y : _g.Node("Add", [y, _g.Weight("bias", bias)]);
    }

    private string Gelu(string x, string approximate, string path, Module module)
    {
        if (approximate == "tanh")
        {
            // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
            string cube = _g.Node("Mul", [x, _g.Node("Mul", [x, x])]);
            string inner = _g.Node("Add", [x, _g.Node("Mul", [cube, _g.Scalar("gelu_c", 0.044715)])]);
            string t = _g.Node("Tanh", [_g.Node("Mul", [inner, _g.Scalar("gelu_k", Math.Sqrt(2 / Math.PI))])]);
            return _g.Node("Mul", [_g.Node("Mul", [x, _g.Scalar("half", 0.5)]), _g.Node("Add", [t, _g.Scalar("one", 1)])]);
        }
        if (approximate != "none")
            throw Refuse(path, module, $"approximate=\"{approximate}\" is unknown (expected \"none\" or \"tanh\").");
        // 0.5·x·(1 + erf(x/√2))
        string erf = _g.Node("Erf", [_g.Node("Div", [x, _g.Scalar("sqrt2", Math.Sqrt(2))])]);
        return _g.Node("Mul", [_g.Node("Mul", [x, _g.Scalar("half", 0.5)]), _g.Node("Add", [erf, _g.Scalar("one", 1)])]);
    }

    private string FlattenNode(OnnxValue x, Flatten flatten, string path)
    {
        int rank = x.Rank;
        int start = flatten.StartDim < 0 ? flatten.StartDim + rank : flatten.StartDim;
        int end = flatten.EndDim < 0 ? flatten.EndDim + rank : flatten.EndDim;
        if (start < 0 || end >= rank || start > end)
            throw Refuse(path, flatten, $"start_dim={flatten.StartDim}, end_dim={flatten.EndDim} do not fit an input of rank {rank}.");
        if (start == end)
            return x.Name;
        if (start == 1 && end == rank - 1)
            return _g.Node("Flatten", [x.Name], Attr.Int("axis", 1));
        // Dims before start are copied (0), the merged range is -1, dims after it must be static.
        int[] shape = x.Shape;
        var target = new List<long>();
        for (int d = 0; d < start; d++)
            target.Add(0);
        target.Add(-1);
        for (int d = end + 1; d < rank; d++)
        {
            if (shape[d] < 0)
                throw Refuse(path, flatten, $"dim {d} after the flattened range is dynamic; only static trailing dims can be kept.");
            target.Add(shape[d]);
        }
        return _g.Node("Reshape", [x.Name, _g.Longs("shape", [.. target])]);
    }
}
