namespace Glubina.Data.Preprocessing;

/// <summary>
/// The categories of one column as scikit-learn's encoders learn them: distinct values sorted in code-point order,
/// with the missing value (null) last when present, and a lookup from value to index.
/// </summary>
internal sealed class CategorySet
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public CategorySet(string?[] categories)
    {
        Categories = categories;
        for (int i = 0; i < categories.Length; i++)
        {
            if (categories[i] is null)
                MissingIndex = i;
            else
                _index[categories[i]!] = i;
        }
    }

    public string?[] Categories { get; }

    /// <summary>Index of the null (missing) category, or -1.</summary>
    public int MissingIndex { get; } = -1;

    public int Count => Categories.Length;

    /// <summary>Index of the value, or -1 when unknown.</summary>
    public int IndexOf(string? value) => value is null ? MissingIndex : _index.GetValueOrDefault(value, -1);

    /// <summary>Learns the categories of <paramref name="values"/> and how often each occurs.</summary>
    public static (CategorySet Set, int[] Counts) Learn(string?[] values)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int missing = 0;
        foreach (string? v in values)
        {
            if (v is null)
                missing++;
            else
                counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        var cats = counts.Keys.Order(CodePointComparer.Instance).Cast<string?>().ToList();
        var n = cats.Select(c => counts[c!]).ToList();
        if (missing > 0)
        {
            cats.Add(null);
            n.Add(missing);
        }
        return (new CategorySet(cats.ToArray()), n.ToArray());
    }

    /// <summary>The category as sklearn's feature names print it: missing is "nan".</summary>
    public static string Display(string? category) => category ?? "nan";

    /// <summary>A short list of the categories for error messages.</summary>
    public string Describe(int max = 20)
    {
        var shown = Categories.Take(max).Select(c => c is null ? "(missing)" : $"'{c}'");
        return string.Join(", ", shown) + (Count > max ? $", … ({Count} in all)" : "");
    }
}
