using System.Text.Json.Nodes;
using Glubina.Data;
using Glubina.Data.Preprocessing;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;

namespace Glubina.Tests.Serialization;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("glubina-modelfile").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Table SmallTable() => new([
        new NumericColumn("age", [30, double.NaN, 50, 41]),
        new CategoricalColumn("city", ["Oslo", "Rome", null, "Oslo"]),
    ]);

    [Fact]
    public void A_model_file_round_trips_architecture_weights_preprocessing_and_labels()
    {
        Generator.Default.ManualSeed(3);
        var pipeline = ColumnPipeline.Auto(SmallTable());
        int features = pipeline.FeatureNames.Count;
        var model = new Sequential(new Linear(features, 8), new BatchNorm1d(8), new GELU("tanh"), new Dropout(0.2), new Linear(8, 2));
        model.Call(Tensor.Randn([5, features]));    // moves BatchNorm's running statistics away from their defaults
        string path = Path.Combine(_folder, "model.safetensors");
        new ModelFile(model, ModelSpec.FromModule(model))
        {
            Preprocessing = pipeline,
            Task = "classification",
            Target = "churn",
            ClassLabels = ["stay", "leave"],
            InputShape = [features],
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.75 },
            Extra = new JsonObject { ["epochs"] = 3 },
        }.Save(path);

        var loaded = ModelFile.Load(path);
        Assert.Equal(["stay", "leave"], loaded.ClassLabels);
        Assert.Equal("churn", loaded.Target);
        Assert.Equal(0.75, loaded.Metrics["accuracy"]);
        Assert.Equal(3, loaded.Extra["epochs"]!.GetValue<int>());
        Assert.Equal(model.ToString(), loaded.Model.ToString());
        Tensor x = loaded.Preprocessing!.Transform(SmallTable());
        Assert.Equal(pipeline.Transform(SmallTable()).ToArray<float>(), x.ToArray<float>());
        model.Eval();
        loaded.Model.Eval();
        Assert.Equal(model.Call(x).ToArray<float>(), loaded.Model.Call(x).ToArray<float>());
        // The file is plain safetensors: the weights are there under PyTorch's names.
        Assert.Contains("1.running_var", SafeTensors.Load(path).Names);
    }

    [Fact]
    public void Clear_errors_for_weights_only_files_other_architectures_and_damage()
    {
        var model = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
        string weights = Path.Combine(_folder, "weights.safetensors");
        ModelFile.SaveWeights(model, weights);
        var e1 = Assert.Throws<FormatException>(() => ModelFile.Load(weights));
        Assert.Contains("LoadWeights", e1.Message);

        var other = new Sequential(new Linear(4, 5), new ReLU(), new Linear(5, 2));
        var e2 = Assert.Throws<FormatException>(() => ModelFile.LoadWeights(other, weights));
        Assert.Contains("0.weight", e2.Message);
        Assert.Contains("[5, 4]", e2.Message);

        string full = Path.Combine(_folder, "full.safetensors");
        new ModelFile(model, ModelSpec.FromModule(model)).Save(full);
        byte[] bytes = File.ReadAllBytes(full);
        File.WriteAllBytes(full, bytes[..(bytes.Length - 10)]);
        var e3 = Assert.ThrowsAny<Exception>(() => ModelFile.Load(full));
        Assert.Contains(full, e3.Message);
        Assert.IsNotType<IndexOutOfRangeException>(e3);
    }

    [Fact]
    public void Model_spec_parses_and_reports_bad_layers_by_position()
    {
        var spec = ModelSpec.Parse("""{"layers":[{"type":"Linear","in_features":4,"out_features":3},{"type":"ReLU"},{"type":"Dropout","p":0.1}]}""");
        Assert.Equal(3, spec.Build().Count);
        string described = ModelSpec.FromModule(spec.Build()).ToJsonString();   // every argument spelled out
        Assert.Contains("\"bias\": true", described);
        Assert.Equal(described, ModelSpec.FromModule(ModelSpec.Parse(described).Build()).ToJsonString());
        var unknown = Assert.Throws<FormatException>(() => ModelSpec.Parse("""{"layers":[{"type":"ReLU"},{"type":"Conv9d"}]}"""));
        Assert.Contains("layers[1]", unknown.Message);
        Assert.Contains("Linear", unknown.Message);
        var missing = Assert.Throws<FormatException>(() => ModelSpec.Parse("""{"layers":[{"type":"Linear","in_features":4}]}"""));
        Assert.Contains("out_features", missing.Message);
        var typo = Assert.Throws<FormatException>(() => ModelSpec.Parse("""{"layers":[{"type":"Linear","in_features":4,"out_features":2,"bais":true}]}"""));
        Assert.Contains("bais", typo.Message);
        Assert.Throws<FormatException>(() => ModelSpec.Parse("{not json"));
    }
}
