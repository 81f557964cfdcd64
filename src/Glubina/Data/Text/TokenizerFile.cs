using System.Text.Json;
using System.Text.Json.Nodes;
using Glubina.Data.Preprocessing;

namespace Glubina.Data.Text;

/// <summary>Saves tokenizers as JSON files and loads them back whatever their kind (char, word, bpe).</summary>
public static class TokenizerFile
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="tokenizer"/>'s JSON to <paramref name="path"/>.</summary>
    public static void Save(ITokenizer tokenizer, string path)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllText(path, tokenizer.ToJson().ToJsonString(s_indented));
    }

    /// <summary>Reads a tokenizer saved by <see cref="Save"/>; the JSON's "type" picks the class.</summary>
    public static ITokenizer Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Tokenizer file '{path}' does not exist.", path);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new FormatException($"{path}: a tokenizer file must hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON ({e.Message}).", e);
        }
        return FromJson(json, path);
    }

    /// <summary>The tokenizer described by <paramref name="json"/>.</summary>
    public static ITokenizer FromJson(JsonObject json, string where = "tokenizer JSON")
    {
        ArgumentNullException.ThrowIfNull(json);
        string type = JsonState.String(json, "type", where);
        return type switch
        {
            "char" => CharTokenizer.FromJson(json),
            "word" => WordTokenizer.FromJson(json),
            "bpe" => BpeTokenizer.FromJson(json),
            _ => throw new FormatException($"{where}: unknown tokenizer type \"{type}\"; expected \"char\", \"word\" or \"bpe\"."),
        };
    }

    internal static void CheckType(JsonObject json, string expected, string owner)
    {
        ArgumentNullException.ThrowIfNull(json);
        string type = JsonState.String(json, "type", owner);
        if (type != expected)
            throw new FormatException($"{owner} JSON: 'type' must be \"{expected}\", got \"{type}\".");
    }
}
