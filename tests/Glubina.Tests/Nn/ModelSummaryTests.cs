using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn;

/// <summary>ModelSummary of the 784-256-128-10 MLP: PyTorch's parameter counts (235,146 in all) and the
/// multiply-adds of one sample (784·256 + 256·128 + 128·10 = 234,752).</summary>
public sealed class ModelSummaryTests
{
    private static Sequential Mlp() => new(
        new Linear(784, 256, generator: new Generator(1)), new ReLU(),
        new Linear(256, 128, generator: new Generator(2)), new ReLU(),
        new Linear(128, 10, generator: new Generator(3)));

    [Fact]
    public void Mlp_totals_and_rows()
    {
        var model = Mlp();
        var s = ModelSummary.Create(model, [784]);
        Assert.Equal(235_146, s.TotalParameters);
        Assert.Equal(235_146, s.TrainableParameters);
        Assert.Equal(0, s.NonTrainableParameters);
        Assert.Equal(234_752, s.TotalMultiplyAdds);

        Assert.Equal(["0", "1", "2", "3", "4"], s.Rows.Select(r => r.Name).ToArray());
        Assert.Equal(["Linear", "ReLU", "Linear", "ReLU", "Linear"], s.Rows.Select(r => r.Type).ToArray());
        Assert.Equal([200_960L, 0, 32_896, 0, 1_290], s.Rows.Select(r => r.Parameters).ToArray());
        Assert.Equal([200_704L, 0, 32_768, 0, 1_280], s.Rows.Select(r => r.MultiplyAdds).ToArray());
        Assert.Equal([[1, 256], [1, 256], [1, 128], [1, 128], [1, 10]], s.Rows.Select(r => r.OutputShape).ToArray());

        string text = s.ToString();
        Assert.Contains("Total params: 235,146", text);
        Assert.Contains("Trainable params: 235,146", text);
        Assert.Contains("Non-trainable params: 0", text);
        Assert.Contains("Mult-adds per sample: 234,752", text);
        Assert.Contains("0 (Linear)", text);
        Assert.Contains("[N, 256]", text);
        Assert.Contains("200,960", text);
    }

    [Fact]
    public void Frozen_layers_are_non_trainable_and_the_model_is_left_as_it_was()
    {
        var model = Mlp();
        ((Linear)model[0]).Freeze();
        var hooksBefore = 0;
        using (model[0].RegisterForwardHook((_, _, _) => hooksBefore++))
        {
            var s = ModelSummary.Create(model, [784]);
            Assert.Equal(235_146, s.TotalParameters);
            Assert.Equal(235_146 - 200_960, s.TrainableParameters);
            Assert.Equal(200_960, s.NonTrainableParameters);
            Assert.Equal(1, hooksBefore);   // the user's hook saw the summary's one pass
        }
        Assert.True(model.Training);
        Assert.All(model.NamedModules(), m => Assert.True(m.Module.Training));
        // The summary's hooks are gone: calling the model again adds no rows anywhere.
        var again = ModelSummary.Create(model, [784]);
        Assert.Equal(5, again.Rows.Count);
        model.Eval();
        ModelSummary.Create(model, [784]);
        Assert.False(model.Training);
    }

    [Fact]
    public void Nested_models_list_their_leaf_layers_with_dotted_names()
    {
        var model = new Sequential(new Flatten(), new Sequential(new Linear(12, 5), new BatchNorm1d(5)), new Dropout(0.5), new Linear(5, 2));
        var s = ModelSummary.Create(model, [3, 4]);
        Assert.Equal(["0", "1.0", "1.1", "2", "3"], s.Rows.Select(r => r.Name).ToArray());
        Assert.Equal([[1, 12], [1, 5], [1, 5], [1, 5], [1, 2]], s.Rows.Select(r => r.OutputShape).ToArray());
        Assert.Equal(12 * 5 + 5 + 10 + 12, s.TotalParameters);
        Assert.Equal(12 * 5 + 5 * 2, s.TotalMultiplyAdds);
    }

    [Fact]
    public void A_language_model_lists_every_layer_and_every_parameter_once()
    {
        // Its blocks are called with a causal flag, through hooks; the attention's packed input projection is a
        // row of its own, before its output projection.
        var model = new CausalLanguageModel(vocabSize: 20, dModel: 16, numHeads: 2, numLayers: 2, maxLength: 12, generator: new Generator(3));
        var s = ModelSummary.Create(model, [12], DType.Int64);
        var names = s.Rows.Select(r => r.Name).ToList();
        Assert.Contains("token_embedding", names);
        Assert.True(names.IndexOf("layers.1.self_attn") < names.IndexOf("layers.1.self_attn.out_proj"));
        Assert.Equal([1, 12, 16], s.Rows.Single(r => r.Name == "layers.1.self_attn").OutputShape);
        Assert.Equal(s.TotalParameters, s.Rows.Sum(r => r.Parameters));
    }
}
