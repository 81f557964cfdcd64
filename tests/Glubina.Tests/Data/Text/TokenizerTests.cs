using Glubina.Data.Text;
using Xunit.Abstractions;

namespace Glubina.Tests.Data.Text;

public sealed class TokenizerTests(ITestOutputHelper output)
{
    [Fact]
    public void Char_tokenizer_on_tiny_shakespeare_has65_characters_and_round_trips()
    {
        string text = TextData.Shakespeare;
        CharTokenizer tok = CharTokenizer.Fit(text);
        Assert.Equal(65 + 2, tok.VocabSize);
        Assert.Equal(SpecialTokens.Pad, tok.Vocabulary.TokenOf(0));
        Assert.Equal(SpecialTokens.Unknown, tok.Vocabulary.TokenOf(1));
        // Code-point order after the specials: '\n' first, then ' ', then '!', ..., 'z' last.
        Assert.Equal("\n", tok.Vocabulary.TokenOf(2));
        Assert.Equal(" ", tok.Vocabulary.TokenOf(3));
        Assert.Equal("z", tok.Vocabulary.TokenOf(66));
        int[] ids = tok.Encode(text);
        Assert.Equal(1_115_394, ids.Length);
        Assert.DoesNotContain(SpecialTokens.UnknownId, ids);
        Assert.Equal(text, tok.Decode(ids));
        Assert.Equal(new[] { 1, tok.Vocabulary.IdOf("a") }, tok.Encode("€a"));
        Assert.Equal("\uFFFDa", tok.Decode(tok.Encode("€a")));
    }

    [Fact]
    public void Char_tokenizer_counts_surrogate_pairs_as_one_character_and_honours_limits()
    {
        CharTokenizer tok = CharTokenizer.Fit("aab😀😀😀c", minFrequency: 2);
        Assert.Equal(new[] { SpecialTokens.Pad, SpecialTokens.Unknown, "a", "😀" }, tok.Vocabulary.Tokens);
        Assert.Equal(new[] { 2, 3, 1 }, tok.Encode("a😀b"));
        CharTokenizer top = CharTokenizer.Fit("aab😀😀😀c", maxVocab: 3);
        Assert.Equal(new[] { SpecialTokens.Pad, SpecialTokens.Unknown, "😀" }, top.Vocabulary.Tokens);
    }

    [Fact]
    public void Word_tokenizer_on_sms_builds_vocabulary_and_round_trips_tokens()
    {
        var (train, test) = TextData.SmsSplit();
        WordTokenizer all = WordTokenizer.Fit(train);
        WordTokenizer frequent = WordTokenizer.Fit(train, minFrequency: 2);
        WordTokenizer capped = WordTokenizer.Fit(train, maxVocab: 1000);
        output.WriteLine($"SMS word vocabulary (first 80 % of messages): {all.VocabSize} ids, {frequent.VocabSize} with minFrequency 2");
        Assert.InRange(all.VocabSize, 5000, 12000);
        Assert.True(frequent.VocabSize < all.VocabSize / 1.5, $"minFrequency 2 kept {frequent.VocabSize} of {all.VocabSize}");
        Assert.Equal(1000, capped.VocabSize);
        // The cap keeps the most frequent words: the ids of the capped vocabulary are the first ids of the full one.
        Assert.Equal(all.Vocabulary.Tokens.Take(1000), capped.Vocabulary.Tokens);
        foreach (string message in train.Take(500))
        {
            int[] ids = all.Encode(message);
            Assert.DoesNotContain(SpecialTokens.UnknownId, ids);
            Assert.Equal(string.Join(' ', all.Tokenize(message)), all.Decode(ids));
        }
        double unknownRate = test.SelectMany(frequent.Encode).Average(id => id == SpecialTokens.UnknownId ? 1.0 : 0.0);
        output.WriteLine($"<unk> rate on the last 20 % with minFrequency 2: {unknownRate:P2}");
        Assert.InRange(unknownRate, 0.005, 0.15);
    }

    [Fact]
    public void Word_tokenizer_options_split_and_lowercase()
    {
        var tok = WordTokenizer.Fit(["Hi, you! Don't go..."]);
        Assert.Equal(new[] { "hi", ",", "you", "!", "don't", "go", ".", ".", "." }, tok.Tokenize("Hi, you! Don't go..."));
        var raw = WordTokenizer.Fit(["Hi, you!"], lowercase: false, splitPunctuation: false);
        Assert.Equal(new[] { "Hi,", "you!" }, raw.Tokenize("Hi, you!"));
        Assert.Equal(new[] { 1, 3 }, raw.Encode("hi, you!"));
    }

    [Fact]
    public void Tokenizers_save_and_load()
    {
        using var tmp = new TempFolder();
        var (train, test) = TextData.SmsSplit();
        ITokenizer[] tokenizers =
        [
            CharTokenizer.Fit(string.Concat(train)),
            WordTokenizer.Fit(train, lowercase: false, minFrequency: 2),
            BpeTokenizer.Train(train.Take(1000), 400),
        ];
        foreach (ITokenizer tok in tokenizers)
        {
            string path = tmp.File(tok.GetType().Name + ".json");
            TokenizerFile.Save(tok, path);
            ITokenizer back = TokenizerFile.Load(path);
            Assert.IsType(tok.GetType(), back);
            Assert.Equal(tok.VocabSize, back.VocabSize);
            foreach (string m in test.Take(200))
                Assert.Equal(tok.Encode(m), back.Encode(m));
        }
        string bad = tmp.File("bad.json", "{\"type\":\"sentencepiece\"}");
        var ex = Assert.Throws<FormatException>(() => TokenizerFile.Load(bad));
        Assert.Contains("sentencepiece", ex.Message);
    }
}
