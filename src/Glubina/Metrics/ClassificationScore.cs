namespace Glubina.Metrics;

/// <summary>Which of the confusion-matrix scores a <see cref="StreamingClassificationScore"/> reports.</summary>
public enum ClassificationScore
{
    /// <summary>True positives over predicted positives.</summary>
    Precision,

    /// <summary>True positives over actual positives.</summary>
    Recall,

    /// <summary>Harmonic mean of precision and recall.</summary>
    F1,
}
