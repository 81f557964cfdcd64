using System.Globalization;
using Glubina.Data;
using Glubina.Data.Csv;
using Glubina.Data.Preprocessing;

namespace Glubina.Cli.Runs;

/// <summary>Reads CSV/TSV files for the commands, turning the library's errors into messages a user can act on.</summary>
internal static class TableFiles
{
    /// <summary>Share of parseable numbers above which a text column is taken for a numeric column with a bad cell.</summary>
    private const double MostlyNumeric = 0.9;

    /// <summary>Loads a CSV (or, by extension, TSV) file. With <paramref name="types"/> the named columns must have
    /// that kind, so a non-numeric cell in a numeric column is an error naming file, line, column and value.</summary>
    public static Table Load(string path, IReadOnlyDictionary<string, ColumnKind>? types = null)
    {
        RequireFile(path, "data file");
        var options = new CsvOptions { Separator = Separator(path), ColumnTypes = types };
        Table table = CsvLoader.Load(path, options);
        if (table.RowCount == 0)
            throw new CliException($"{path}: the file has a header but no data rows.");
        return table;
    }

    /// <summary>Loads a training table and refuses a text column that is numeric but for a few cells (a typo such
    /// as "1,5" or "n/a" would otherwise turn a number column into categories).</summary>
    public static Table LoadForTraining(string path)
    {
        Table table = Load(path);
        string[] suspicious = [.. table.Columns.OfType<CategoricalColumn>().Where(IsMostlyNumeric).Select(c => c.Name)];
        if (suspicious.Length == 0)
            return table;
        // Read again with those columns declared numeric: the loader then names the first bad cell exactly.
        Load(path, suspicious.ToDictionary(c => c, _ => ColumnKind.Numeric));
        return table;
    }

    /// <summary>The column kinds a fitted pipeline expects, to load data for a saved model.</summary>
    public static Dictionary<string, ColumnKind> ExpectedKinds(ColumnPipeline pipeline)
    {
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        foreach (ColumnStep step in pipeline.Steps)
            foreach (ColumnSchema column in step.Transformer.InputColumns)
                kinds[column.Name] = column.Kind;
        foreach (ColumnSchema column in pipeline.RemainderColumns)
            kinds[column.Name] = column.Kind;
        return kinds;
    }

    /// <summary>Loads data for a saved model: declared kinds for the columns the model uses (present in the file),
    /// and an error naming the closest names for a column the model needs and the file lacks.</summary>
    public static Table LoadForModel(string path, ColumnPipeline pipeline)
    {
        RequireFile(path, "data file");
        Table header = CsvLoader.ReadChunks(path, 1, new CsvOptions { Separator = Separator(path) }).FirstOrDefault()
            ?? throw new CliException($"{path}: the file has a header but no data rows.");
        var kinds = ExpectedKinds(pipeline);
        var present = header.ColumnNames.ToHashSet(StringComparer.Ordinal);
        foreach (string needed in kinds.Keys)
            if (!present.Contains(needed))
                throw new CliException(ClosestNames.Unknown("column", needed, path, [.. header.ColumnNames]) +
                                       " The model was trained with this column.");
        return Load(path, kinds.Where(k => present.Contains(k.Key)).ToDictionary(k => k.Key, k => k.Value));
    }

    /// <summary>The column, or an error naming the closest column names.</summary>
    public static Column Require(Table table, string name, string path, string role)
    {
        if (table.Contains(name))
            return table[name];
        throw new CliException(ClosestNames.Unknown($"{role} column", name, path, [.. table.ColumnNames]));
    }

    public static void RequireFile(string path, string what)
    {
        if (Directory.Exists(path))
            throw new CliException($"{what} '{path}' is a folder; expected a file.");
        if (!File.Exists(path))
            throw new CliException($"{what} not found: {path} (full path {Path.GetFullPath(path)}).");
    }

    /// <summary>The text of a cell as used for class labels ("3", "2.5", "setosa"); null when missing.</summary>
    public static string? CellText(Column column, int row) => column switch
    {
        NumericColumn n => double.IsNaN(n.Values[row]) ? null : n.Values[row].ToString(CultureInfo.InvariantCulture),
        CategoricalColumn c => c.Values[row],
        _ => throw new NotSupportedException(column.GetType().Name),
    };

    private static char? Separator(string path) =>
        path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tab", StringComparison.OrdinalIgnoreCase) ? '\t' : null;

    private static bool IsMostlyNumeric(CategoricalColumn column)
    {
        int present = 0, numbers = 0;
        foreach (string? value in column.Values)
        {
            if (value is null)
                continue;
            present++;
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                numbers++;
        }
        return present > 0 && numbers < present && numbers >= MostlyNumeric * present;
    }
}
