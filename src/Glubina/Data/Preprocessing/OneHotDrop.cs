namespace Glubina.Data.Preprocessing;

/// <summary>Which category per column <see cref="OneHotEncoder"/> leaves out (sklearn <c>drop</c>).</summary>
public enum OneHotDrop
{
    /// <summary>Keep every category.</summary>
    None,

    /// <summary>Drop the first category (in sorted order) of every column.</summary>
    First,

    /// <summary>Drop the first category only of columns with exactly two categories.</summary>
    IfBinary,
}
