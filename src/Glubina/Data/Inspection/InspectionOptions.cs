namespace Glubina.Data.Inspection;

/// <summary>Thresholds of <see cref="DataInspector"/>'s warnings.</summary>
public sealed class InspectionOptions
{
    /// <summary>Most frequent values listed per column. Default 5.</summary>
    public int TopValues { get; init; } = 5;

    /// <summary>Warn when at least this share of a column is missing. Default 0.3.</summary>
    public double HighMissingShare { get; init; } = 0.3;

    /// <summary>Warn about a categorical column with more distinct values than this. Default 50.</summary>
    public int HighCardinality { get; init; } = 50;

    /// <summary>Warn about a numeric column whose absolute Pearson correlation with a numeric target is at least
    /// this. Default 0.98.</summary>
    public double LeakageCorrelation { get; init; } = 0.98;

    /// <summary>A target with at most this many distinct values (categorical, or whole numbers) is treated as
    /// classes and its balance reported. Default 20.</summary>
    public int MaxClasses { get; init; } = 20;

    /// <summary>Warn when the smallest class is below this fraction of the largest. Default 0.1.</summary>
    public double ImbalanceRatio { get; init; } = 0.1;
}
