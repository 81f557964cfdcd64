namespace Glubina.Optim;

/// <summary>How <see cref="ReduceLROnPlateau"/> decides that a metric improved on the best so far.</summary>
public enum ThresholdMode
{
    /// <summary>Relative: better than best·(1 − threshold) (min) or best·(1 + threshold) (max).</summary>
    Rel,

    /// <summary>Absolute: better than best − threshold (min) or best + threshold (max).</summary>
    Abs,
}
