namespace Glubina.Data.Preprocessing;

/// <summary>How <see cref="SimpleImputer"/> picks the value that replaces a missing one (sklearn <c>strategy</c>).</summary>
public enum ImputeStrategy
{
    /// <summary>Mean of the training values (numeric columns only).</summary>
    Mean,

    /// <summary>Median of the training values (numeric columns only).</summary>
    Median,

    /// <summary>Most frequent training value; ties go to the smallest (numbers) or first in code-point order (text).</summary>
    MostFrequent,

    /// <summary>A fixed value: <see cref="SimpleImputer.FillValue"/> or <see cref="SimpleImputer.FillText"/>.</summary>
    Constant,
}
