using Glubina.Onnx.Graph;
using DataType = Glubina.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Glubina.Onnx.Conversion;

/// <summary>
/// The extra outputs of a classifier, computed as Glubina's <c>Predictions</c> does: "probabilities" [N, C] (softmax
/// over C &gt; 1 logits; for one logit p = sigmoid, as [1 − p, p]), "class" int64 [N] (the argmax) and, with class
/// labels, "label" string [N].
/// </summary>
internal static class ClassOutputs
{
    public static void Add(GraphBuilder g, OnnxValue logits, IReadOnlyList<string>? labels)
    {
        int width = logits.Shape[1];
        string probabilities;
        if (width == 1)
        {
            string p = g.Node("Sigmoid", [logits.Name]);
            probabilities = g.Node("Concat", [g.Node("Sub", [g.Scalar("one", 1), p]), p], Attr.Int("axis", 1));
            width = 2;
        }
        else
        {
            probabilities = g.Node("Softmax", [logits.Name], Attr.Int("axis", 1));
        }
        g.Output(probabilities, "probabilities", DataType.Float, [null, width], ["batch", "classes"]);
        string classes = g.Node("ArgMax", [probabilities], Attr.Int("axis", 1), Attr.Int("keepdims", 0));
        g.Output(classes, "class", DataType.Int64, [null], ["batch"]);
        if (labels is null || labels.Count != width)
            return;
        string label = g.Node("LabelEncoder", [classes], "ai.onnx.ml",
            Attr.Ints("keys_int64s", Enumerable.Range(0, width).Select(i => (long)i).ToArray()),
            Attr.Strings("values_strings", labels), Attr.String("default_string", ""));
        g.Output(label, "label", DataType.String, [null], ["batch"]);
    }
}
