using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Glubina.Data.Preprocessing;

namespace Glubina.Data.Text;

/// <summary>
/// A byte-level byte-pair-encoding tokenizer (GPT-2 style). Text is split into pre-tokens by GPT-2's pattern
/// (words with their leading space, numbers, punctuation runs, white space), each pre-token's UTF-8 bytes become
/// symbols, and the learned merges are applied lowest rank first. Every text encodes without &lt;unk&gt; and decodes
/// back exactly. Ids: 0 &lt;pad&gt;, 1 &lt;unk&gt;, 2..257 the 256 bytes, then one id per merge in training order.
/// <see cref="Train"/> learns the merges from a corpus; <see cref="Merges"/> and <see cref="Vocabulary"/> use the same
/// strings as HuggingFace / Microsoft.ML.Tokenizers byte-level BPE files (space = 'Ġ').
/// </summary>
public sealed partial class BpeTokenizer : ITokenizer
{
    /// <summary>Id of the first byte symbol (byte b has id <c>FirstByteId + b</c>).</summary>
    public const int FirstByteId = 2;

    private readonly (string Left, string Right)[] _merges;
    private readonly Dictionary<long, (int Rank, int Id)> _mergeIndex;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    /// <summary>A tokenizer with the given merges (each a pair of byte-level token strings, in rank order).</summary>
    public BpeTokenizer(IReadOnlyList<(string Left, string Right)> merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        _merges = merges.ToArray();
        var tokens = new List<string> { SpecialTokens.Pad, SpecialTokens.Unknown };
        for (int b = 0; b < 256; b++)
            tokens.Add(ByteLevel.ByteToChar[b].ToString());
        var ids = tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        _mergeIndex = new Dictionary<long, (int, int)>(_merges.Length);
        for (int r = 0; r < _merges.Length; r++)
        {
            var (left, right) = _merges[r];
            if (!ids.TryGetValue(left ?? "", out int a) || !ids.TryGetValue(right ?? "", out int b) || a < FirstByteId || b < FirstByteId)
                throw new ArgumentException(
                    $"BpeTokenizer: merge {r} (\"{left}\" \"{right}\") uses a token that is neither a byte nor the result of an earlier merge.",
                    nameof(merges));
            string merged = left + right;
            if (ids.ContainsKey(merged))
                throw new ArgumentException($"BpeTokenizer: merge {r} (\"{left}\" \"{right}\") makes \"{merged}\", which already exists.", nameof(merges));
            ids[merged] = tokens.Count;
            _mergeIndex[Key(a, b)] = (r, tokens.Count);
            tokens.Add(merged);
        }
        Vocabulary = new Vocabulary(tokens);
    }

    /// <summary>All tokens by id (byte-level strings).</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The merges in rank order.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges => _merges;

    /// <inheritdoc/>
    public int VocabSize => Vocabulary.Count;

    /// <summary>The pre-tokens of <paramref name="text"/> (GPT-2's pattern), before byte-pair merging.</summary>
    public static IEnumerable<string> PreTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match m in PreTokenPattern().Matches(text))
            yield return m.Value;
    }

    /// <summary>GPT-2's pre-tokenisation pattern (also given to Microsoft.ML.Tokenizers' regex pre-tokenizer).</summary>
    public const string PreTokenPatternText = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        var ids = new List<int>();
        foreach (string piece in PreTokenize(text))
            ids.AddRange(EncodePiece(piece));
        return ids.ToArray();
    }

    /// <summary>The text of <paramref name="ids"/>: their bytes joined and read as UTF-8; &lt;pad&gt; is skipped.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            if (id == SpecialTokens.PadId)
                continue;
            if (id == SpecialTokens.UnknownId)
            {
                bytes.AddRange("\uFFFD"u8.ToArray());
                continue;
            }
            foreach (char c in Vocabulary.TokenOf(id))
                bytes.Add(ByteLevel.TryGetByte(c, out byte b) ? b
                    : throw new InvalidOperationException($"BpeTokenizer: token {id} holds '{c}', which is not a byte-level character."));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private int[] EncodePiece(string piece)
    {
        if (_cache.TryGetValue(piece, out int[]? cached))
            return cached;
        byte[] utf8 = Encoding.UTF8.GetBytes(piece);
        var symbols = new List<int>(utf8.Length);
        foreach (byte b in utf8)
            symbols.Add(FirstByteId + b);
        while (symbols.Count > 1)
        {
            int bestRank = int.MaxValue, bestId = -1;
            long bestKey = 0;
            for (int i = 0; i + 1 < symbols.Count; i++)
                if (_mergeIndex.TryGetValue(Key(symbols[i], symbols[i + 1]), out var m) && m.Rank < bestRank)
                {
                    (bestRank, bestId) = m;
                    bestKey = Key(symbols[i], symbols[i + 1]);
                }
            if (bestId < 0)
                break;
            // Merge every occurrence of the best pair, left to right.
            var merged = new List<int>(symbols.Count);
            for (int i = 0; i < symbols.Count; i++)
            {
                if (i + 1 < symbols.Count && Key(symbols[i], symbols[i + 1]) == bestKey)
                {
                    merged.Add(bestId);
                    i++;
                }
                else
                    merged.Add(symbols[i]);
            }
            symbols = merged;
        }
        int[] result = symbols.ToArray();
        if (_cache.Count < 100_000)
            _cache.TryAdd(piece, result);
        return result;
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    /// <summary>The merges as JSON: <c>{"type":"bpe","merges":[…]}</c>, each merge one "left right" string, in rank order.</summary>
    public JsonObject ToJson() => new()
    {
        ["type"] = "bpe",
        ["merges"] = JsonState.Strings(_merges.Select(m => m.Left + " " + m.Right)),
    };

    /// <summary>Reads a tokenizer written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a "bpe" tokenizer, or a merge is not two tokens separated by one space.</exception>
    /// <exception cref="ArgumentException">A merge uses a token that no earlier merge made.</exception>
    public static BpeTokenizer FromJson(JsonObject json)
    {
        const string owner = nameof(BpeTokenizer);
        TokenizerFile.CheckType(json, "bpe", owner);
        string[] lines = JsonState.Strings(json, "merges", owner);
        var merges = new (string, string)[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split(' ');
            if (parts.Length != 2)
                throw new FormatException($"{owner} JSON: merges[{i}] must be two tokens separated by one space, got \"{lines[i]}\".");
            merges[i] = (parts[0], parts[1]);
        }
        return new BpeTokenizer(merges);
    }

    [GeneratedRegex(PreTokenPatternText, RegexOptions.CultureInvariant)]
    private static partial Regex PreTokenPattern();
}
