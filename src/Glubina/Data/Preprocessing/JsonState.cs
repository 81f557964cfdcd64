using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// Reading and writing of fitted state as JSON. Finite doubles are JSON numbers written as the shortest text that
/// round-trips (the "R" format, invariant culture); NaN and ±Infinity, which JSON numbers cannot hold, are the
/// strings "NaN", "Infinity", "-Infinity". Every read names the owner and the key when the value is missing or
/// has the wrong type.
/// </summary>
internal static class JsonState
{
    public static JsonNode Number(double value)
    {
        if (double.IsNaN(value))
            return JsonValue.Create("NaN");
        if (double.IsInfinity(value))
            return JsonValue.Create(value > 0 ? "Infinity" : "-Infinity");
        // Parse the "R" text so the node holds exactly that token, independent of the writer's own formatting.
        return JsonNode.Parse(value.ToString("R", CultureInfo.InvariantCulture))!;
    }

    public static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)Number(v)).ToArray());

    public static JsonArray Texts(IEnumerable<string?> values) =>
        new(values.Select(v => v is null ? null : (JsonNode?)JsonValue.Create(v)).ToArray());

    public static JsonArray Strings(IEnumerable<string> values) => Texts(values);

    public static JsonNode Get(JsonObject obj, string key, string owner) =>
        obj.TryGetPropertyValue(key, out JsonNode? node) && node is not null
            ? node
            : throw new FormatException($"{owner} JSON: key '{key}' is missing or null.");

    public static JsonObject Object(JsonObject obj, string key, string owner) =>
        Get(obj, key, owner) as JsonObject
        ?? throw new FormatException($"{owner} JSON: '{key}' must be an object, got {Describe(obj[key])}.");

    public static JsonArray Array(JsonObject obj, string key, string owner) =>
        Get(obj, key, owner) as JsonArray
        ?? throw new FormatException($"{owner} JSON: '{key}' must be an array, got {Describe(obj[key])}.");

    public static bool IsNull(JsonObject obj, string key) => !obj.TryGetPropertyValue(key, out JsonNode? n) || n is null;

    public static string String(JsonObject obj, string key, string owner) =>
        Get(obj, key, owner) is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new FormatException($"{owner} JSON: '{key}' must be a string, got {Describe(obj[key])}.");

    public static bool Bool(JsonObject obj, string key, string owner) =>
        Get(obj, key, owner) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw new FormatException($"{owner} JSON: '{key}' must be true or false, got {Describe(obj[key])}.");

    public static int Int(JsonObject obj, string key, string owner)
    {
        double d = Double(Get(obj, key, owner), $"{owner} JSON '{key}'");
        return d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue
            ? (int)d
            : throw new FormatException($"{owner} JSON: '{key}' must be an integer, got {d.ToString("R", CultureInfo.InvariantCulture)}.");
    }

    public static double Double(JsonObject obj, string key, string owner) => Double(Get(obj, key, owner), $"{owner} JSON '{key}'");

    public static double Double(JsonNode? node, string where)
    {
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.Number:
                    return v.GetValue<double>();
                case JsonValueKind.String:
                    string s = v.GetValue<string>();
                    if (s == "NaN")
                        return double.NaN;
                    if (s == "Infinity")
                        return double.PositiveInfinity;
                    if (s == "-Infinity")
                        return double.NegativeInfinity;
                    break;
            }
        }
        throw new FormatException($"{where}: expected a number (or \"NaN\", \"Infinity\", \"-Infinity\"), got {Describe(node)}.");
    }

    public static double[] Doubles(JsonObject obj, string key, string owner)
    {
        var arr = Array(obj, key, owner);
        var result = new double[arr.Count];
        for (int i = 0; i < arr.Count; i++)
            result[i] = Double(arr[i], $"{owner} JSON '{key}'[{i}]");
        return result;
    }

    /// <summary>A per-column array: its length must equal the number of fitted columns.</summary>
    public static double[] Doubles(JsonObject obj, string key, string owner, int expectedLength)
    {
        double[] values = Doubles(obj, key, owner);
        return values.Length == expectedLength
            ? values
            : throw new FormatException(
                $"{owner} JSON: '{key}' has {values.Length} values; expected {expectedLength}, one per fitted column.");
    }

    /// <summary>An array of strings where null entries are allowed (a missing category).</summary>
    public static string?[] Texts(JsonNode? node, string where)
    {
        if (node is not JsonArray arr)
            throw new FormatException($"{where}: expected an array of strings, got {Describe(node)}.");
        var result = new string?[arr.Count];
        for (int i = 0; i < arr.Count; i++)
        {
            result[i] = arr[i] switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                var other => throw new FormatException($"{where}[{i}]: expected a string or null, got {Describe(other)}."),
            };
        }
        return result;
    }

    public static string[] Strings(JsonObject obj, string key, string owner)
    {
        string?[] texts = Texts(Get(obj, key, owner), $"{owner} JSON '{key}'");
        for (int i = 0; i < texts.Length; i++)
            if (texts[i] is null)
                throw new FormatException($"{owner} JSON: '{key}'[{i}] must be a string, got null.");
        return texts!;
    }

    public static ColumnKind Kind(string text, string where) => text switch
    {
        "numeric" => ColumnKind.Numeric,
        "categorical" => ColumnKind.Categorical,
        _ => throw new FormatException($"{where}: column kind must be \"numeric\" or \"categorical\", got \"{text}\"."),
    };

    public static JsonArray Schema(IEnumerable<ColumnSchema> columns) =>
        new(columns.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["kind"] = c.KindText }).ToArray());

    public static ColumnSchema[] Schema(JsonObject obj, string key, string owner)
    {
        var arr = Array(obj, key, owner);
        var result = new ColumnSchema[arr.Count];
        for (int i = 0; i < arr.Count; i++)
        {
            if (arr[i] is not JsonObject c)
                throw new FormatException($"{owner} JSON: '{key}'[{i}] must be an object {{\"name\", \"kind\"}}, got {Describe(arr[i])}.");
            result[i] = new ColumnSchema(String(c, "name", owner), Kind(String(c, "kind", owner), $"{owner} JSON '{key}'[{i}]"));
        }
        return result;
    }

    public static string Describe(JsonNode? node) => node is null ? "null" : node.ToJsonString();
}
