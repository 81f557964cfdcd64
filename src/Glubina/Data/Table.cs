namespace Glubina.Data;

/// <summary>
/// A column-oriented table of raw data as it comes from a file (CSV) before preprocessing: named columns,
/// numeric or categorical, with missing values kept visible (NaN for numbers, null for categories).
/// Preprocessing (Data/Preprocessing) learns from a training table and turns tables into feature tensors.
/// </summary>
public sealed class Table
{
    private readonly Dictionary<string, int> _index;

    public Table(IReadOnlyList<Column> columns)
    {
        if (columns.Count > 0)
        {
            int rows = columns[0].Length;
            foreach (var c in columns)
                if (c.Length != rows)
                    throw new ArgumentException(
                        $"Table: column '{c.Name}' has {c.Length} rows, column '{columns[0].Name}' has {rows}.");
            RowCount = rows;
        }
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
            if (!_index.TryAdd(columns[i].Name, i))
                throw new ArgumentException($"Table: column name '{columns[i].Name}' appears twice.");
        Columns = columns;
    }

    public IReadOnlyList<Column> Columns { get; }

    public int RowCount { get; }

    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>The column called <paramref name="name"/>; the error lists the columns there are.</summary>
    public Column this[string name] => _index.TryGetValue(name, out int i)
        ? Columns[i]
        : throw new KeyNotFoundException(
            $"Table has no column '{name}'. Columns: {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>A table with the given rows (in that order) of every column.</summary>
    public Table Rows(IReadOnlyList<int> rows) => new(Columns.Select(c => c.Take(rows)).ToArray());

    /// <summary>A table without the named columns.</summary>
    public Table Without(params string[] names)
    {
        foreach (string n in names)
            _ = this[n];
        return new Table(Columns.Where(c => !names.Contains(c.Name)).ToArray());
    }
}

/// <summary>Kind of a table column.</summary>
public enum ColumnKind
{
    /// <summary>Numbers (double; NaN marks a missing value).</summary>
    Numeric,

    /// <summary>Category labels or free text (string; null marks a missing value).</summary>
    Categorical,
}

/// <summary>One named column of a <see cref="Table"/>.</summary>
public abstract class Column(string name)
{
    public string Name { get; } = name;

    public abstract ColumnKind Kind { get; }

    public abstract int Length { get; }

    /// <summary>Number of missing values.</summary>
    public abstract int MissingCount { get; }

    /// <summary>A column with the given rows, in that order.</summary>
    public abstract Column Take(IReadOnlyList<int> rows);
}

/// <summary>A numeric column; missing values are NaN.</summary>
public sealed class NumericColumn(string name, double[] values) : Column(name)
{
    public double[] Values { get; } = values;

    public override ColumnKind Kind => ColumnKind.Numeric;

    public override int Length => Values.Length;

    public override int MissingCount => Values.Count(double.IsNaN);

    public override Column Take(IReadOnlyList<int> rows) => new NumericColumn(Name, rows.Select(r => Values[r]).ToArray());
}

/// <summary>A categorical (string) column; missing values are null.</summary>
public sealed class CategoricalColumn(string name, string?[] values) : Column(name)
{
    public string?[] Values { get; } = values;

    public override ColumnKind Kind => ColumnKind.Categorical;

    public override int Length => Values.Length;

    public override int MissingCount => Values.Count(v => v is null);

    public override Column Take(IReadOnlyList<int> rows) => new CategoricalColumn(Name, rows.Select(r => Values[r]).ToArray());
}
