namespace Glubina.Metrics;

/// <summary>Per-class precision, recall, F-score and support (scikit-learn's
/// <c>precision_recall_fscore_support(average=None)</c>); element <c>i</c> of every array belongs to
/// <c>Labels[i]</c>. A score whose denominator is zero (a class never predicted, or never present) is 0.</summary>
/// <param name="Labels">The classes, in the order of the other arrays.</param>
/// <param name="Precision">True positives over predicted positives.</param>
/// <param name="Recall">True positives over actual positives.</param>
/// <param name="FScore">F-beta score (F1 for beta = 1).</param>
/// <param name="Support">Number of true samples of each class.</param>
public sealed record ClassScores(long[] Labels, double[] Precision, double[] Recall, double[] FScore, long[] Support);
