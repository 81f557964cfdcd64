using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>A metric accumulated over batches: call <see cref="Update"/> once per batch, <see cref="Compute"/> at
/// the end of an epoch (it may be called again after more updates), <see cref="Reset"/> before the next epoch.
/// Feeding the same samples in any number of batches gives the same value. Create one by name with
/// <see cref="Metric.Create"/>.</summary>
public interface IMetric
{
    /// <summary>The metric's name as <see cref="Metric.Create"/> knows it, e.g. "accuracy", "f1_macro", "mae".</summary>
    string Name { get; }

    /// <summary>True when a larger value is better (accuracy, F1, R²); false for losses and errors.</summary>
    bool GreaterIsBetter { get; }

    /// <summary>Adds a batch. Classification: <paramref name="predictions"/> are float scores [N, C] (logits or
    /// probabilities), one score per sample [N] for a binary problem, or int64 predicted labels [N] where the metric
    /// needs only labels; <paramref name="targets"/> are int64 class indices [N]. Regression: float predictions and
    /// targets [N] (or [N, 1]).</summary>
    void Update(Tensor predictions, Tensor targets);

    /// <summary>The value over every sample since the last <see cref="Reset"/>; throws when there is none.</summary>
    double Compute();

    /// <summary>Forgets every sample.</summary>
    void Reset();
}
