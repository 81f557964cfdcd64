using System.Globalization;
using nietras.SeparatedValues;

namespace Glubina.Data.Csv;

/// <summary>
/// Reads CSV files with a header row into <see cref="Table"/>s, parsing with Sep (quoted fields with separators,
/// doubled quotes and line breaks inside, any line ends). Column types are inferred (numeric when every non-missing
/// cell parses as a number in invariant culture — Sep's fast parser, which also reads "inf", or else .NET's
/// <c>double.TryParse</c> — else categorical) or declared in <see cref="CsvOptions.ColumnTypes"/>.
/// Blank lines are skipped. <see cref="ReadChunks(string, int, CsvOptions?)"/> streams a file of any size as tables
/// of a fixed number of rows.
/// </summary>
public static class CsvLoader
{
    /// <summary>The whole file as one table.</summary>
    public static Table Load(string path, CsvOptions? options = null)
    {
        CheckFile(path);
        return LoadAll(o => o.FromFile(path), path, options, canReread: true);
    }

    /// <summary>The whole stream as one table (the stream stays open); <paramref name="name"/> names it in errors.</summary>
    public static Table Load(Stream stream, string name, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
            return LoadAll(o => o.From(stream, leaveOpen: true), name, options, canReread: false);
        long start = stream.Position;
        return LoadAll(o =>
        {
            stream.Position = start;
            return o.From(stream, leaveOpen: true);
        }, name, options, canReread: true);
    }

    /// <summary>CSV text (header row first) as a table; <paramref name="name"/> names it in errors.</summary>
    public static Table Parse(string text, CsvOptions? options = null, string name = "<text>")
    {
        ArgumentNullException.ThrowIfNull(text);
        return LoadAll(o => o.FromText(text), name, options, canReread: true);
    }

    /// <summary>
    /// The file as a sequence of tables of <paramref name="rowsPerChunk"/> rows (the last may have fewer), read
    /// lazily so the file may be larger than memory. Column types are the declared ones, and for the others those
    /// inferred from the first chunk; a later cell that does not fit is an error naming the file, line and column.
    /// </summary>
    public static IEnumerable<Table> ReadChunks(string path, int rowsPerChunk, CsvOptions? options = null)
    {
        CheckFile(path);
        CheckChunk(rowsPerChunk);
        return Chunks(o => o.FromFile(path), path, rowsPerChunk, options ?? new CsvOptions());
    }

    /// <summary>The stream as a sequence of tables of <paramref name="rowsPerChunk"/> rows (the stream stays open).</summary>
    public static IEnumerable<Table> ReadChunks(Stream stream, string name, int rowsPerChunk, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckChunk(rowsPerChunk);
        return Chunks(o => o.From(stream, leaveOpen: true), name, rowsPerChunk, options ?? new CsvOptions());
    }

    private delegate SepReader OpenReader(SepReaderOptions options);

    // Reads every row. An inferred column that turns out categorical after numeric cells needs their exact text:
    // a source that can be read twice is read again with those columns declared categorical (cheaper than keeping
    // the text of every numeric cell); otherwise the text is kept while inferring.
    private static Table LoadAll(OpenReader open, string name, CsvOptions? options, bool canReread)
    {
        options ??= new CsvOptions();
        CsvTableBuilder builder = ReadAll(open, name, options, keepRaw: !canReread);
        string[] reread = builder.ColumnsToReread();
        if (reread.Length == 0)
            return builder.Build();
        var types = new Dictionary<string, ColumnKind>(options.ColumnTypes ?? new Dictionary<string, ColumnKind>());
        foreach (string column in reread)
            types[column] = ColumnKind.Categorical;
        var again = new CsvOptions { Separator = options.Separator, MissingValues = options.MissingValues, ColumnTypes = types };
        return ReadAll(open, name, again, keepRaw: false).Build();
    }

    private static CsvTableBuilder ReadAll(OpenReader open, string name, CsvOptions options, bool keepRaw)
    {
        using SepReader reader = Open(open, name, options);
        CsvTableBuilder builder = FirstBuilder(reader, name, options, keepRaw);
        while (reader.MoveNext())
            builder.Add(reader.Current);
        return builder;
    }

