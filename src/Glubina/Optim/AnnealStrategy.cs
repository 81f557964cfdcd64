namespace Glubina.Optim;

/// <summary>How <see cref="OneCycleLR"/> moves between the endpoints of a phase.</summary>
public enum AnnealStrategy
{
    /// <summary>Half a cosine: end + (start − end)·(1 + cos(π·pct))/2.</summary>
    Cos,

    /// <summary>A straight line: start + (end − start)·pct.</summary>
    Linear,
}
