namespace Glubina.Data;

/// <summary>
/// A column-oriented table of raw data as it comes from a file (CSV) before preprocessing: named columns,
/// numeric or categorical, with missing values kept visible (NaN for numbers, null for categories).
/// Preprocessing (Data/Preprocessing) learns from a training table and turns tables into feature tensors.
/// </summary>
public sealed class Table
{
    private readonly Dictionary<string, int> _index;

    /// <summary>A table of <paramref name="columns"/>, in that order.</summary>
    /// <exception cref="ArgumentException">The columns differ in length, or two have the same name.</exception>
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

    /// <summary>The columns, in table order.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <summary>Number of rows (0 for a table without columns).</summary>
    public int RowCount { get; }

    /// <summary>The column names, in table order.</summary>
    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    /// <summary>Whether the table has a column called <paramref name="name"/> (case-sensitive).</summary>
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
    /// <summary>The column's name (e.g. its CSV header).</summary>
    public string Name { get; } = name;

    /// <summary>Whether the column holds numbers or categories.</summary>
    public abstract ColumnKind Kind { get; }

    /// <summary>Number of rows, missing values included.</summary>
    public abstract int Length { get; }

    /// <summary>Number of missing values.</summary>
    public abstract int MissingCount { get; }

    /// <summary>A column with the given rows, in that order.</summary>
    public abstract Column Take(IReadOnlyList<int> rows);
}

/// <summary>A numeric column; missing values are NaN.</summary>
public sealed class NumericColumn(string name, double[] values) : Column(name)
{
    /// <summary>One value per row; NaN marks a missing value. The array passed to the constructor (not a copy).</summary>
    public double[] Values { get; } = values;

    /// <inheritdoc/>
    public override ColumnKind Kind => ColumnKind.Numeric;

    /// <inheritdoc/>
    public override int Length => Values.Length;

    /// <inheritdoc/>
    public override int MissingCount => Values.Count(double.IsNaN);

    /// <inheritdoc/>
    public override Column Take(IReadOnlyList<int> rows) => new NumericColumn(Name, rows.Select(r => Values[r]).ToArray());
}

/// <summary>A categorical (string) column; missing values are null.</summary>
public sealed class CategoricalColumn(string name, string?[] values) : Column(name)
{
    /// <summary>One label per row; null marks a missing value. The array passed to the constructor (not a copy).</summary>
    public string?[] Values { get; } = values;

    /// <inheritdoc/>
    public override ColumnKind Kind => ColumnKind.Categorical;

    /// <inheritdoc/>
    public override int Length => Values.Length;

    /// <inheritdoc/>
    public override int MissingCount => Values.Count(v => v is null);

    /// <inheritdoc/>
    public override Column Take(IReadOnlyList<int> rows) => new CategoricalColumn(Name, rows.Select(r => Values[r]).ToArray());
}
