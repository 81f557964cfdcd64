using System.Globalization;
using System.Text.Json;

namespace Glubina.Tests.Metrics;

/// <summary>Reads tests/fixtures/metrics/sklearn_metrics.json, written by tools/reference/make_metric_fixtures.py
/// with scikit-learn 1.2.1. Floats are Python's repr of float64 values, so parsing as double is exact.</summary>
public static class MetricFixtures
{
    /// <summary>Relative tolerance against scikit-learn: every metric is computed in double; the only
    /// differences are summation order (NumPy sums pairwise) and the order of a few operations.</summary>
    public const double RelativeTolerance = 1e-9;

    private static readonly Lazy<JsonDocument> s_doc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "metrics", "sklearn_metrics.json"))));

    public static JsonElement Root => s_doc.Value.RootElement;

    public static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in Root.GetProperty(kind).EnumerateArray())
            data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    public static JsonElement Case(string kind, string name) =>
        Root.GetProperty(kind).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static double Double(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => double.Parse(e.GetString()!, CultureInfo.InvariantCulture),
        _ => e.GetDouble(),
    };

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(Double).ToArray();

    public static long[] Longs(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt64()).ToArray();

    public static double[,] Matrix(JsonElement e)
    {
        double[][] rows = e.EnumerateArray().Select(Doubles).ToArray();
        var m = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows[i].Length; j++)
                m[i, j] = rows[i][j];
        return m;
    }

    public static bool IsNull(JsonElement e, string property) =>
        !e.TryGetProperty(property, out JsonElement v) || v.ValueKind == JsonValueKind.Null;

    public static void Close(double expected, double actual, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"{what}: expected NaN, got {actual:R}");
            return;
        }
        double tolerance = RelativeTolerance * Math.Abs(expected) + 1e-14;
        Assert.True(Math.Abs(actual - expected) <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(actual - expected):R}, tolerance {tolerance:R})");
    }

    public static void Close(double[] expected, double[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
            Close(expected[i], actual[i], $"{what}[{i}]");
    }

    public static void Close(JsonElement expected, double actual, string what) => Close(Double(expected), actual, what);
}
