using System.Text.Json;
using Glubina.Serving.Batching;

namespace Glubina.Serving.Protocol;

/// <summary>How one predicted row is written in <c>/v1</c> answers and the prediction log.</summary>
internal static class PredictionJson
{
    /// <summary>Writes, inside an open object, "label", "probability" and "probabilities" {label: p} for a
    /// classifier, or "value" (one output) / "values" for regression.</summary>
    public static void WriteRow(Utf8JsonWriter w, BatchResult result, int row)
    {
        if (result.IsClassification)
        {
            w.WriteString("label", result.Label(row));
            w.WriteNumber("probability", result.Confidence(row));
            w.WriteStartObject("probabilities");
            var labels = result.Predictions.Labels;
            float[] p = result.Probabilities(row);
            for (int c = 0; c < p.Length; c++)
                w.WriteNumber(labels[c], p[c]);
            w.WriteEndObject();
            return;
        }
        float[] values = result.Values(row);
        if (values.Length == 1)
            w.WriteNumber("value", values[0]);
        else
        {
            w.WriteStartArray("values");
            foreach (float v in values)
                w.WriteNumberValue(v);
            w.WriteEndArray();
        }
    }
}
