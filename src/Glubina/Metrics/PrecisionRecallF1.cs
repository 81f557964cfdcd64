namespace Glubina.Metrics;

/// <summary>Averaged precision, recall and F-score (F1 unless a beta was given).</summary>
public readonly record struct PrecisionRecallF1(double Precision, double Recall, double F1);
