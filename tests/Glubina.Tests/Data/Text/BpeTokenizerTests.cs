using Glubina.Data.Text;
using Glubina.Data.Tokenizers;
using Xunit.Abstractions;

namespace Glubina.Tests.Data.Text;

public sealed class BpeTokenizerTests(ITestOutputHelper output)
{
    private static readonly Lazy<(BpeTokenizer Tokenizer, double Seconds)> s_trained = new(() =>
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        BpeTokenizer tok = BpeTokenizer.Train(TextData.SmsSplit().Train, 1000);
        return (tok, sw.Elapsed.TotalSeconds);
    });

    private static BpeTokenizer Sms => s_trained.Value.Tokenizer;

    [Fact]
    public void Trains_the_requested_vocabulary_and_round_trips_every_message()
    {
        BpeTokenizer tok = Sms;
        Assert.Equal(1000, tok.VocabSize);
        Assert.Equal(1000 - 258, tok.Merges.Count);
        // Tokens are byte-level strings: a space is 'Ġ', so "left right" merge lines are unambiguous.
        Assert.All(tok.Merges, m => Assert.DoesNotContain(' ', m.Left + m.Right));
        long chars = 0, tokens = 0;
        foreach (var (_, text) in TextData.Sms)
        {
            int[] ids = tok.Encode(text);
            Assert.DoesNotContain(SpecialTokens.UnknownId, ids);
            Assert.Equal(text, tok.Decode(ids));
            chars += text.Length;
            tokens += ids.Length;
        }
        output.WriteLine($"SMS BPE (1000 ids, trained in {s_trained.Value.Seconds:F2} s): {tokens} tokens for {chars} characters ({(double)chars / tokens:F2} chars/token)");
        Assert.InRange((double)chars / tokens, 2.0, 6); // 2.38 measured: SMS text is noisy
        Assert.Equal("naïve 😀 ok", tok.Decode(tok.Encode("naïve 😀 ok")));
    }

    [Fact]
    public void Training_is_deterministic_and_merges_follow_frequency()
    {
        string[] corpus = ["low low low low low lower lower newest newest newest newest newest newest widest widest widest"];
        BpeTokenizer a = BpeTokenizer.Train(corpus, 270), b = BpeTokenizer.Train(corpus, 270);
        Assert.Equal(a.Merges, b.Merges);
        // Pair counts: (e,s) = 6 (newest) + 3 (widest) = 9 ties with (s,t) = 9; the tie goes to the smaller ids, so (e,s).
        Assert.Equal(("e", "s"), a.Merges[0]);
        Assert.Equal(("es", "t"), a.Merges[1]);
        int[] ids = a.Encode(" newest");
        Assert.True(ids.Length <= 2, $"' newest' should be one or two tokens after training, got {ids.Length}");
    }

    [Fact]
    public void Microsoft_ml_tokenizers_bpe_gives_the_same_ids()
    {
        BpeTokenizer tok = Sms;
        var ml = new MlBpeTokenizer(tok);
        int mismatches = 0;
        string? firstMismatch = null;
        foreach (var (_, text) in TextData.Sms)
        {
            int[] ours = tok.Encode(text), theirs = ml.Encode(text);
            if (!ours.SequenceEqual(theirs))
            {
                mismatches++;
                firstMismatch ??= $"\"{text}\": ours [{string.Join(' ', ours)}], ML [{string.Join(' ', theirs)}]";
            }
            Assert.Equal(text, ml.Decode(theirs));
        }
        Assert.True(mismatches == 0, $"{mismatches} messages encode differently; first: {firstMismatch}");
    }
}
