namespace Glubina.Data.Inspection;

/// <summary>What an <see cref="InspectionWarning"/> is about.</summary>
public enum InspectionWarningKind
{
    /// <summary>The column holds one value (or none): it carries no information.</summary>
    ConstantColumn,

    /// <summary>The column is unique per row (or a monotonic integer sequence): an identifier, not a feature.</summary>
    LikelyIdentifier,

    /// <summary>The column gives the target away (a copy, a 1:1 relabelling, or a near-perfect correlation).</summary>
    LeakageCandidate,

    /// <summary>A large share of the column is missing.</summary>
    HighMissingShare,

    /// <summary>A categorical column with very many distinct values (one-hot encoding would explode).</summary>
    HighCardinality,

    /// <summary>The target's classes are very unequal in size.</summary>
    ClassImbalance,
}
