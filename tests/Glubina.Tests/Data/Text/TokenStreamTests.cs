using Glubina.Data.Text;
using Glubina.Tensors;

namespace Glubina.Tests.Data.Text;

/// <summary>Language-model batches from one token stream: split order, shifted targets, and windows that score
/// every token once.</summary>
public sealed class TokenStreamTests
{
    private static TokenStream Stream(int n) => new(Enumerable.Range(0, n).ToArray());

    [Fact]
    public void Split_keeps_order_and_sizes()
    {
        var (head, tail) = Stream(100).Split(0.9);
        Assert.Equal(90, head.Count);
        Assert.Equal(10, tail.Count);
        var (inputs, _) = tail.Windows(9, 4).Single();
        Assert.Equal(Enumerable.Range(90, 9).Select(i => (long)i), inputs.ToArray<long>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Stream(10).Split(1.0));
    }

    [Fact]
    public void Sampled_targets_are_the_inputs_shifted_by_one()
    {
        var (inputs, targets) = Stream(1000).SampleBatch(8, 16, new Generator(3));
        Assert.Equal([8, 16], inputs.ShapeArray());
        long[] x = inputs.ToArray<long>(), y = targets.ToArray<long>();
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(x[i] + 1, y[i]);
        Assert.Contains(x, v => v > 500);
        Assert.All(y, v => Assert.InRange(v, 1, 999));
        Assert.Throws<ArgumentOutOfRangeException>(() => Stream(10).SampleBatch(2, 10));
    }

    [Fact]
    public void Windows_cover_each_scored_token_exactly_once()
    {
        var batches = Stream(103).Windows(10, 4).ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Inputs.Size(0)));
        long[] targets = batches.SelectMany(b => b.Targets.ToArray<long>()).ToArray();
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), targets);
    }
}
