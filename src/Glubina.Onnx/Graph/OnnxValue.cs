using Glubina.Onnx.Protobuf;
using Glubina.Tensors;

namespace Glubina.Onnx.Graph;

/// <summary>
/// A value of the graph being built: its ONNX name and element type, and two "probe" tensors — the values Glubina
/// itself computes at this point for two dummy inputs of different batch (and dynamic) sizes. The probes give
/// every static size the exporter needs (channels, spatial sizes) and show which dims are dynamic (they differ).
/// </summary>
internal sealed record OnnxValue(string Name, TensorProto.Types.DataType Type, Tensor ProbeA, Tensor ProbeB)
{
    /// <summary>The shape, with -1 for dims that depend on the batch or a dynamic input size.</summary>
    public int[] Shape
    {
        get
        {
            int[] shape = ProbeA.ShapeArray();
            for (int d = 0; d < shape.Length; d++)
                if (ProbeB.Rank != shape.Length || ProbeB.Size(d) != shape[d])
                    shape[d] = -1;
            return shape;
        }
    }

    public int Rank => ProbeA.Rank;

    /// <summary>A new value named <paramref name="name"/> whose probes are <paramref name="map"/> of these probes.</summary>
    public OnnxValue Derive(string name, Func<Tensor, Tensor> map) => new(name, Type, map(ProbeA), map(ProbeB));
}
