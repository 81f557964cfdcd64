using Glubina.Nn;
using Glubina.Optim;
using Glubina.Serialization;
using Glubina.Tensors;

namespace Glubina.Tests.Nn.Models;

/// <summary>The char-rnn style language model: PyTorch key names and parameter count, that carrying the state
/// step by step gives the same logits as one pass over the whole sequence (what Generate relies on), that it learns
/// a sequence, spec round trip, and sampling options.</summary>
public sealed class RecurrentLanguageModelTests
{
    private const int Vocab = 9, E = 6, H = 10;

    private static RecurrentLanguageModel Model(string cell = "lstm", int layers = 2) =>
        new(Vocab, E, H, layers, cell, dropout: 0, generator: new Generator(5));

    private static Tensor Tokens(int n, int t, ulong seed) => Tensor.RandInt(0, Vocab, [n, t], new Generator(seed));

    [Theory]
    [InlineData("lstm", 4)]
    [InlineData("gru", 3)]
    public void Keys_and_parameter_count_are_pytorchs(string cell, int gates)
    {
        var model = Model(cell);
        // nn.Embedding + nn.LSTM/GRU(E, H, num_layers=2) + nn.Linear(H, V).
        long rnn = gates * H * (E + H) + 2 * gates * H + gates * H * (H + H) + 2 * gates * H;
        Assert.Equal(Vocab * E + rnn + H * Vocab + Vocab, model.ParameterCount());
        Assert.Equal(["embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1", "head.weight", "head.bias"],
            model.StateDict().Keys);
        Assert.Equal([3, 7, Vocab], model.Forward(Tokens(3, 7, 1)).ShapeArray());
        Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(3, 7)));
        Assert.Throws<ArgumentException>(() => new RecurrentLanguageModel(Vocab, E, H, cell: "rnn"));
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void Carrying_the_state_matches_one_pass_over_the_sequence(string cell)
    {
        var model = Model(cell);
        model.Eval();
        Tensor tokens = Tokens(2, 9, 2);
        float[] whole = model.Forward(tokens).ToArray<float>();
        (Tensor first, var state) = model.Forward(tokens.Narrow(1, 0, 4), null);
        (Tensor second, _) = model.Forward(tokens.Narrow(1, 4, 5), state);
        float[] pieces = Tensor.Cat([first, second], 1).ToArray<float>();
        Assert.Equal(whole.Length, pieces.Length);
        for (int i = 0; i < whole.Length; i++)
            Assert.True(Math.Abs(whole[i] - pieces[i]) < 1e-5, $"logit {i}: {whole[i]} vs {pieces[i]}");
    }

    [Fact]
    public void Learns_a_repeating_sequence_and_greedy_generation_continues_it()
    {
        var model = Model("lstm", layers: 1);
        long[] pattern = [1, 2, 3, 4, 5, 6, 7, 8];
        long[] seq = Enumerable.Range(0, 33).Select(i => pattern[i % 8]).ToArray();
        Tensor inputs = Tensor.FromArray(seq[..32], 1, 32), targets = Tensor.FromArray(seq[1..], 32);
        var optimizer = new Adam(model.Parameters(), lr: 0.05);
        double loss = 0;
        for (int step = 0; step < 80; step++)
        {
            Tensor l = model.Forward(inputs).Reshape(32, Vocab).CrossEntropy(targets);
            optimizer.ZeroGrad();
            l.Backward();
            optimizer.Step();
            loss = l.Item();
        }
        Assert.True(loss < 0.05, $"loss after 80 steps: {loss}");
        long[] generated = model.Generate(Tensor.FromArray([3L, 4L], 2), 10, temperature: 0).ToArray<long>();
        Assert.Equal([3L, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6], generated);
    }

    [Fact]
    public void Sampling_is_seeded_and_respects_top_k()
    {
        var model = Model();
        Tensor prompt = Tokens(2, 3, 3);
        long[] a = model.Generate(prompt, 20, temperature: 1.0, topK: 3, generator: new Generator(9)).ToArray<long>();
        long[] b = model.Generate(prompt, 20, temperature: 1.0, topK: 3, generator: new Generator(9)).ToArray<long>();
        Assert.Equal(a, b);
        Assert.Equal(2 * 23, a.Length);
        long[] greedy = model.Generate(prompt, 20, temperature: 1.0, topK: 1, generator: new Generator(4)).ToArray<long>();
        Assert.Equal(model.Generate(prompt, 20, temperature: 0).ToArray<long>(), greedy);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(prompt, 5, temperature: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(prompt, 5, topK: 0));
    }

    [Fact]
    public void Round_trips_through_a_model_spec_and_file()
    {
        var model = Model("gru");
        ModelSpec spec = ModelSpec.FromModule(model);
        Assert.Equal("RecurrentLanguageModel", spec.Layers[0]["type"]!.GetValue<string>());
        string path = Path.Combine(Path.GetTempPath(), $"glubina-rlm-{Guid.NewGuid():N}.safetensors");
        try
        {
            new ModelFile(model, spec).Save(path);
            var loaded = ModelFile.Load(path).Model;
            Tensor tokens = Tokens(2, 5, 4);
            model.Eval();
            loaded.Eval();
            Assert.Equal(model.Forward(tokens).ToArray<float>(), loaded.Call(tokens).ToArray<float>());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
