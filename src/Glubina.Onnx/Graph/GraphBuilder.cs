using System.Runtime.InteropServices;
using Google.Protobuf;
using Glubina.Onnx.Protobuf;
using Glubina.Tensors;
using DataType = Glubina.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Glubina.Onnx.Graph;

/// <summary>Accumulates the nodes, initializers, inputs and outputs of one ONNX graph, with unique names.</summary>
internal sealed class GraphBuilder
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<float, string> _scalars = [];

    public GraphProto Graph { get; } = new() { Name = "glubina" };

    /// <summary>A name not used before, built from <paramref name="hint"/>.</summary>
    public string Fresh(string hint)
    {
        string name = hint;
        while (!_used.Add(name))
        {
            int n = _counts.GetValueOrDefault(hint) + 1;
            _counts[hint] = n;
            name = $"{hint}_{n}";
        }
        return name;
    }

    /// <summary>Adds a graph input; <paramref name="dims"/> holds a size, or null for a dynamic dim named by
    /// <paramref name="dimNames"/>.</summary>
    public string Input(string name, DataType type, int?[] dims, string[] dimNames)
    {
        if (!_used.Add(name))
            throw new ArgumentException($"ONNX export: the graph input name '{name}' is used twice.");
        Graph.Input.Add(ValueInfo(name, type, dims, dimNames));
        return name;
    }

    /// <summary>Declares <paramref name="source"/> as the graph output <paramref name="name"/> (through an Identity node
    /// when the names differ).</summary>
    public void Output(string source, string name, DataType type, int?[] dims, string[] dimNames)
    {
        if (source != name)
        {
            if (!_used.Add(name))
                throw new ArgumentException($"ONNX export: the graph output name '{name}' is also the name of another value.");
            Graph.Node.Add(new NodeProto { OpType = "Identity", Name = Fresh("output_identity"), Input = { source }, Output = { name } });
        }
        Graph.Output.Add(ValueInfo(name, type, dims, dimNames));
    }

    private static ValueInfoProto ValueInfo(string name, DataType type, int?[] dims, string[] dimNames)
    {
        var shape = new TensorShapeProto();
        for (int d = 0; d < dims.Length; d++)
            shape.Dim.Add(dims[d] is int size
                ? new TensorShapeProto.Types.Dimension { DimValue = size }
                : new TensorShapeProto.Types.Dimension { DimParam = dimNames[d] });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    /// <summary>Adds one node with one output and returns the output's name.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes) => Node(op, inputs, "", attributes);

    /// <summary>Adds one node of an operator domain ("" for the default domain) with one output.</summary>
    public string Node(string op, string[] inputs, string domain, params AttributeProto[] attributes) =>
        NodeMulti(op, inputs, 1, domain, attributes)[0];

    /// <summary>Adds one node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] NodeMulti(string op, string[] inputs, int outputs, string domain, params AttributeProto[] attributes)
    {
        var names = new string[outputs];
        for (int i = 0; i < outputs; i++)
            names[i] = Fresh(op.ToLowerInvariant() + "_out");
        var node = new NodeProto { OpType = op, Name = Fresh(op), Domain = domain };
        node.Input.AddRange(inputs);
        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return names;
    }

    /// <summary>A float32 initializer.</summary>
    public string Floats(string hint, ReadOnlySpan<float> data, params int[] dims) => Initializer(hint, DataType.Float, data, dims);

    /// <summary>A float32 initializer holding a Glubina tensor's values (any float dtype).</summary>
    public string Weight(string hint, Tensor tensor, params int[] dims) =>
        Floats(hint, tensor.Contiguous().ToFloatArray(), dims.Length > 0 ? dims : tensor.ShapeArray());

    /// <summary>An int64 initializer (shapes, axes, indices).</summary>
    public string LongsShaped(string hint, ReadOnlySpan<long> data, params int[] dims) => Initializer(hint, DataType.Int64, data, dims);

    private string Initializer<T>(string hint, DataType type, ReadOnlySpan<T> data, int[] dims)
        where T : unmanaged
    {
        var t = new TensorProto { Name = Fresh(hint), DataType = (int)type };
        t.Dims.AddRange(dims.Select(d => (long)d));
        t.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        Graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>A 1-D int64 initializer.</summary>
    public string Longs(string hint, params long[] data) => LongsShaped(hint, data, data.Length);

    /// <summary>A float32 scalar initializer, shared by every use of the same value.</summary>
    public string Scalar(string hint, double value)
    {
        if (!_scalars.TryGetValue((float)value, out string? name))
            _scalars[(float)value] = name = Floats(hint, [(float)value]);
        return name;
    }
}
