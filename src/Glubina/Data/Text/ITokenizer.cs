using System.Text.Json.Nodes;

namespace Glubina.Data.Text;

/// <summary>
/// Text ↔ token ids. Ids run from 0 to <see cref="VocabSize"/> − 1; id 0 is <c>&lt;pad&gt;</c> and id 1 is
/// <c>&lt;unk&gt;</c> (<see cref="SpecialTokens"/>). A tokenizer is fitted on training text only and saved with the model.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of ids, special tokens included.</summary>
    int VocabSize { get; }

    /// <summary>The ids of <paramref name="text"/>.</summary>
    int[] Encode(string text);

    /// <summary>The text of <paramref name="ids"/> (padding ids are skipped).</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>The tokenizer's settings and vocabulary as JSON (read back by the type's <c>FromJson</c> or <see cref="TokenizerFile.Load"/>).</summary>
    JsonObject ToJson();
}
