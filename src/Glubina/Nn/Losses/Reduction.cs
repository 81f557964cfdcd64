namespace Glubina.Nn;

/// <summary>How a loss combines per-element values: their mean, their sum, or none (the per-element tensor).</summary>
public enum Reduction
{
    /// <summary>The mean of the per-element losses (the default), a 0-d tensor.</summary>
    Mean,
    /// <summary>The sum of the per-element losses, a 0-d tensor.</summary>
    Sum,
    /// <summary>No reduction: the per-element losses in the input's shape (per sample for the class losses).</summary>
    None,
}
