namespace Glubina.Data.Preprocessing;

/// <summary>What <see cref="ColumnPipeline"/> does with columns no step names (sklearn <c>remainder</c>).</summary>
public enum Remainder
{
    /// <summary>Leave them out of the features (and do not require them at transform time).</summary>
    Drop,

    /// <summary>Append them unchanged after the step outputs; they must be numeric.</summary>
    Passthrough,
}
