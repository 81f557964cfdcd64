using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Glubina.Data.Text;
using Microsoft.ML.Tokenizers;
using BpeTokenizer = Glubina.Data.Text.BpeTokenizer;
using MlBpe = Microsoft.ML.Tokenizers.BpeTokenizer;

namespace Glubina.Data.Tokenizers;

/// <summary>
/// Encodes and decodes with Microsoft.ML.Tokenizers' byte-level BPE model built from the vocabulary and merges that
/// <see cref="BpeTokenizer.Train"/> learned (<c>BpeOptions { ByteLevel = true }</c> with GPT-2's regex pre-tokenizer).
/// It produces the same ids as <see cref="BpeTokenizer"/> and gives access to the library's tokenizer
/// (<see cref="Inner"/>) for its offsets, token counting and span APIs.
/// </summary>
public sealed class MlBpeTokenizer : ITokenizer
{
    public MlBpeTokenizer(BpeTokenizer source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int id = 0; id < source.Vocabulary.Count; id++)
            vocab[source.Vocabulary.TokenOf(id)] = id;
        var options = new BpeOptions(vocab)
        {
            Merges = source.Merges.Select(m => m.Left + " " + m.Right).ToArray(),
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(new Regex(BpeTokenizer.PreTokenPatternText, RegexOptions.CultureInvariant), null),
        };
        Inner = MlBpe.Create(options);
    }

    /// <summary>The Glubina tokenizer whose vocabulary and merges this one uses.</summary>
    public BpeTokenizer Source { get; }

    /// <summary>The Microsoft.ML.Tokenizers tokenizer.</summary>
    public MlBpe Inner { get; }

    public int VocabSize => Source.VocabSize;

    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Inner.EncodeToIds(text).ToArray();
    }

    /// <summary>The text of <paramref name="ids"/>; &lt;pad&gt; is skipped.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Inner.Decode(ids.Where(id => id != SpecialTokens.PadId)) ?? "";
    }

    /// <summary>The same JSON as the source tokenizer (load it with <see cref="TokenizerFile"/> and wrap it again).</summary>
    public JsonObject ToJson() => Source.ToJson();
}
