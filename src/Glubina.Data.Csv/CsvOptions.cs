namespace Glubina.Data.Csv;

/// <summary>How <see cref="CsvLoader"/> reads a CSV file: separator, missing-value markers and declared column types.</summary>
public sealed class CsvOptions
{
    /// <summary>The markers of a missing value by default: "", "NA", "N/A", "NaN", "null", "?" (compared exactly).</summary>
    public static IReadOnlyList<string> DefaultMissingValues { get; } = ["", "NA", "N/A", "NaN", "null", "?"];

    /// <summary>The field separator; null (the default) detects it from the header row among ',', ';', '\t', '|' and others.</summary>
    public char? Separator { get; init; }

    /// <summary>Cells equal to one of these (exactly, case-sensitive) are missing: NaN in numeric columns, null in categorical ones.</summary>
    public IReadOnlyCollection<string> MissingValues { get; init; } = DefaultMissingValues;

    /// <summary>
    /// Declared column types by column name. A declared numeric column with a cell that is neither a number nor a
    /// missing marker is an error; columns not named here are inferred (numeric when every non-missing cell parses as
    /// a number with the invariant culture, else categorical).
    /// </summary>
    public IReadOnlyDictionary<string, ColumnKind>? ColumnTypes { get; init; }
}
