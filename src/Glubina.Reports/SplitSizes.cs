namespace Glubina.Reports;

/// <summary>Number of rows (samples) in each split of a run; a split that was not made is 0.</summary>
/// <param name="Train">Training rows.</param>
/// <param name="Validation">Validation rows (0 when training used none).</param>
/// <param name="Test">Held-out test rows (0 when there was no test split).</param>
public sealed record SplitSizes(int Train, int Validation, int Test)
{
    /// <summary>All rows together.</summary>
    public int Total => Train + Validation + Test;
}
