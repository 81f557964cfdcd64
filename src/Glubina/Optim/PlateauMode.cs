namespace Glubina.Optim;

/// <summary>Whether <see cref="ReduceLROnPlateau"/> watches a metric that should go down (a loss) or up (an accuracy).</summary>
public enum PlateauMode
{
    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}
