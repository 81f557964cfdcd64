namespace Glubina.Nn;

/// <summary>How a loss combines per-element values: their mean, their sum, or none (the per-element tensor).</summary>
public enum Reduction
{
    Mean,
    Sum,
    None,
}
