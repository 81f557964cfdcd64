namespace Glubina.Data.Preprocessing;

/// <summary>What <see cref="OrdinalEncoder"/> does with a category not seen in training (sklearn <c>handle_unknown</c>).</summary>
public enum OrdinalUnknown
{
    /// <summary>Throw, naming the column, the row and the value.</summary>
    Error,

    /// <summary>Encode it as <see cref="OrdinalEncoder.UnknownValue"/>.</summary>
    UseEncodedValue,
}
