namespace Glubina.Metrics;

/// <summary>One line of a <see cref="ClassificationReport"/>: a class, or an average over classes.</summary>
/// <param name="Name">The class name (its label, or the target name given), or "micro avg", "macro avg", "weighted avg".</param>
/// <param name="Precision">Precision of the class or average.</param>
/// <param name="Recall">Recall of the class or average.</param>
/// <param name="F1">F1 score of the class or average.</param>
/// <param name="Support">True samples of the class; for an average, of all the report's classes.</param>
public sealed record ClassificationReportRow(string Name, double Precision, double Recall, double F1, long Support);
