using System.Text.Json.Nodes;
using Glubina.Data;
using Glubina.Data.Preprocessing;

namespace Glubina.Tests.Data.Preprocessing;

/// <summary>
/// Reads tests/fixtures/preprocessing/sklearn.json, written by tools/reference/make_preprocessing_fixtures.py with
/// scikit-learn 1.2.1: the seeded train/test tables and one case per fitted sklearn object.
/// </summary>
internal static class SklearnFixture
{
    private static readonly Lazy<JsonObject> s_root = new(() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "preprocessing", "sklearn.json")))!);

    public static JsonObject Root => s_root.Value;

    public static IEnumerable<JsonObject> Cases => Root["cases"]!.AsArray().Select(c => (JsonObject)c!);

    public static JsonObject Case(string name) => Cases.Single(c => (string)c["name"]! == name);

    /// <summary>Case names of one kind, for [MemberData].</summary>
    public static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases.Where(c => (string)c["kind"]! == kind))
            data.Add((string)c["name"]!);
        return data;
    }

    /// <summary>The "train" or "test" part of the numeric, categorical, or both (numeric first) data.</summary>
    public static Table Table(string part, bool numeric = true, bool categorical = true)
    {
        var columns = new List<Column>();
        if (numeric)
            foreach (var (name, values) in (JsonObject)Root["numeric"]![part]!)
                columns.Add(new NumericColumn(name, Doubles(values!)));
        if (categorical)
            foreach (var (name, values) in (JsonObject)Root["categorical"]![part]!)
                columns.Add(new CategoricalColumn(name, Texts(values!)));
        return new Table(columns);
    }

    /// <summary>The table's columns restricted to <paramref name="names"/>, in that order.</summary>
    public static Table Select(Table table, IEnumerable<string> names) => new(names.Select(n => table[n]).ToArray());

    public static double[] Doubles(JsonNode node) =>
        node.AsArray().Select(v => v is null ? double.NaN : v.GetValue<double>()).ToArray();

    public static string?[] Texts(JsonNode node) => node.AsArray().Select(v => v?.GetValue<string>()).ToArray();

    public static string[] Strings(JsonNode node) => node.AsArray().Select(v => v!.GetValue<string>()).ToArray();

    /// <summary>Row-major rows of a case output; each cell a double (null → NaN) or a string.</summary>
    public static JsonArray[] Rows(JsonNode node) => node.AsArray().Select(r => r!.AsArray()).ToArray();

    /// <summary>|actual − expected| ≤ rel·|expected| + abs, NaN only against NaN.</summary>
    public static void Near(double expected, double actual, string what, double rel = 1e-9, double abs = 1e-12)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            Assert.True(double.IsNaN(expected) && double.IsNaN(actual), $"{what}: expected {expected}, got {actual}.");
            return;
        }
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Abs(expected) + abs,
            $"{what}: expected {expected:R}, got {actual:R} (diff {actual - expected:R}).");
    }

    public static void Near(JsonNode? expected, IReadOnlyList<double>? actual, string what, double rel = 1e-9, double abs = 1e-12)
    {
        if (expected is null)
        {
            Assert.True(actual is null, $"{what}: sklearn has None, got a value.");
            return;
        }
        Assert.NotNull(actual);
        var e = Doubles(expected);
        Assert.Equal(e.Length, actual.Count);
        for (int i = 0; i < e.Length; i++)
            Near(e[i], actual[i], $"{what}[{i}]", rel, abs);
    }

    /// <summary>Compares a transformed table with a case's row-major output.</summary>
    public static void AssertTable(JsonNode expected, Table actual, string what, double rel = 1e-9, double abs = 1e-12)
    {
        var rows = Rows(expected);
        Assert.Equal(rows.Length, actual.RowCount);
        for (int r = 0; r < rows.Length; r++)
        {
            Assert.Equal(rows[r].Count, actual.Columns.Count);
            for (int j = 0; j < rows[r].Count; j++)
            {
                var cell = rows[r][j];
                switch (actual.Columns[j])
                {
                    case NumericColumn n:
                        Near(cell is null ? double.NaN : cell.GetValue<double>(), n.Values[r], $"{what} row {r} col {j} ({n.Name})", rel, abs);
                        break;
                    case CategoricalColumn c:
                        Assert.Equal(cell?.GetValue<string>(), c.Values[r]);
                        break;
                }
            }
        }
    }

    /// <summary>The C# transformer for each transformer case of the fixture, built from the same parameters.</summary>
    public static TableTransformer Create(string name) => name switch
    {
        "standard_default" => new StandardScaler(),
        "standard_no_mean" => new StandardScaler(withMean: false),
        "standard_no_std" => new StandardScaler(withStd: false),
        "minmax_default" => new MinMaxScaler(),
        "minmax_range_clip" => new MinMaxScaler(-1, 2, clip: true),
        "robust_default" => new RobustScaler(),
        "robust_10_90_no_centering" => new RobustScaler(withCentering: false, quantileMin: 10, quantileMax: 90),
        "robust_no_scaling" => new RobustScaler(withScaling: false),
        "impute_num_mean" => new SimpleImputer(ImputeStrategy.Mean),
        "impute_num_median" => new SimpleImputer(ImputeStrategy.Median),
        "impute_num_most_frequent" => new SimpleImputer(ImputeStrategy.MostFrequent),
        "impute_num_constant" => new SimpleImputer(ImputeStrategy.Constant, fillValue: -1.5),
        "impute_cat_most_frequent" => new SimpleImputer(ImputeStrategy.MostFrequent),
        "impute_cat_constant_default" => new SimpleImputer(ImputeStrategy.Constant),
        "impute_cat_constant_custom" => new SimpleImputer(ImputeStrategy.Constant, fillText: "unknown"),
        "onehot_error" => new OneHotEncoder(OneHotUnknown.Error),
        "onehot_ignore" => new OneHotEncoder(OneHotUnknown.Ignore),
        "onehot_drop_first" => new OneHotEncoder(OneHotUnknown.Ignore, OneHotDrop.First),
        "onehot_drop_if_binary" => new OneHotEncoder(OneHotUnknown.Error, OneHotDrop.IfBinary),
        "onehot_infrequent_min5" => new OneHotEncoder(OneHotUnknown.InfrequentIfExist, minFrequency: 5),
        "onehot_infrequent_frac_max3" => new OneHotEncoder(OneHotUnknown.InfrequentIfExist, minFrequencyFraction: 0.1, maxCategories: 3),
        "onehot_ignore_max2" => new OneHotEncoder(OneHotUnknown.Ignore, maxCategories: 2),
        "ordinal_error" => new OrdinalEncoder(),
        "ordinal_unknown_minus1" => new OrdinalEncoder(OrdinalUnknown.UseEncodedValue, unknownValue: -1),
        "ordinal_unknown_nan" => new OrdinalEncoder(OrdinalUnknown.UseEncodedValue, unknownValue: double.NaN),
        _ => throw new ArgumentException($"No C# counterpart for fixture case '{name}'; add one to SklearnFixture.Create."),
    };

    /// <summary>The train and test tables of a transformer case (its "columns").</summary>
    public static (Table Train, Table Test) Data(JsonObject c)
    {
        var names = Strings(c["columns"]!);
        return (Select(Table("train"), names), Select(Table("test"), names));
    }
}
