using System.Text.Json.Nodes;
using Glubina.Diagnostics;
using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Diagnostics;

public sealed class ModelProfilerTests
{
    private static readonly ProfileOptions Quick = new() { WarmupRuns = 1, Repeats = 3, TimeBudgetPerBatchSize = TimeSpan.FromMilliseconds(200) };

    private static Sequential SmallMlp() => new(new Linear(8, 16, generator: new Generator(1)), new ReLU(), new Linear(16, 4, generator: new Generator(2)));

    [Fact]
    public void Every_layer_of_a_sequential_appears_with_shares_summing_to_one()
    {
        ProfileResult r = ModelProfiler.Profile(SmallMlp(), [8], [1, 32], Quick);

        Assert.Equal(["0", "1", "2"], r.Layers.Select(l => l.Name));
        Assert.Equal(["Linear", "ReLU", "Linear"], r.Layers.Select(l => l.Type));
        Assert.Equal([[32, 16], [32, 16], [32, 4]], r.Layers.Select(l => l.OutputShape));
        Assert.Equal(32, r.LayerBatchSize);
        Assert.Equal(1.0, r.Layers.Sum(l => l.Share), 9);
        Assert.All(r.Layers, l => Assert.True(l.Share >= 0 && l.Milliseconds >= 0));
        Assert.Equal([8 * 16 + 16, 0, 16 * 4 + 4], r.Layers.Select(l => l.Parameters));
        Assert.Equal(32 * 16 * 4, r.Layers[0].OutputBytes);
    }

    [Fact]
    public void A_transformer_language_model_is_profiled_layer_by_layer()
    {
        // Its blocks take more than the input (a causal flag), so it calls them through hooks explicitly; the
        // attention's own time (projections, softmax) lands on the attention row, not on its output projection.
        var model = new CausalLanguageModel(vocabSize: 20, dModel: 16, numHeads: 2, numLayers: 2, maxLength: 12, generator: new Generator(3));
        var options = new ProfileOptions { WarmupRuns = 1, Repeats = 3, TimeBudgetPerBatchSize = TimeSpan.FromMilliseconds(200),
            InputFactory = shape => Tensor.RandInt(0, 20, shape, new Generator(4)) };
        ProfileResult r = ModelProfiler.Profile(model, [12], [2], options);

        var names = r.Layers.Select(l => l.Name).ToList();
        foreach (string layer in new[] { "layers.0.self_attn", "layers.0.self_attn.out_proj", "layers.0.linear1", "layers.1.norm2", "norm" })
            Assert.Contains(layer, names);
        Assert.True(names.IndexOf("layers.0.self_attn") < names.IndexOf("layers.0.self_attn.out_proj"), "rows follow the order calls begin");
        LayerProfile attention = r.Layers.Single(l => l.Name == "layers.0.self_attn");
        Assert.Equal("MultiheadAttention", attention.Type);
        Assert.Equal(3 * 16 * 16 + 3 * 16, attention.Parameters);   // the packed input projection only
        Assert.Equal([2, 12, 16], attention.OutputShape);
        Assert.Equal(model.ParameterCount(), r.Layers.Sum(l => l.Parameters));   // every parameter on exactly one row
        Assert.Equal(1.0, r.Layers.Sum(l => l.Share), 9);
        Assert.All(r.Layers, l => Assert.True(l.Milliseconds >= 0, l.Name));
    }

    [Fact]
    public void A_recurrent_language_model_is_profiled_layer_by_layer()
    {
        var model = new RecurrentLanguageModel(vocabSize: 20, embeddingDim: 8, hiddenSize: 16, generator: new Generator(5));
        var options = new ProfileOptions { WarmupRuns = 1, Repeats = 3, TimeBudgetPerBatchSize = TimeSpan.FromMilliseconds(200),
            InputFactory = shape => Tensor.RandInt(0, 20, shape, new Generator(6)) };
        ProfileResult r = ModelProfiler.Profile(model, [10], [2], options);

        Assert.Equal(["Embedding", "Lstm", "Linear"], r.Layers.Where(l => l.Parameters > 0).Select(l => l.Type));
        Assert.Equal([2, 10, 16], r.Layers.Single(l => l.Type == "Lstm").OutputShape);
        Assert.Equal(model.ParameterCount(), r.Layers.Sum(l => l.Parameters));
    }

