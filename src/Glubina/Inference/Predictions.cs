using Glubina.Metrics;
using Glubina.Tensors;

namespace Glubina.Inference;

/// <summary>
/// The answer for N rows: for classification the class index, its label and every class probability
/// (softmax over C logits, or sigmoid of one logit for binary models); for regression the predicted values.
/// </summary>
public sealed class Predictions
{
    private Predictions(Tensor outputs, string[] labels, int[] classes, float[][] probabilities, float[][] values)
    {
        Outputs = outputs;
        Labels = labels;
        Classes = classes;
        Probabilities = probabilities;
        Values = values;
    }

    /// <summary>The model's raw outputs [N, ...].</summary>
    public Tensor Outputs { get; }

    /// <summary>Number of rows predicted (N).</summary>
    public int Count => Outputs.Size(0);

    /// <summary>Class names in output order (classification; "0", "1", … when the model file has none).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Predicted class index per row (classification; empty for regression).</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>Probability of every class per row, in <see cref="Labels"/> order (classification).</summary>
    public IReadOnlyList<float[]> Probabilities { get; }

    /// <summary>Predicted values per row (regression; empty for classification).</summary>
    public IReadOnlyList<float[]> Values { get; }

    /// <summary>Label of the predicted class of row <paramref name="row"/>.</summary>
    public string Label(int row) => Labels[Classes[row]];

    /// <summary>Probability of the predicted class of row <paramref name="row"/>.</summary>
    public float Confidence(int row) => Probabilities[row][Classes[row]];

    /// <summary>Interprets raw outputs [N, C] (or [N]/[N, 1] for one logit or one value per row).</summary>
    public static Predictions From(Tensor outputs, bool classification, IReadOnlyList<string>? classLabels = null)
    {
        int n = outputs.Size(0);
        float[] flat = outputs.To(DType.Float32).Contiguous().ToArray<float>();
        int width = n == 0 ? 0 : flat.Length / n;
        if (!classification)
        {
            var values = new float[n][];
            for (int i = 0; i < n; i++)
                values[i] = flat.AsSpan(i * width, width).ToArray();
            return new Predictions(outputs, [], [], [], values);
        }
        bool binaryLogit = width == 1;
        int classes = binaryLogit ? 2 : width;
        string[] labels = classLabels is { } l && l.Count == classes
            ? l.ToArray()
            : Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        float[] p = ClassifierOutputs.ToProbabilities(binaryLogit ? outputs.Reshape(n) : outputs.Reshape(n, width)).To(DType.Float32).ToArray<float>();
        var probabilities = new float[n][];
        var predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            probabilities[i] = binaryLogit ? [1 - p[i], p[i]] : p.AsSpan(i * width, width).ToArray();
            predicted[i] = ArgMax(probabilities[i]);
        }
        return new Predictions(outputs, labels, predicted, probabilities, []);
    }

    private static int ArgMax(float[] row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
            if (row[c] > row[best])
                best = c;
        return best;
    }
}
