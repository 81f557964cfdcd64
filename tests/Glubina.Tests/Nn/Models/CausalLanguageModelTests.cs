using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Models;

/// <summary>The decoder-only language model: shapes, parameter count, causality, that it learns a sequence, and
/// seeded generation.</summary>
public sealed class CausalLanguageModelTests
{
    private const int Vocab = 11, D = 16, Heads = 2, Layers = 2, MaxLen = 12;

    private static CausalLanguageModel Model(bool tied = false, bool learned = true, double dropout = 0) =>
        new(Vocab, D, Heads, Layers, MaxLen, dropout: dropout, learnedPositions: learned, tieWeights: tied, generator: new Generator(21));

    private static Tensor Tokens(params long[][] rows) =>
        Tensor.FromArray(rows.SelectMany(r => r).ToArray(), rows.Length, rows[0].Length);

    [Fact]
    public void Shapes_keys_and_parameter_count()
    {
        var model = Model();
        Tensor logits = model.Forward(Tokens([1, 2, 3, 4], [5, 6, 7, 8]));
        Assert.Equal([2, 4, Vocab], logits.ShapeArray());
        // Embedding + positions + per layer (attention 4D²+4D, feed-forward 8D²+5D, two norms 4D) + norm + head.
        long perLayer = 4 * D * D + 4 * D + 8 * D * D + 5 * D + 4 * D;
        long expected = Vocab * D + MaxLen * D + Layers * perLayer + 2 * D + Vocab * D;
        Assert.Equal(expected, model.ParameterCount());
        Assert.Contains("lm_head.weight", model.StateDict().Keys);
        Assert.Contains("layers.1.self_attn.in_proj_weight", model.StateDict().Keys);

        var tied = Model(tied: true, learned: false);
        Assert.Equal(expected - Vocab * D - MaxLen * D, tied.ParameterCount());
        Assert.DoesNotContain("lm_head.weight", tied.StateDict().Keys);
        Assert.Equal([1, 3, Vocab], tied.Forward(Tokens([0, 1, 2])).ShapeArray());
        Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(2, 3)));
        Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros([1, MaxLen + 1], DType.Int64)));
    }

    [Fact]
    public void Logits_at_a_position_ignore_later_tokens()
    {
        var model = Model(learned: false);
        model.Eval();
        float[] a = model.Forward(Tokens([1, 2, 3, 4, 5])).Narrow(1, 0, 3).ToFloatArray();
        float[] b = model.Forward(Tokens([1, 2, 3, 9, 0])).Narrow(1, 0, 3).ToFloatArray();
        for (int i = 0; i < a.Length; i++)
            Assert.Equal(a[i], b[i], 5);
    }

    [Fact]
    public void Learns_a_cyclic_sequence_and_generates_it()
    {
        foreach (bool tied in new[] { false, true })
        {
            var model = Model(tied: tied);
            var optimizer = new Adam(model.Parameters(), lr: 0.01);
            var loss = new CrossEntropyLoss();
            // Rows r = 0..6 of r, r+1, … (mod 7): the next token is (t + 1) mod 7 wherever the row starts, so the model
            // must read the content, not the position.
            long[] Row(int r, int skip) => Enumerable.Range(r + skip, MaxLen).Select(i => (long)(i % 7)).ToArray();
            Tensor input = Tensor.FromArray(Enumerable.Range(0, 7).SelectMany(r => Row(r, 0)).ToArray(), 7, MaxLen);
            Tensor target = Tensor.FromArray(Enumerable.Range(0, 7).SelectMany(r => Row(r, 1)).ToArray(), 7 * MaxLen);
            double first = 0, last = 0;
            for (int step = 0; step < 150; step++)
            {
                optimizer.ZeroGrad();
                Tensor l = loss.Forward(model.Forward(input).Reshape(7 * MaxLen, Vocab), target);
                l.Backward();
                optimizer.Step();
                if (step == 0)
                    first = l.Item();
                last = l.Item();
            }
            Assert.True(last < 0.1 * first, $"tied={tied}: loss went from {first} to {last}");

            Tensor generated = model.Generate(Tensor.FromArray(new long[] { 3, 4 }, 2), 20, temperature: 0);
            Assert.Equal(Enumerable.Range(3, 22).Select(i => (long)(i % 7)).ToArray(), generated.ToArray<long>());
            Assert.True(model.Training);   // Generate restores the mode
        }
    }

    [Fact]
    public void Sampling_is_seeded_and_top_k_one_is_greedy()
    {
        var model = Model(dropout: 0.1);
        Tensor prompt = Tokens([1, 2, 3], [4, 5, 6]);
        Tensor a = model.Generate(prompt, 15, temperature: 1.5, generator: new Generator(5));
        Tensor b = model.Generate(prompt, 15, temperature: 1.5, generator: new Generator(5));
        Assert.Equal([2, 18], a.ShapeArray());
        Assert.Equal(a.ToArray<long>(), b.ToArray<long>());
        Assert.Equal(prompt.ToArray<long>(), a.Narrow(1, 0, 3).Contiguous().ToArray<long>());
        Assert.All(a.ToArray<long>(), t => Assert.InRange(t, 0, Vocab - 1));
        Assert.Equal(model.Generate(prompt, 15, temperature: 0).ToArray<long>(),
            model.Generate(prompt, 15, temperature: 2, topK: 1, generator: new Generator(9)).ToArray<long>());
    }
}
