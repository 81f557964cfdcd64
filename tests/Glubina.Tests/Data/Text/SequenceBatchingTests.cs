using Glubina.Data;
using Glubina.Data.Text;
using Glubina.Tensors;
using Xunit.Abstractions;

namespace Glubina.Tests.Data.Text;

public sealed class SequenceBatchingTests(ITestOutputHelper output)
{
    [Fact]
    public void Pads_and_truncates_on_either_side_with_a_mask()
    {
        int[][] seqs = [[5, 6, 7], [8], []];
        using (PaddedSequences p = SequencePadding.Pad(seqs))
        {
            Assert.Equal(new[] { 3, 3 }, p.Ids.ShapeArray());
            Assert.Equal(new long[] { 5, 6, 7, 8, 0, 0, 0, 0, 0 }, p.Ids.ToArray<long>());
            Assert.Equal(new[] { true, true, true, true, false, false, false, false, false }, p.Mask.ToArray<bool>());
            Assert.Equal(new[] { 3, 1, 0 }, p.Lengths);
        }
        using (PaddedSequences p = SequencePadding.Pad(seqs, length: 2, padId: 9, padding: SequenceSide.Start, truncation: SequenceSide.Start))
        {
            Assert.Equal(new long[] { 6, 7, 9, 8, 9, 9 }, p.Ids.ToArray<long>());
            Assert.Equal(new[] { true, true, false, true, false, false }, p.Mask.ToArray<bool>());
            Assert.Equal(new[] { 2, 1, 0 }, p.Lengths);
        }
        using (PaddedSequences p = SequencePadding.Pad(seqs, length: 2))
            Assert.Equal(new long[] { 5, 6, 8, 0, 0, 0 }, p.Ids.ToArray<long>());
    }

    private static SequenceDataset SmsDataset(int maxLength)
    {
        var (train, _) = TextData.SmsSplit();
        WordTokenizer tok = WordTokenizer.Fit(train, minFrequency: 2);
        int[][] seqs = train.Select(tok.Encode).ToArray();
        long[] labels = TextData.Sms.Take(train.Length).Select(m => m.Label == "spam" ? 1L : 0L).ToArray();
        return new SequenceDataset(seqs, Tensor.FromArray(labels), maxLength);
    }

    [Fact]
    public void Sequence_dataset_pads_each_batch_to_its_longest_sequence()
    {
        SequenceDataset ds = SmsDataset(maxLength: 64);
        var loader = new DataLoader(ds, batchSize: 32, shuffle: true, generator: new Generator(3));
        int seen = 0;
        foreach (Batch b in loader)
            using (b)
            {
                long[] ids = b.Inputs.ToArray<long>();
                int l = b.Inputs.Size(1);
                Assert.InRange(l, 1, 64);
                // Some row fills the whole width (no all-padding column at the end).
                Assert.Contains(Enumerable.Range(0, b.Count), r => ids[r * l + l - 1] != SpecialTokens.PadId);
                Assert.Equal(new[] { b.Count }, b.Targets.ShapeArray());
                seen += b.Count;
            }
        Assert.Equal(ds.Count, seen);
    }

    [Fact]
    public void Length_bucketing_covers_every_example_once_and_cuts_padding()
    {
        SequenceDataset ds = SmsDataset(maxLength: 128);
        var sampler = new LengthBucketSampler(ds, batchSize: 32, seed: 5);
        List<int[]> epoch0 = sampler.Batches(0);
        Assert.Equal(Enumerable.Range(0, ds.Count), epoch0.SelectMany(b => b).Order());
        Assert.Equal(epoch0, sampler.Batches(0));
        Assert.NotEqual(epoch0[0], sampler.Batches(1)[0]);
        int[] order = Splits.Random(ds.Count, 0.0, seed: 5).Train;
        var random = Enumerable.Range(0, (order.Length + 31) / 32).Select(i => order.Skip(i * 32).Take(32).ToArray()).ToList();
        double bucketed = ds.PaddingFraction(epoch0), plain = ds.PaddingFraction(random);
        output.WriteLine($"SMS word ids, batch 32: padding {bucketed:P1} with length buckets, {plain:P1} with random batches");
        Assert.True(bucketed < plain / 4, $"padding: bucketed {bucketed:P1}, random {plain:P1}");
        int batches = 0;
        foreach (Batch b in new BucketedLoader(ds, sampler))
            using (b)
                batches++;
        Assert.Equal(epoch0.Count, batches);
    }
}
