using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Reads the tensors given to streaming metrics into double / long arrays, checking dtype and shape.
/// Predictions are <c>[N, C]</c> class scores, or <c>[N]</c> / <c>[N, 1]</c> one score per sample (a binary
/// problem's positive class), or int64 <c>[N]</c> predicted labels; targets are int64 <c>[N]</c> class indices.</summary>
internal static class TensorInputs
{
    /// <summary>Float predictions as a row-major [rows, columns] matrix; columns is 1 for a single score per sample.</summary>
    public static (double[] Data, int Rows, int Columns) Scores(Tensor predictions, string metric)
    {
        MetricChecks.NotNull(predictions, nameof(predictions), metric);
        if (!predictions.DType.IsFloatingPoint())
            throw new ArgumentException(
                $"{metric}: predictions must be float32 or float64 scores, got {predictions.DType.Name()} with shape {Format(predictions)}.",
                nameof(predictions));
        int rows, columns;
        if (predictions.Rank == 1)
            (rows, columns) = (predictions.Size(0), 1);
        else if (predictions.Rank == 2)
            (rows, columns) = (predictions.Size(0), predictions.Size(1));
        else
            throw new ArgumentException(
                $"{metric}: predictions must have shape [N, C] or [N], got {Format(predictions)}.", nameof(predictions));
        double[] data = ToDoubles(predictions);
        MetricChecks.Finite(data, nameof(predictions), metric, predictions.Rank == 2 ? columns : 0);
        return (data, rows, columns);
    }

    /// <summary>Int64 class targets [N] or [N, 1], of length <paramref name="rows"/>, non-negative.</summary>
    public static long[] Targets(Tensor targets, int rows, string metric)
    {
        MetricChecks.NotNull(targets, nameof(targets), metric);
        if (targets.DType != DType.Int64)
            throw new ArgumentException(
                $"{metric}: targets must be int64 class indices, got {targets.DType.Name()} with shape {Format(targets)}; convert with To(DType.Int64).",
                nameof(targets));
        if (!(targets.Rank == 1 || (targets.Rank == 2 && targets.Size(1) == 1)))
            throw new ArgumentException($"{metric}: targets must have shape [N] or [N, 1], got {Format(targets)}.", nameof(targets));
        long[] labels = targets.ToArray<long>();
        MetricChecks.SameLength(rows, "predictions (rows)", labels.Length, nameof(targets), metric);
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0)
                throw new ArgumentException($"{metric}: targets[{i}] = {labels[i]} is negative; targets are class indices 0..C-1.", nameof(targets));
        }
        return labels;
    }

    /// <summary>Predicted class labels: int64 predictions as they are; [N, C] scores by arg-max (first maximum);
    /// one score per sample by threshold (above 0.5 for probabilities, above 0 for logits). Returns the number of
    /// classes the scores imply (C, or 2), or 0 for int64 labels.</summary>
    public static (long[] Labels, int Classes) PredictedLabels(Tensor predictions, ScoreKind kind, string metric)
    {
        MetricChecks.NotNull(predictions, nameof(predictions), metric);
        if (predictions.DType == DType.Int64)
        {
            if (!(predictions.Rank == 1 || (predictions.Rank == 2 && predictions.Size(1) == 1)))
                throw new ArgumentException(
                    $"{metric}: int64 predictions are predicted labels and must have shape [N] or [N, 1], got {Format(predictions)}.",
                    nameof(predictions));
            long[] given = predictions.ToArray<long>();
            for (int i = 0; i < given.Length; i++)
            {
                if (given[i] < 0)
                    throw new ArgumentException($"{metric}: predictions[{i}] = {given[i]} is negative; labels are class indices.", nameof(predictions));
            }
            return (given, 0);
        }
        var (data, rows, columns) = Scores(predictions, metric);
        var labels = new long[rows];
        if (columns == 1)
        {
            if (kind == ScoreKind.Probabilities)
                MetricChecks.Probabilities(data, nameof(predictions), metric);
            double threshold = kind == ScoreKind.Probabilities ? 0.5 : 0.0;
            for (int i = 0; i < rows; i++)
                labels[i] = data[i] > threshold ? 1 : 0;
            return (labels, 2);
        }
        for (int i = 0; i < rows; i++)
        {
            int best = 0;
            for (int j = 1; j < columns; j++)
            {
                if (data[i * columns + j] > data[i * columns + best])
                    best = j;
            }
            labels[i] = best;
        }
        return (labels, columns);
    }

    /// <summary>Probabilities: [N, C] rows (softmax of logits), or [N] positive-class probabilities (sigmoid of
    /// logits) when there is one score per sample.</summary>
    public static (double[] Data, int Rows, int Columns) Probabilities(Tensor predictions, ScoreKind kind, string metric)
    {
        var (data, rows, columns) = Scores(predictions, metric);
        if (kind == ScoreKind.Probabilities)
        {
            MetricChecks.Probabilities(data, nameof(predictions), metric, predictions.Rank == 2 ? columns : 0);
            return (data, rows, columns);
        }
        if (columns == 1)
        {
            for (int i = 0; i < rows; i++)
                data[i] = 1 / (1 + Math.Exp(-data[i]));
            return (data, rows, columns);
        }
        for (int i = 0; i < rows; i++)
        {
            Span<double> row = data.AsSpan(i * columns, columns);
            double max = double.NegativeInfinity, sum = 0;
            foreach (double z in row)
                max = Math.Max(max, z);
            for (int j = 0; j < columns; j++)
            {
                row[j] = Math.Exp(row[j] - max);
                sum += row[j];
            }
            for (int j = 0; j < columns; j++)
                row[j] /= sum;
        }
        return (data, rows, columns);
    }

    /// <summary>Float (or int64) values [N] or [N, 1] for regression.</summary>
    public static double[] Values(Tensor values, string name, string metric)
    {
        MetricChecks.NotNull(values, name, metric);
        if (values.DType == DType.Bool)
            throw new ArgumentException($"{metric}: {name} must be numeric, got bool with shape {Format(values)}.", name);
        if (!(values.Rank == 1 || (values.Rank == 2 && values.Size(1) == 1)))
            throw new ArgumentException(
                $"{metric}: {name} must have shape [N] or [N, 1] (one output), got {Format(values)}.", name);
        double[] data = ToDoubles(values);
        MetricChecks.Finite(data, name, metric);
        return data;
    }

    private static double[] ToDoubles(Tensor t) => t.DType switch
    {
        DType.Float64 => t.ToArray<double>(),
        DType.Float32 => Array.ConvertAll(t.ToArray<float>(), v => (double)v),
        _ => Array.ConvertAll(t.ToArray<long>(), v => (double)v),
    };

    private static string Format(Tensor t) => "[" + string.Join(", ", t.ShapeArray()) + "]";
}
