namespace Glubina.Data.Preprocessing;

/// <summary>Name and kind of a column as a transformer saw it when fitted (sklearn's <c>feature_names_in_</c>).</summary>
/// <param name="Name">Column name.</param>
/// <param name="Kind">Numeric or categorical.</param>
public readonly record struct ColumnSchema(string Name, ColumnKind Kind)
{
    /// <summary>"numeric" or "categorical", as written to JSON and used in messages.</summary>
    public string KindText => KindName(Kind);

    internal static string KindName(ColumnKind kind) => kind == ColumnKind.Numeric ? "numeric" : "categorical";
}
