namespace Glubina.Data.Csv;

/// <summary>A CSV file that cannot be read as a table: a ragged row, a bad cell in a numeric column, an empty or
/// malformed header. The message names the file, the line and the column; the properties hold them for code.</summary>
public sealed class CsvFormatException : FormatException
{
    public CsvFormatException(string message, string fileName, int? line = null, string? column = null, Exception? inner = null)
        : base(message, inner)
    {
        FileName = fileName;
        Line = line;
        Column = column;
    }

    /// <summary>The file (path or the name given for a stream).</summary>
    public string FileName { get; }

    /// <summary>The 1-based line where the row starts, when the error is about one row.</summary>
    public int? Line { get; }

    /// <summary>The column name, when the error is about one column.</summary>
    public string? Column { get; }
}
