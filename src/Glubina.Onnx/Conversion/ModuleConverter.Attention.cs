using Glubina.Nn;
using Glubina.Onnx.Graph;
using Glubina.Tensors;

namespace Glubina.Onnx.Conversion;

/// <summary>
/// Self-attention, transformer encoder layers, positional encodings and the causal language model, decomposed into
/// MatMul, Softmax, LayerNormalization and elementwise operators (opset 17 has no attention operator).
/// </summary>
internal sealed partial class ModuleConverter
{
    /// <summary>Self-attention of x ([N, L, E] batch-first, else [L, N, E]) with no masks, as MultiheadAttention.Forward(x).</summary>
    private string SelfAttention(OnnxValue x, MultiheadAttention mha, bool causal)
    {
        int e = mha.EmbedDim, heads = mha.NumHeads, d = mha.HeadDim;
        string input = mha.BatchFirst ? x.Name : _g.Node("Transpose", [x.Name], Attr.Ints("perm", 1, 0, 2));
        string Project(int part)
        {
            Tensor w = mha.InProjWeight.Narrow(0, part * e, e);
            string y = _g.Node("MatMul", [input, _g.Weight("attn_w_t", w.Transpose(0, 1))]);
            if (mha.InProjBias is { } bias)
                y = _g.Node("Add", [y, _g.Weight("attn_b", bias.Narrow(0, part * e, e))]);
            return _g.Node("Reshape", [y, _g.Longs("heads_shape", 0, 0, heads, d)]);
        }
        // q: [N, H, L, D] scaled by 1/√D (Glubina scales q, as PyTorch); kᵀ: [N, H, D, S]; v: [N, H, S, D].
        string q = _g.Node("Mul", [_g.Node("Transpose", [Project(0)], Attr.Ints("perm", 0, 2, 1, 3)), _g.Scalar("attn_scale", 1 / Math.Sqrt(d))]);
        string kT = _g.Node("Transpose", [Project(1)], Attr.Ints("perm", 0, 2, 3, 1));
        string v = _g.Node("Transpose", [Project(2)], Attr.Ints("perm", 0, 2, 1, 3));
        string scores = _g.Node("MatMul", [q, kT]);
        if (causal)
            scores = CausalMask(scores);
        string weights = _g.Node("Softmax", [scores], Attr.Int("axis", -1));
        string heads4 = _g.Node("MatMul", [weights, v]);
        string merged = _g.Node("Reshape", [_g.Node("Transpose", [heads4], Attr.Ints("perm", 0, 2, 1, 3)), _g.Longs("merged_shape", 0, 0, e)]);
        string output = _g.Node("MatMul", [merged, _g.Weight("out_proj_w_t", mha.OutProj.Weight.Transpose(0, 1))]);
        if (mha.OutProj.Bias is { } outBias)
            output = _g.Node("Add", [output, _g.Weight("out_proj_b", outBias)]);
        return mha.BatchFirst ? output : _g.Node("Transpose", [output], Attr.Ints("perm", 1, 0, 2));
    }

    /// <summary>Scores [.., L, S] with -∞ above the diagonal (position i sees keys ≤ i).</summary>
    private string CausalMask(string scores)
    {
        string size = _g.Node("Shape", [scores], Attr.Int("start", -2));
        var one = new Protobuf.TensorProto { DataType = (int)Protobuf.TensorProto.Types.DataType.Float, Dims = { 1 }, FloatData = { 1f } };
        string ones = _g.Node("ConstantOfShape", [size], Attr.Tensor("value", one));
        string upper = _g.Node("Trilu", [ones, _g.LongsShaped("diagonal", [1L])], Attr.Int("upper", 1));
        string blocked = _g.Node("Cast", [upper], Attr.Int("to", (long)Protobuf.TensorProto.Types.DataType.Bool));
        return _g.Node("Where", [blocked, _g.Scalar("minus_inf", double.NegativeInfinity), scores]);
    }

    private OnnxValue EncoderLayer(TransformerEncoderLayer layer, OnnxValue x, string path, bool causal)
    {
        if (layer.Activation is not ("relu" or "gelu"))
            throw Refuse(path, layer, $"activation \"{layer.Activation}\" has no mapping.");
        OnnxValue Attention(OnnxValue v) => v.Derive(SelfAttention(v, layer.SelfAttn, causal),
            t => layer.SelfAttn.Forward(t, t, t, needWeights: false, isCausal: causal).Output);
        OnnxValue FeedForward(OnnxValue v)
        {
            OnnxValue hidden = Convert(layer.Linear1, v, path + ".linear1");
            string act = layer.Activation == "relu" ? _g.Node("Relu", [hidden.Name]) : Gelu(hidden.Name, "none", path, layer);
            hidden = hidden.Derive(act, t => layer.Activation == "relu" ? t.Relu() : t.Gelu());
            return Convert(layer.Linear2, hidden, path + ".linear2");
        }
        OnnxValue Sum(OnnxValue a, OnnxValue b) =>
            new(_g.Node("Add", [a.Name, b.Name]), a.Type, a.ProbeA.Add(b.ProbeA), a.ProbeB.Add(b.ProbeB));
        if (layer.NormFirst)
        {
            x = Sum(x, Attention(Convert(layer.Norm1, x, path + ".norm1")));
            return Sum(x, FeedForward(Convert(layer.Norm2, x, path + ".norm2")));
        }
        x = Convert(layer.Norm1, Sum(x, Attention(x)), path + ".norm1");
        return Convert(layer.Norm2, Sum(x, FeedForward(x)), path + ".norm2");
    }

    /// <summary>x + table[:S] where S is x's (dynamic) sequence length.</summary>
    private string AddPositions(OnnxValue x, string table, bool batchFirst)
    {
        int axis = batchFirst ? 1 : 0;
        string length = _g.Node("Shape", [x.Name], Attr.Int("start", axis), Attr.Int("end", axis + 1));
        string pe = _g.Node("Slice", [table, _g.Longs("zero", 0), length, _g.Longs("axis0", 0)]);
        if (!batchFirst)
            pe = _g.Node("Unsqueeze", [pe, _g.Longs("axes", 1)]);
        return _g.Node("Add", [x.Name, pe]);
    }

    private OnnxValue LanguageModel(CausalLanguageModel lm, OnnxValue ids, string path)
    {
        OnnxValue x = Convert(lm.TokenEmbedding, ids, path + ".token_embedding");
        Nn.Module position = lm.NamedChildren().First(kv => kv.Key == "position").Value;
        x = Convert(position, x, path + ".position");
        for (int i = 0; i < lm.Layers.Count; i++)
            x = EncoderLayer((TransformerEncoderLayer)lm.Layers[i], x, $"{path}.layers.{i}", causal: true);
        x = Convert(lm.Norm, x, path + ".norm");
        if (lm.LmHead is not null)
            return Convert(lm.LmHead, x, path + ".lm_head");
        string logits = _g.Node("MatMul", [x.Name, _g.Weight("tied_head_t", lm.TokenEmbedding.Weight.Transpose(0, 1))]);
        return x.Derive(logits, t => t.Linear(lm.TokenEmbedding.Weight));
    }
}
