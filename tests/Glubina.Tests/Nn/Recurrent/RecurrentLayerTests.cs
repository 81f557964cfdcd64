using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Recurrent;

/// <summary>The recurrent layers' behaviour beyond the fixtures and the layer catalog: lengths, dropout,
/// unbatched input, initialisation, errors and a small text classifier.</summary>
public sealed class RecurrentLayerTests
{
    [Fact]
    public void Parameters_have_PyTorchs_names_shapes_and_init_range()
    {
        var lstm = new Lstm(3, 4, numLayers: 2, bidirectional: true, generator: new Generator(1));
        string[] expected =
        [
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
            "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
            "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
            "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse",
        ];
        Assert.Equal(expected, lstm.NamedParameters().Select(p => p.Name));
        var shapes = lstm.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.ShapeArray());
        Assert.Equal([16, 3], shapes["weight_ih_l0"]);
        Assert.Equal([16, 8], shapes["weight_ih_l1_reverse"]);
        Assert.Equal([16, 4], shapes["weight_hh_l1"]);
        Assert.Equal([16], shapes["bias_hh_l0_reverse"]);
        double bound = 1 / Math.Sqrt(4);
        double[] all = lstm.Parameters().SelectMany(p => p.ToDoubleArray()).ToArray();
        Assert.All(all, v => Assert.InRange(v, -bound, bound));
        Assert.True(all.Max() > 0.9 * bound && all.Min() < -0.9 * bound);
    }

    [Fact]
    public void Variable_lengths_equal_running_each_sequence_alone()
    {
        foreach (bool bidirectional in new[] { false, true })
        {
            var gru = new Gru(3, 4, numLayers: 2, batchFirst: true, bidirectional: bidirectional, generator: new Generator(7), dtype: DType.Float64);
            Tensor x = Tensor.Normal([3, 6, 3], 0, 1, new Generator(8), DType.Float64);
            int[] lengths = [2, 6, 4];
            RnnOutput batched = gru.Forward(x, null, Tensor.FromArray(lengths, 3));
            for (int b = 0; b < 3; b++)
            {
                RnnOutput alone = gru.Forward(x.Select(0, b).Narrow(0, 0, lengths[b]).Unsqueeze(0), null);
                Tensor outB = batched.Output.Select(0, b);
                Near(alone.Output.Squeeze(0).ToDoubleArray(), outB.Narrow(0, 0, lengths[b]).ToDoubleArray());
                if (lengths[b] < 6)
                    Assert.All(outB.Narrow(0, lengths[b], 6 - lengths[b]).ToDoubleArray(), v => Assert.Equal(0.0, v));
                Near(alone.HN.Select(1, 0).ToDoubleArray(), batched.HN.Select(1, b).ToDoubleArray());
            }
        }
    }

    private static void Near(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"element {i}: {actual[i]:R}, expected {expected[i]:R}");
    }

    [Fact]
    public void Dropout_acts_between_layers_in_training_only()
    {
        var lstm = new Lstm(3, 4, numLayers: 2, dropout: 0.5, generator: new Generator(3));
        Tensor x = Tensor.Normal([4, 2, 3], 0, 1, new Generator(4));
        double[] a = lstm.Call(x).ToDoubleArray(), b = lstm.Call(x).ToDoubleArray();
        Assert.NotEqual(a, b);
        lstm.Eval();
        Assert.Equal(lstm.Call(x).ToDoubleArray(), lstm.Call(x).ToDoubleArray());
        var single = new Lstm(3, 4, dropout: 0.5, generator: new Generator(3));   // one layer: nothing to drop
        Assert.Equal(single.Call(x).ToDoubleArray(), single.Call(x).ToDoubleArray());
    }

    [Fact]
    public void Final_state_can_start_the_next_chunk()
    {
        var lstm = new Lstm(2, 3, generator: new Generator(9), dtype: DType.Float64);
        Tensor x = Tensor.Normal([8, 2, 2], 0, 1, new Generator(10), DType.Float64);
        RnnOutput whole = lstm.Forward(x, null, null);
        RnnOutput first = lstm.Forward(x.Narrow(0, 0, 5), null, null);
        RnnOutput second = lstm.Forward(x.Narrow(0, 5, 3), first.HN, first.CN);
        Near(whole.Output.Narrow(0, 5, 3).ToDoubleArray(), second.Output.ToDoubleArray());
        Near(whole.CN!.ToDoubleArray(), second.CN!.ToDoubleArray());
    }

    [Fact]
    public void Wrong_shapes_name_the_layer_expected_and_actual()
    {
        var lstm = new Lstm(4, 6, numLayers: 2);
        var e = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Zeros(5, 3, 7)));
        Assert.Contains("LSTM(4, 6, num_layers=2)", e.Message);
        Assert.Contains("[5, 3, 7]", e.Message);
        e = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(5, 3, 4), Tensor.Zeros(1, 3, 6), null));
        Assert.Contains("h0 must be [2, 3, 6]", e.Message);
        Assert.Contains("[1, 3, 6]", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => lstm.Forward(Tensor.Zeros(5, 3, 4), null, null, [5, 0, 2]));
        Assert.Contains("lengths[1] = 0", r.Message);
        e = Assert.Throws<ArgumentException>(() => new Gru(4, 6).Forward(Tensor.Zeros(5, 3, 4), null, [5, 2]));
        Assert.Contains("3 sequences", e.Message);
        Assert.Throws<ArgumentException>(() => new Rnn(4, 6, nonlinearity: "sigmoid"));
    }

    [Fact]
    public void No_grad_forward_records_nothing()
    {
        var gru = new Gru(3, 4);
        using (GradMode.NoGrad())
        {
            Tensor y = gru.Call(Tensor.Normal([4, 2, 3], 0, 1, new Generator(1)));
            Assert.False(y.RequiresGrad);
        }
    }

    [Fact]
    public void Embedding_lstm_last_state_linear_classifier_learns()
    {
        // Label 1 when token 1 occurs anywhere in the sequence (padding 0); the model must carry it to the end.
        var gen = new Generator(11);
        var model = new Sequential(
            new Embedding(6, 8, paddingIdx: 0, generator: gen),
            new RnnLastState(new Lstm(8, 16, batchFirst: true, generator: gen)),
            new Linear(16, 2, generator: gen));
        Assert.Equal(["0.weight", "1.rnn.weight_ih_l0", "1.rnn.weight_hh_l0", "1.rnn.bias_ih_l0", "1.rnn.bias_hh_l0", "2.weight", "2.bias"],
            model.NamedParameters().Select(p => p.Name));
        var data = new Generator(12);
        const int n = 64, steps = 7;
        long[] tokens = new long[n * steps], labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < steps; t++)
                tokens[i * steps + t] = 2 + (long)(data.NextDouble() * 4);
            if (i % 2 == 0)
                tokens[i * steps + (int)(data.NextDouble() * steps)] = 1;
            labels[i] = i % 2 == 0 ? 1 : 0;
        }
        Tensor x = Tensor.FromArray(tokens, n, steps), y = Tensor.FromArray(labels, n);
        var opt = new Adam(model.Parameters(), lr: 0.02);
        var lossFn = new CrossEntropyLoss();
        double first = 0, last = 0;
        for (int step = 0; step < 60; step++)
        {
            opt.ZeroGrad();
            Tensor loss = lossFn.Forward(model.Call(x), y);
            loss.Backward();
            opt.Step();
            if (step == 0)
                first = loss.Item();
            last = loss.Item();
        }
        Assert.True(last < 0.2 * first, $"loss went from {first} to {last}");
        double correct = model.Call(x).ToDoubleArray().Chunk(2).Select((p, i) => (p[1] > p[0] ? 1 : 0) == labels[i] ? 1.0 : 0).Sum();
        Assert.True(correct >= 0.95 * n, $"{correct}/{n} correct");
    }
}
