using Glubina.Nn;
using Glubina.Onnx.Graph;
using Glubina.Tensors;

namespace Glubina.Onnx.Conversion;

/// <summary>
/// Rnn, Lstm and Gru as ONNX RNN/LSTM/GRU operators, one node per layer (both directions in one node), chained.
/// Gate blocks are reordered: PyTorch's LSTM (i, f, g, o) → ONNX (i, o, f, c); GRU (r, z, n) → (z, r, h) with
/// linear_before_reset = 1 (PyTorch applies the reset gate after the hidden projection and its bias).
/// </summary>
internal sealed partial class ModuleConverter
{
    private string Recurrent(OnnxValue x, RecurrentBase rnn, bool lastState, string path)
    {
        if (x.Rank != 3)
            throw Refuse(path, rnn, $"the exported graph needs batched input (rank 3), got rank {x.Rank}.");
        (string op, int[] order) = rnn switch
        {
            Lstm => ("LSTM", new[] { 0, 3, 1, 2 }),
            Gru => ("GRU", new[] { 1, 0, 2 }),
            Rnn => ("RNN", new[] { 0 }),
            _ => throw Refuse(path, rnn, "unknown recurrent layer."),
        };
        var parameters = rnn.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        int h = rnn.HiddenSize, dirs = rnn.Directions;
        // Time-major [T, N, C] for the ONNX operators (their default layout).
        string seq = rnn.BatchFirst ? _g.Node("Transpose", [x.Name], Attr.Ints("perm", 1, 0, 2)) : x.Name;
        string lastH = "";
        for (int l = 0; l < rnn.NumLayers; l++)
        {
            var w = new List<Tensor>();
            var r = new List<Tensor>();
            var b = new List<Tensor>();
            for (int d = 0; d < dirs; d++)
            {
                string suffix = $"_l{l}" + (d == 1 ? "_reverse" : "");
                w.Add(Reorder(parameters["weight_ih" + suffix], order, h));
                r.Add(Reorder(parameters["weight_hh" + suffix], order, h));
                if (rnn.Bias)
                    b.Add(Tensor.Cat([Reorder(parameters["bias_ih" + suffix], order, h), Reorder(parameters["bias_hh" + suffix], order, h)], 0));
            }
            var inputs = new List<string>
            {
                seq, _g.Weight("rnn_w", Tensor.Stack(w.ToArray(), 0)), _g.Weight("rnn_r", Tensor.Stack(r.ToArray(), 0)),
            };
            if (rnn.Bias)
                inputs.Add(_g.Weight("rnn_b", Tensor.Stack(b.ToArray(), 0)));
            var attrs = new List<Protobuf.AttributeProto>
            {
                Attr.Int("hidden_size", h), Attr.String("direction", dirs == 2 ? "bidirectional" : "forward"),
            };
            if (rnn is Gru)
                attrs.Add(Attr.Int("linear_before_reset", 1));
            if (rnn is Rnn plain)
                attrs.Add(Attr.Strings("activations", Enumerable.Repeat(plain.Nonlinearity == "relu" ? "Relu" : "Tanh", dirs)));
            string[] outs = _g.NodeMulti(op, [.. inputs], 2, "", [.. attrs]);
            // Y: [T, D, N, H] → [T, N, D·H] (forward then reverse features, as PyTorch concatenates them).
            seq = dirs == 1
                ? _g.Node("Squeeze", [outs[0], _g.Longs("axes", 1)])
                : _g.Node("Reshape", [_g.Node("Transpose", [outs[0]], Attr.Ints("perm", 0, 2, 1, 3)), _g.Longs("shape", 0, 0, -1)]);
            lastH = outs[1];
        }
        if (lastState)
        {
            // Y_h of the last layer: [D, N, H] → [N, D·H].
            return dirs == 1
                ? _g.Node("Squeeze", [lastH, _g.Longs("axes", 0)])
                : _g.Node("Reshape", [_g.Node("Transpose", [lastH], Attr.Ints("perm", 1, 0, 2)), _g.Longs("shape", 0, -1)]);
        }
        return rnn.BatchFirst ? _g.Node("Transpose", [seq], Attr.Ints("perm", 1, 0, 2)) : seq;
    }

    /// <summary>The [G·H, …] weight (or [G·H] bias) with its G gate blocks of H rows put in <paramref name="order"/>.</summary>
    private static Tensor Reorder(Tensor weight, int[] order, int h) =>
        Tensor.Cat(order.Select(k => weight.Narrow(0, k * h, h)).ToArray(), 0);
}
