using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Glubina.Data.Preprocessing;

namespace Glubina.Data.Text;

/// <summary>
/// A word-level tokenizer: text is optionally lower-cased, then split into words at white space and (optionally)
/// into words and single punctuation marks (<c>"Hi, you!"</c> → <c>hi , you !</c>; apostrophes inside a word stay:
/// <c>don't</c>). The vocabulary keeps words seen at least <c>minFrequency</c> times in the training text, the most
/// frequent first, up to <c>maxVocab</c> ids; other words encode to &lt;unk&gt;. Decoding joins tokens with spaces, so it
/// gives back the token sequence, not the original spacing.
/// </summary>
public sealed partial class WordTokenizer : ITokenizer
{
    /// <summary>A tokenizer over a known vocabulary; <see cref="Fit"/> learns one from texts.</summary>
    /// <param name="vocabulary">Words by id, starting with &lt;pad&gt; and &lt;unk&gt;.</param>
    /// <param name="lowercase">Lower-case text (invariant culture) before splitting.</param>
    /// <param name="splitPunctuation">Make each punctuation mark a token of its own.</param>
    public WordTokenizer(Vocabulary vocabulary, bool lowercase = true, bool splitPunctuation = true)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        Vocabulary = vocabulary;
        Lowercase = lowercase;
        SplitPunctuation = splitPunctuation;
    }

    /// <summary>Words by id: &lt;pad&gt;, &lt;unk&gt;, then the words (most frequent first when fitted).</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Text is lower-cased (invariant culture) before splitting.</summary>
    public bool Lowercase { get; }

    /// <summary>Punctuation marks are tokens of their own.</summary>
    public bool SplitPunctuation { get; }

    /// <inheritdoc/>
    public int VocabSize => Vocabulary.Count;

    /// <summary>Learns the vocabulary of <paramref name="texts"/> (the training texts only).</summary>
    public static WordTokenizer Fit(IEnumerable<string> texts, bool lowercase = true, bool splitPunctuation = true,
        int minFrequency = 1, int? maxVocab = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string text in texts)
            foreach (string token in Split(text, lowercase, splitPunctuation))
                counts[token] = counts.GetValueOrDefault(token) + 1;
        return new WordTokenizer(Vocabulary.Build(counts, minFrequency, maxVocab), lowercase, splitPunctuation);
    }

    /// <summary>The tokens of <paramref name="text"/> before lookup (lower-cased and split as configured).</summary>
    public IReadOnlyList<string> Tokenize(string text) => Split(text, Lowercase, SplitPunctuation);

    /// <inheritdoc/>
    public int[] Encode(string text) => Tokenize(text).Select(Vocabulary.IdOf).ToArray();

    /// <summary>The tokens of <paramref name="ids"/> joined by single spaces; &lt;pad&gt; is skipped.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sb = new StringBuilder();
        foreach (int id in ids)
        {
            if (id == SpecialTokens.PadId)
                continue;
            if (sb.Length > 0)
                sb.Append(' ');
            sb.Append(Vocabulary.TokenOf(id));
        }
        return sb.ToString();
    }

    /// <inheritdoc/>
    public JsonObject ToJson() => new()
    {
        ["type"] = "word",
        ["lowercase"] = Lowercase,
        ["split_punctuation"] = SplitPunctuation,
        ["vocab"] = Vocabulary.ToJson(),
    };

    /// <summary>Reads a tokenizer written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The JSON is not a "word" tokenizer, or a setting or the vocabulary is missing or has the wrong type.</exception>
    public static WordTokenizer FromJson(JsonObject json)
    {
        const string owner = nameof(WordTokenizer);
        TokenizerFile.CheckType(json, "word", owner);
        return new WordTokenizer(Vocabulary.FromJson(json, "vocab", owner), JsonState.Bool(json, "lowercase", owner),
            JsonState.Bool(json, "split_punctuation", owner));
    }

    private static List<string> Split(string text, bool lowercase, bool splitPunctuation)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (lowercase)
            text = text.ToLowerInvariant();
        var tokens = new List<string>();
        Regex regex = splitPunctuation ? WordOrPunctuation() : NonSpace();
        foreach (Match m in regex.Matches(text))
            tokens.Add(m.Value);
        return tokens;
    }

    // A word (letters, digits, marks, underscores, inner apostrophes) or one other non-space character.
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}\p{N}_]+)*|[^\s\p{L}\p{M}\p{N}_]", RegexOptions.CultureInvariant)]
    private static partial Regex WordOrPunctuation();

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant)]
    private static partial Regex NonSpace();
}