    private static IEnumerable<Table> Chunks(OpenReader open, string name, int rowsPerChunk, CsvOptions options)
    {
        using SepReader reader = Open(open, name, options);
        // The first chunk is bounded, so keeping the text of its numeric cells while inferring is cheap.
        CsvTableBuilder first = FirstBuilder(reader, name, options, keepRaw: true);
        bool more = Fill(reader, first, rowsPerChunk);
        if (first.Rows == 0)
            yield break;
        yield return first.Build();

        // Later chunks keep the first chunk's column types.
        IReadOnlyList<string> header = reader.Header.ColNames;
        ColumnKind?[] kinds = [.. first.Kinds().Select(k => (ColumnKind?)k)];
        CsvColumnOrigin[] origins = [.. Origins(header, options)
            .Select(o => o == CsvColumnOrigin.Declared ? o : CsvColumnOrigin.FixedByFirstChunk)];
        HashSet<string> missing = MissingSet(options);
        while (more)
        {
            var builder = new CsvTableBuilder(name, header, kinds, origins, missing, keepRaw: false, first.Rows);
            more = Fill(reader, builder, rowsPerChunk);
            if (builder.Rows > 0)
                yield return builder.Build();
        }
    }

    // Adds rows until the builder holds `rows` of them; false when the reader has no more.
    private static bool Fill(SepReader reader, CsvTableBuilder builder, int rows)
    {
        while (builder.Rows < rows)
        {
            if (!reader.MoveNext())
                return false;
            builder.Add(reader.Current);
        }
        return true;
    }

    private static SepReader Open(OpenReader open, string name, CsvOptions options)
    {
        var sepOptions = new SepReaderOptions(options.Separator is char c ? new Sep(c) : null)
        {
            HasHeader = true,
            Unescape = true,
            DisableColCountCheck = true,
            CultureInfo = CultureInfo.InvariantCulture,
        };
        SepReader reader;
        try
        {
            reader = open(sepOptions);
        }
        catch (ArgumentException e)
        {
            // Sep refuses a header with a repeated column name.
            throw new CsvFormatException($"{name}: line 1 (header): {e.Message}", name, 1, null, e);
        }
        if (reader.Header.IsEmpty)
        {
            reader.Dispose();
            throw new CsvFormatException($"{name}: the file is empty; expected a header row with the column names.", name, 1);
        }
        return reader;
    }

    private static CsvTableBuilder FirstBuilder(SepReader reader, string name, CsvOptions options, bool keepRaw)
    {
        IReadOnlyList<string> header = reader.Header.ColNames;
        if (options.ColumnTypes is not null)
            foreach (string declared in options.ColumnTypes.Keys)
                if (!header.Contains(declared))
                    throw new CsvFormatException(
                        $"{name}: CsvOptions.ColumnTypes declares column '{declared}', which the header does not have; " +
                        $"its columns are: {string.Join(", ", header)}.", name, 1, declared);
        ColumnKind?[] kinds = [.. header.Select(h => options.ColumnTypes is not null && options.ColumnTypes.TryGetValue(h, out var k) ? k : (ColumnKind?)null)];
        return new CsvTableBuilder(name, header, kinds, Origins(header, options), MissingSet(options), keepRaw);
    }

    private static CsvColumnOrigin[] Origins(IReadOnlyList<string> header, CsvOptions options) =>
        [.. header.Select(h => options.ColumnTypes?.ContainsKey(h) == true ? CsvColumnOrigin.Declared : CsvColumnOrigin.Inferred)];

    private static HashSet<string> MissingSet(CsvOptions options) => new(options.MissingValues ?? [], StringComparer.Ordinal);

    private static void CheckFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"CSV file '{path}' does not exist.", path);
    }

    private static void CheckChunk(int rowsPerChunk)
    {
        if (rowsPerChunk <= 0)
            throw new ArgumentOutOfRangeException(nameof(rowsPerChunk), rowsPerChunk, $"ReadChunks: rowsPerChunk must be positive, got {rowsPerChunk}.");
    }
}