    [Fact]
    public void Sizes_and_memory_follow_from_the_shapes()
    {
        ProfileResult r = ModelProfiler.Profile(SmallMlp(), [8], [1, 32], Quick);

        Assert.Equal(8 * 16 + 16 + 16 * 4 + 4, r.ParameterCount);
        Assert.Equal(4 * r.ParameterCount, r.ParameterBytes);
        Assert.Equal([1, 32], r.Batches.Select(b => b.BatchSize));
        foreach (BatchProfile b in r.Batches)
        {
            // float32 input [B,8] plus the outputs of Linear [B,16], ReLU [B,16] and Linear [B,4]: 4·B·(8+16+16+4) bytes.
            Assert.Equal(4L * b.BatchSize * (8 + 16 + 16 + 4), b.TensorBytes);
            Assert.True(b.SamplesPerSecond > 0 && double.IsFinite(b.SamplesPerSecond));
            Assert.InRange(b.MedianMs, b.MinMs, b.MaxMs);
            Assert.Equal(b.BatchSize / (b.MedianMs / 1000), b.SamplesPerSecond, 6);
            Assert.InRange(b.Repeats, 3, 3);
        }
        Assert.Equal(r.Batches[1].TensorBytes, r.PeakTensorBytes);
        Assert.True(r.PeakManagedHeapBytes > 0);
    }

    [Fact]
    public void Latency_grows_with_batch_size_for_a_large_model()
    {
        var g = new Generator(3);
        var model = new Sequential(new Linear(512, 512, generator: g), new ReLU(), new Linear(512, 512, generator: g), new ReLU(), new Linear(512, 10, generator: g));

        // Batch 256 does 256 times the work of batch 1: far beyond any timing noise.
        ProfileResult r = ModelProfiler.Profile(model, [512], [1, 256], Quick);

        Assert.True(r.Batches[1].MedianMs > r.Batches[0].MedianMs,
            $"batch 256 took {r.Batches[1].MedianMs} ms, batch 1 {r.Batches[0].MedianMs} ms");
        Assert.True(r.Batches[1].MinMs > r.Batches[0].MinMs);
        Assert.Same(r.Batches.MaxBy(b => b.SamplesPerSecond), r.Best);
        // The matrix products dominate the forward time, not the activations.
        Assert.True(r.Layers.Where(l => l.Type == "Linear").Sum(l => l.Share) > 0.5);
    }

    [Fact]
    public void Runs_in_eval_mode_without_gradients_and_restores_the_mode()
    {
        var model = new Sequential(new Linear(4, 4, generator: new Generator(4)), new Dropout(0.5), new Linear(4, 2, generator: new Generator(5)));
        var modes = new List<bool>();
        using var hook = model[1].RegisterForwardHook((m, input, output) =>
        {
            modes.Add(m.Training);
            Assert.Equal(input.ToArray<float>(), output.ToArray<float>()); // dropout is the identity in eval mode
            Assert.False(output.RequiresGrad);
        });
        model.Train();

        ModelProfiler.Profile(model, [4], [2], Quick);

        Assert.NotEmpty(modes);
        Assert.All(modes, Assert.False);
        Assert.True(model.Training);
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void Nested_layers_are_listed_by_dotted_name_and_integer_inputs_come_from_the_factory()
    {
        var model = new Sequential(new Embedding(50, 6, generator: new Generator(6)), new Flatten(),
            new Sequential(new Linear(30, 8, generator: new Generator(7)), new Tanh()));
        var options = new ProfileOptions
        {
            WarmupRuns = 1,
            Repeats = 3,
            InputFactory = shape => Tensor.RandInt(0, 50, shape, new Generator(8)),
        };

        ProfileResult r = ModelProfiler.Profile(model, [5], [4], options);

        Assert.Equal(["0", "1", "2.0", "2.1"], r.Layers.Select(l => l.Name));
        Assert.Equal([4, 5, 6], r.Layers[0].OutputShape);
        Assert.Equal(1.0, r.Layers.Sum(l => l.Share), 9);
    }

    [Fact]
    public void Text_and_json_report_layers_and_batches()
    {
        ProfileResult r = ModelProfiler.Profile(SmallMlp(), [8], [1, 4], Quick);

        string text = r.ToString();
        Assert.Contains("Input [N, 8], 212 parameters (848 B)", text);
        Assert.Contains("Per-layer forward time at batch size 4", text);
        Assert.Contains("ReLU", text);
        Assert.Contains("samples/s", text);

        JsonObject json = JsonNode.Parse(r.ToJson().ToJsonString())!.AsObject();
        Assert.Equal(212, json["parameters"]!.GetValue<long>());
        Assert.Equal(3, json["layers"]!.AsArray().Count);
        Assert.Equal("Linear", json["layers"]![0]!["type"]!.GetValue<string>());
        Assert.Equal([1, 4], json["batches"]!.AsArray().Select(b => b!["batch_size"]!.GetValue<int>()));
        Assert.True(json["batches"]![0]!["samples_per_second"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void Bad_arguments_say_what_is_wrong()
    {
        var e1 = Assert.Throws<ArgumentException>(() => ModelProfiler.Profile(SmallMlp(), [8], [1, 0]));
        Assert.Contains("at least 1, got 0", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => ModelProfiler.Profile(SmallMlp(), [8], []));
        Assert.Contains("at least one batch size", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => ModelProfiler.Profile(SmallMlp(), [0], [1]));
        Assert.Contains("[0]", e3.Message);
    }
}
