namespace Glubina.Data.Text;

/// <summary>Which end of a sequence padding is added to, or tokens are cut from.</summary>
public enum SequenceSide
{
    /// <summary>The end (after the last token): the usual choice for padding and for truncating classifier inputs.</summary>
    End,

    /// <summary>The start (before the first token): keeps the most recent tokens, as a language model's context.</summary>
    Start,
}
