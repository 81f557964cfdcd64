namespace Glubina.Data.Inspection;

/// <summary>How often one value occurs in a column.</summary>
/// <param name="Value">The value as text (numbers in invariant culture).</param>
/// <param name="Count">Rows holding it.</param>
/// <param name="Share">Count divided by the non-missing rows.</param>
public sealed record ValueCount(string Value, int Count, double Share);
