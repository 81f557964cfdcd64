using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// Reads any <see cref="TableTransformer"/> from its JSON (<see cref="TableTransformer.ToJson"/>) by dispatching on
/// "type". The built-in transformers are registered; a custom one adds its reader with <see cref="Register"/>.
/// </summary>
public static class TransformerRegistry
{
    private static readonly Dictionary<string, Func<JsonObject, TableTransformer>> s_readers = new(StringComparer.Ordinal)
    {
        ["standard_scaler"] = StandardScaler.FromJson,
        ["minmax_scaler"] = MinMaxScaler.FromJson,
        ["robust_scaler"] = RobustScaler.FromJson,
        ["simple_imputer"] = SimpleImputer.FromJson,
        ["one_hot_encoder"] = OneHotEncoder.FromJson,
        ["ordinal_encoder"] = OrdinalEncoder.FromJson,
        ["pipeline"] = Pipeline.FromJson,
    };

    /// <summary>The registered JSON type names.</summary>
    public static IReadOnlyList<string> KnownTypes
    {
        get
        {
            lock (s_readers)
                return s_readers.Keys.Order(StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>Reads a transformer (fitted or not) written by <see cref="TableTransformer.ToJson"/>.</summary>
    public static TableTransformer FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        string type = JsonState.String(json, "type", "Transformer");
        Func<JsonObject, TableTransformer>? reader;
        lock (s_readers)
            s_readers.TryGetValue(type, out reader);
        return reader is null
            ? throw new FormatException(
                $"Transformer JSON: unknown type '{type}'. Known: {string.Join(", ", KnownTypes)}; " +
                "register others with TransformerRegistry.Register.")
            : reader(json);
    }

    /// <summary>Registers (or replaces) the reader for a transformer's JSON type.</summary>
    public static void Register(string type, Func<JsonObject, TableTransformer> reader)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(reader);
        lock (s_readers)
            s_readers[type] = reader;
    }
}
