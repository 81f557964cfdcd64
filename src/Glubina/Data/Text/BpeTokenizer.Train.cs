using System.Text;

namespace Glubina.Data.Text;

public sealed partial class BpeTokenizer
{
    /// <summary>
    /// Learns merges from <paramref name="corpus"/> (the training texts only): starting from the 256 bytes, the most
    /// frequent adjacent pair of symbols inside pre-tokens is merged (ties: the pair of smaller ids) until the
    /// vocabulary has <paramref name="vocabSize"/> ids (specials and bytes included) or no pair occurs
    /// <paramref name="minFrequency"/> times.
    /// </summary>
    public static BpeTokenizer Train(IEnumerable<string> corpus, int vocabSize, int minFrequency = 2)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        int baseSize = FirstByteId + 256;
        if (vocabSize < baseSize)
            throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize,
                $"BpeTokenizer.Train: vocabSize must be at least {baseSize} (2 special tokens + 256 bytes), got {vocabSize}.");
        if (minFrequency < 1)
            throw new ArgumentOutOfRangeException(nameof(minFrequency), minFrequency, $"BpeTokenizer.Train: minFrequency must be 1 or more, got {minFrequency}.");

        var wordCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string text in corpus)
            foreach (string piece in PreTokenize(text))
                wordCounts[piece] = wordCounts.GetValueOrDefault(piece) + 1;
        // Unique pre-tokens in ordinal order, so training does not depend on dictionary order.
        var words = wordCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Symbols: Encoding.UTF8.GetBytes(kv.Key).Select(b => FirstByteId + b).ToList(), kv.Value)).ToArray();

        var pairCounts = new Dictionary<long, long>();
        foreach (var (symbols, count) in words)
            for (int i = 0; i + 1 < symbols.Count; i++)
                Add(pairCounts, Key(symbols[i], symbols[i + 1]), count);

        var tokens = new List<string>(vocabSize);
        tokens.AddRange(new string[FirstByteId]);
        for (int b = 0; b < 256; b++)
            tokens.Add(ByteLevel.ByteToChar[b].ToString());
        var merges = new List<(string, string)>();
        while (tokens.Count < vocabSize)
        {
            long bestKey = -1, bestCount = 0;
            foreach (var (key, count) in pairCounts)
                if (count > bestCount || (count == bestCount && count > 0 && key < bestKey))
                    (bestKey, bestCount) = (key, count);
            if (bestKey < 0 || bestCount < minFrequency)
                break;
            int a = (int)(bestKey >> 32), b = (int)(bestKey & 0xFFFFFFFF), id = tokens.Count;
            merges.Add((tokens[a], tokens[b]));
            tokens.Add(tokens[a] + tokens[b]);
            foreach (var (symbols, count) in words)
                MergeInWord(symbols, a, b, id, count, pairCounts);
            pairCounts.Remove(bestKey);
        }
        return new BpeTokenizer(merges);
    }

    // Replaces each (a, b) in the word by id, keeping the pair counts up to date.
    private static void MergeInWord(List<int> symbols, int a, int b, int id, long count, Dictionary<long, long> pairCounts)
    {
        if (symbols.Count < 2 || !symbols.Contains(a))
            return;
        for (int i = 0; i + 1 < symbols.Count; i++)
        {
            if (symbols[i] != a || symbols[i + 1] != b)
                continue;
            if (i > 0)
            {
                Add(pairCounts, Key(symbols[i - 1], a), -count);
                Add(pairCounts, Key(symbols[i - 1], id), count);
            }
            if (i + 2 < symbols.Count)
            {
                Add(pairCounts, Key(b, symbols[i + 2]), -count);
                Add(pairCounts, Key(id, symbols[i + 2]), count);
            }
            Add(pairCounts, Key(a, b), -count);
            symbols[i] = id;
            symbols.RemoveAt(i + 1);
        }
    }

    private static void Add(Dictionary<long, long> counts, long key, long delta)
    {
        long v = counts.GetValueOrDefault(key) + delta;
        if (v == 0)
            counts.Remove(key);
        else
            counts[key] = v;
    }
}
