namespace Glubina.Metrics;

/// <summary>A receiver operating characteristic curve (scikit-learn's <c>roc_curve</c>): point <c>i</c> is the
/// false- and true-positive rate when samples with score ≥ <c>Thresholds[i]</c> are called positive.
/// Thresholds decrease; the first is the highest score + 1, giving the point (0, 0).</summary>
/// <param name="FalsePositiveRate">Increasing false-positive rates, from 0 to 1.</param>
/// <param name="TruePositiveRate">Increasing true-positive rates, from 0 to 1.</param>
/// <param name="Thresholds">Decreasing score thresholds.</param>
public sealed record RocCurve(double[] FalsePositiveRate, double[] TruePositiveRate, double[] Thresholds);
