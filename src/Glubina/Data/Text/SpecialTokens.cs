namespace Glubina.Data.Text;

/// <summary>The special tokens every Glubina tokenizer reserves: <c>&lt;pad&gt;</c> = 0 and <c>&lt;unk&gt;</c> = 1.</summary>
public static class SpecialTokens
{
    /// <summary>The padding token, id 0 (so zero-filled id tensors are padding).</summary>
    public const string Pad = "<pad>";

    /// <summary>The unknown token, id 1: what a token outside the vocabulary encodes to.</summary>
    public const string Unknown = "<unk>";

    /// <summary>Id of <see cref="Pad"/>: 0.</summary>
    public const int PadId = 0;

    /// <summary>Id of <see cref="Unknown"/>: 1.</summary>
    public const int UnknownId = 1;
}
