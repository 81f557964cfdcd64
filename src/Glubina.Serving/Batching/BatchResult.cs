using Glubina.Inference;
using Glubina.Tensors;

namespace Glubina.Serving.Batching;

/// <summary>
/// One request's rows of a (possibly shared) forward pass: rows [<see cref="Offset"/>, Offset + <see cref="Count"/>)
/// of <see cref="Predictions"/>. Row indices given to the accessors are relative to the request.
/// </summary>
internal sealed class BatchResult
{
    private readonly float[] _outputs;

    public BatchResult(Predictions predictions, float[] outputs, int offset, int count, int batchRows)
    {
        Predictions = predictions;
        _outputs = outputs;
        Offset = offset;
        Count = count;
        BatchRows = batchRows;
        int total = predictions.Count;
        Width = total == 0 ? 0 : outputs.Length / total;
    }

    /// <summary>The whole forward pass this request took part in.</summary>
    public Predictions Predictions { get; }

    public int Offset { get; }

    public int Count { get; }

    /// <summary>Rows in the whole forward pass (the batch size this request was served with).</summary>
    public int BatchRows { get; }

    /// <summary>Raw outputs per row (C logits, or the regression values).</summary>
    public int Width { get; }

    /// <summary>Shape of this request's raw outputs: [Count, ...] as the model gave them.</summary>
    public int[] OutputShape
    {
        get
        {
            var shape = Predictions.Outputs.Shape.ToArray();
            shape[0] = Count;
            return shape;
        }
    }

    public bool IsClassification => Predictions.Labels.Count > 0;

    public ReadOnlySpan<float> Outputs(int row) => _outputs.AsSpan((Offset + row) * Width, Width);

    public int Class(int row) => Predictions.Classes[Offset + row];

    public string Label(int row) => Predictions.Label(Offset + row);

    public float Confidence(int row) => Predictions.Confidence(Offset + row);

    public float[] Probabilities(int row) => Predictions.Probabilities[Offset + row];

    public float[] Values(int row) => Predictions.Values[Offset + row];

    /// <summary>Splits one forward pass among the requests whose rows it holds, in order.</summary>
    public static BatchResult[] Split(Predictions predictions, IReadOnlyList<int> rowsPerRequest)
    {
        float[] outputs = predictions.Outputs.To(DType.Float32).Contiguous().ToArray<float>();
        var results = new BatchResult[rowsPerRequest.Count];
        int offset = 0;
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new BatchResult(predictions, outputs, offset, rowsPerRequest[i], predictions.Count);
            offset += rowsPerRequest[i];
        }
        return results;
    }
}
