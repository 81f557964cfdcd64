using System.Text;
using System.Text.Json.Nodes;
using Glubina.Data.Preprocessing;

namespace Glubina.Data.Text;

/// <summary>
/// A character-level tokenizer (char-rnn, nanoGPT's shakespeare_char): one id per Unicode character (scalar value,
/// so characters outside the BMP are one token). The vocabulary is &lt;pad&gt;, &lt;unk&gt;, then the characters of the
/// training text in code-point order (or by frequency when <c>maxVocab</c> cuts it). Tiny Shakespeare has 65
/// characters, so 67 ids.
/// </summary>
public sealed class CharTokenizer : ITokenizer
{
    /// <summary>A tokenizer over a known vocabulary; <see cref="Fit"/> learns one from text.</summary>
    /// <param name="vocabulary">&lt;pad&gt;, &lt;unk&gt;, then one token per character.</param>
    public CharTokenizer(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        Vocabulary = vocabulary;
    }

    /// <summary>Tokens by id: &lt;pad&gt;, &lt;unk&gt;, then one character each.</summary>
    public Vocabulary Vocabulary { get; }

    /// <inheritdoc/>
    public int VocabSize => Vocabulary.Count;

    /// <summary>
    /// Learns the characters of <paramref name="text"/>: those seen at least <paramref name="minFrequency"/> times,
    /// the most frequent ones when <paramref name="maxVocab"/> (ids, specials included) is given, listed in code-point order.
    /// </summary>
    public static CharTokenizer Fit(string text, int minFrequency = 1, int? maxVocab = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Rune r in text.EnumerateRunes())
        {
            string s = r.ToString();
            counts[s] = counts.GetValueOrDefault(s) + 1;
        }
        Vocabulary byFrequency = Vocabulary.Build(counts, minFrequency, maxVocab);
        // Keep the chosen characters but list them in code-point order, as sorted(set(text)) does.
        var chars = byFrequency.Tokens.Skip(2).OrderBy(t => Rune.GetRuneAt(t, 0).Value).ToList();
        return new CharTokenizer(new Vocabulary([SpecialTokens.Pad, SpecialTokens.Unknown, .. chars]));
    }

    /// <inheritdoc/>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length);
        foreach (Rune r in text.EnumerateRunes())
            ids.Add(Vocabulary.IdOf(r.ToString()));
        return ids.ToArray();
    }

    /// <summary>The characters of <paramref name="ids"/>; &lt;pad&gt; is skipped and &lt;unk&gt; becomes U+FFFD.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sb = new StringBuilder();
        foreach (int id in ids)
        {
            if (id == SpecialTokens.PadId)
                continue;
            sb.Append(id == SpecialTokens.UnknownId ? "\uFFFD" : Vocabulary.TokenOf(id));
        }
        return sb.ToString();
    }

    /// <inheritdoc/>
    public JsonObject ToJson() => new() { ["type"] = "char", ["vocab"] = Vocabulary.ToJson() };

    /// <summary>Reads a tokenizer written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a "char" tokenizer or has no "vocab" array of strings.</exception>
    public static CharTokenizer FromJson(JsonObject json)
    {
        TokenizerFile.CheckType(json, "char", nameof(CharTokenizer));
        return new CharTokenizer(Vocabulary.FromJson(json, "vocab", nameof(CharTokenizer)));
    }
}
