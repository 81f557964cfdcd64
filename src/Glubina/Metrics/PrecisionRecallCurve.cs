namespace Glubina.Metrics;

/// <summary>A precision-recall curve (scikit-learn's <c>precision_recall_curve</c>): point <c>i</c> is the
/// precision and recall when samples with score ≥ <c>Thresholds[i]</c> are called positive. Thresholds
/// increase (one per distinct score), so recall decreases; a last point (precision 1, recall 0) has no threshold.</summary>
/// <param name="Precision">Precision per threshold, then 1.</param>
/// <param name="Recall">Decreasing recall per threshold, then 0.</param>
/// <param name="Thresholds">Increasing distinct scores; one element shorter than the other arrays.</param>
public sealed record PrecisionRecallCurve(double[] Precision, double[] Recall, double[] Thresholds);
