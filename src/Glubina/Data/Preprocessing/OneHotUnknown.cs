namespace Glubina.Data.Preprocessing;

/// <summary>What <see cref="OneHotEncoder"/> does with a category not seen in training (sklearn <c>handle_unknown</c>).</summary>
public enum OneHotUnknown
{
    /// <summary>Throw, naming the column, the row and the value.</summary>
    Error,

    /// <summary>Encode the row as all zeros for that column.</summary>
    Ignore,

    /// <summary>Encode it as the infrequent category when the column has one, else as all zeros.</summary>
    InfrequentIfExist,
}
