using System.Buffers;
using nietras.SeparatedValues;

namespace Glubina.Data.Csv;

/// <summary>Turns the rows of one Sep reader (all of them, or one chunk) into a <see cref="Table"/>.</summary>
internal sealed class CsvTableBuilder
{
    private readonly string _fileName;
    private readonly IReadOnlyList<string> _header;
    private readonly CsvColumnBuilder[] _columns;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _missing;
    private readonly bool _emptyIsMissing;
    private readonly SearchValues<char> _missingFirstChars;
    private readonly string _missingText;
    private readonly int _firstChunkRows;

    /// <param name="fileName">The file, for error messages.</param>
    /// <param name="header">Column names.</param>
    /// <param name="kinds">Per column: its type, or null to infer it.</param>
    /// <param name="origins">Per column: why it has its type (for error messages).</param>
    /// <param name="missing">Missing-value markers.</param>
    /// <param name="keepRaw">Keep the text of inferred numeric cells (for a source that cannot be read twice).</param>
    /// <param name="firstChunkRows">Rows of the first chunk, when later chunks' types were fixed by it.</param>
    public CsvTableBuilder(string fileName, IReadOnlyList<string> header, ColumnKind?[] kinds, CsvColumnOrigin[] origins,
        HashSet<string> missing, bool keepRaw, int firstChunkRows = 0)
    {
        _fileName = fileName;
        _header = header;
        _columns = new CsvColumnBuilder[header.Count];
        for (int i = 0; i < _columns.Length; i++)
            _columns[i] = new CsvColumnBuilder(header[i], kinds[i], origins[i], keepRaw);
        _missing = missing.GetAlternateLookup<ReadOnlySpan<char>>();
        _emptyIsMissing = missing.Contains("");
        _missingFirstChars = SearchValues.Create([.. missing.Where(m => m.Length > 0).Select(m => m[0]).Distinct()]);
        _missingText = string.Join(", ", missing.Select(m => $"\"{m}\""));
        _firstChunkRows = firstChunkRows;
    }

    public int Rows { get; private set; }

    /// <summary>Adds one data row; a blank line is skipped (returns false).</summary>
    public bool Add(SepReader.Row row)
    {
        if (row.Span.IsEmpty)
            return false;
        int line = row.LineNumberFrom;
        // Sep reads an unclosed quote to the end of the file as one field: a row over several lines with an odd
        // number of quote characters is that, not a field with line breaks in it.
        if (row.LineNumberToExcl - row.LineNumberFrom > 1 && row.Span.Count('"') % 2 == 1)
            throw new CsvFormatException(
                $"{_fileName}: line {line}: a quote opened in this row is never closed, so lines {line} to {row.LineNumberToExcl - 1} " +
                "would be read as one row. Close the quote; a quote inside a field must be doubled (\"\") and the field quoted.",
                _fileName, line);
        if (row.ColCount != _columns.Length)
            throw new CsvFormatException(
                $"{_fileName}: line {line} has {row.ColCount} fields, expected {_columns.Length} as in the header " +
                $"({string.Join(", ", _header)}); a field with the separator in it must be quoted.",
                _fileName, line);
        for (int i = 0; i < _columns.Length; i++)
        {
            SepReader.Col col = row[i];
            _columns[i].Add(col, IsMissing(col.Span), new CsvCellContext(this, line, i));
        }
        Rows++;
        return true;
    }

    // Most cells cannot be a marker: only those starting with a marker's first character are looked up.
    private bool IsMissing(ReadOnlySpan<char> cell) => cell.IsEmpty
        ? _emptyIsMissing
        : _missingFirstChars.Contains(cell[0]) && _missing.Contains(cell);

    public Table Build() => new([.. _columns.Select(c => c.Build())]);

    /// <summary>Columns that turned categorical after numeric cells whose text was not kept.</summary>
    public string[] ColumnsToReread() => [.. _columns.Where(c => c.NeedsReread).Select(c => c.Name)];

    /// <summary>The type each column ended with.</summary>
    public ColumnKind[] Kinds() => [.. _columns.Select(c => c.IsNumeric ? ColumnKind.Numeric : ColumnKind.Categorical)];

    internal CsvFormatException BadNumber(string column, int index, int line, ReadOnlySpan<char> cell, CsvColumnOrigin origin)
    {
        string why = origin == CsvColumnOrigin.Declared
            ? "the column is declared numeric in CsvOptions.ColumnTypes"
            : $"the column's type was fixed as numeric by the first chunk ({_firstChunkRows} rows); declare it with " +
              $"CsvOptions.ColumnTypes[\"{column}\"] = ColumnKind.Categorical to read it as text";
        string text = cell.Length <= 80 ? cell.ToString() : cell[..80].ToString() + "…";
        return new CsvFormatException(
            $"{_fileName}: line {line}, column '{column}' (field {index + 1}): cannot read \"{text}\" as a number; expected a number " +
            $"in invariant culture (like 3.14 or -2.5e-3) or a missing-value marker ({_missingText}), because {why}.",
            _fileName, line, column);
    }
}

/// <summary>Where a cell is, so a column can report a bad cell.</summary>
internal readonly struct CsvCellContext(CsvTableBuilder table, int line, int index)
{
    public CsvFormatException BadNumber(string column, ReadOnlySpan<char> cell, CsvColumnOrigin origin) =>
        table.BadNumber(column, index, line, cell, origin);
}
