using System.Text.Json.Nodes;
using Glubina.Data.Preprocessing;

namespace Glubina.Data.Text;

/// <summary>
/// A token ↔ id table whose first two ids are <c>&lt;pad&gt;</c> (0) and <c>&lt;unk&gt;</c> (1), followed by any extra
/// special tokens and then the learned tokens. Looking up a token that is not in the table gives id 1.
/// </summary>
public sealed class Vocabulary
{
    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    /// <summary>A vocabulary holding <paramref name="tokens"/> in this order; the first two must be &lt;pad&gt; and &lt;unk&gt;.</summary>
    public Vocabulary(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count < 2 || tokens[0] != SpecialTokens.Pad || tokens[1] != SpecialTokens.Unknown)
            throw new ArgumentException(
                $"Vocabulary: the first tokens must be \"{SpecialTokens.Pad}\" and \"{SpecialTokens.Unknown}\", got " +
                $"[{string.Join(", ", tokens.Take(2).Select(t => $"\"{t}\""))}].", nameof(tokens));
        _tokens = tokens.ToArray();
        _ids = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < _tokens.Length; i++)
            if (!_ids.TryAdd(_tokens[i], i))
                throw new ArgumentException($"Vocabulary: token \"{_tokens[i]}\" appears twice (ids {_ids[_tokens[i]]} and {i}).", nameof(tokens));
    }

    /// <summary>Number of ids.</summary>
    public int Count => _tokens.Length;

    /// <summary>The tokens by id.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The id of <paramref name="token"/>, or <see cref="SpecialTokens.UnknownId"/> when it is not in the vocabulary.</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : SpecialTokens.UnknownId;

    /// <summary>Whether <paramref name="token"/> has an id of its own.</summary>
    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>The token of <paramref name="id"/>.</summary>
    public string TokenOf(int id) => (uint)id < (uint)_tokens.Length
        ? _tokens[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Vocabulary: id {id} is outside 0..{_tokens.Length - 1}.");

    /// <summary>
    /// Builds a vocabulary from token counts: the special tokens, then every token seen at least
    /// <paramref name="minFrequency"/> times, most frequent first (ties in ordinal order), cut so that the whole
    /// vocabulary has at most <paramref name="maxSize"/> ids.
    /// </summary>
    public static Vocabulary Build(IReadOnlyDictionary<string, long> counts, int minFrequency = 1, int? maxSize = null,
        IEnumerable<string>? extraSpecials = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (minFrequency < 1)
            throw new ArgumentOutOfRangeException(nameof(minFrequency), minFrequency, $"Vocabulary.Build: minFrequency must be 1 or more, got {minFrequency}.");
        var tokens = new List<string> { SpecialTokens.Pad, SpecialTokens.Unknown };
        foreach (string s in extraSpecials ?? [])
            if (!tokens.Contains(s))
                tokens.Add(s);
        if (maxSize is int m && m < tokens.Count)
            throw new ArgumentOutOfRangeException(nameof(maxSize), m, $"Vocabulary.Build: maxSize {m} leaves no room for the {tokens.Count} special tokens.");
        var specials = new HashSet<string>(tokens, StringComparer.Ordinal);
        var learned = counts.Where(kv => kv.Value >= minFrequency && !specials.Contains(kv.Key))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key);
        if (maxSize is int max)
            learned = learned.Take(max - tokens.Count);
        tokens.AddRange(learned);
        return new Vocabulary(tokens);
    }

    /// <summary>The tokens as a JSON array (id = position).</summary>
    public JsonArray ToJson() => JsonState.Strings(_tokens);

    /// <summary>Reads the array written by <see cref="ToJson"/> from <c>json[key]</c>.</summary>
    public static Vocabulary FromJson(JsonObject json, string key, string owner) => new(JsonState.Strings(json, key, owner));
}
