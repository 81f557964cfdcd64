using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Glubina.Data;
using Glubina.Data.Csv;
using Glubina.Data.Preprocessing;
using Glubina.Inference;
using Glubina.Nn;
using Glubina.Optim;
using Glubina.Serialization;
using Glubina.Tensors;
using Glubina.Training;

namespace Glubina.Serving.Tests;

/// <summary>POST /v1/models/{name}/predict: raw records through the model's fitted preprocessing, answers equal to
/// <see cref="Predictor.Predict(Table)"/>.</summary>
public sealed class PredictTests
{
    [Fact]
    public async Task Trained_iris_model_answers_records_as_the_predictor_does()
    {
        var table = CsvLoader.Load(SharedData.PathOf("iris", "iris.plain.csv"));
        var prep = ColumnPipeline.Auto(table, "target");
        var x = prep.Transform(table);
        var y = Tensor.FromArray(((NumericColumn)table["target"]).Values.Select(v => (long)v).ToArray(), table.RowCount);
        var model = TestModels.Seeded(new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3)), seed: 21);
        var trainer = new Trainer(model, new CrossEntropyLoss(), new Adam(model.Parameters(), lr: 0.02), metrics: ["accuracy"]);
        var data = new TensorDataset(x, y);
        trainer.Fit(data, epochs: 40, batchSize: 16, seed: 1, verbose: false);
        Assert.True(trainer.Evaluate(data)["accuracy"] > 0.9, "the tiny iris model did not learn");
        string file = Path.Combine(TestModels.TempFolder(), "iris.safetensors");
        new ModelFile(model, ModelSpec.FromModule(model))
        {
            Preprocessing = prep, Task = "classification", Target = "target", ClassLabels = TestModels.IrisLabels, InputShape = [4],
        }.Save(file);
        var records = new JsonArray();
        for (int r = 0; r < table.RowCount; r++)
            records.Add(new JsonObject(table.Columns.Select(c => KeyValuePair.Create(c.Name, (JsonNode?)((NumericColumn)c).Values[r]))));
        await using var server = await RunningServer.StartAsync(file);

        var (status, answer) = await server.PostAsync("/v1/models/iris/predict", new JsonObject { ["records"] = records }.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        AssertSame(Predictor.Load(file).Predict(table), answer);
    }

    [Fact]
    public async Task Mixed_columns_with_missing_and_unknown_values_follow_the_pipeline()
    {
        var train = MixedTable([31, double.NaN, 45, 52, 23, 38], [40e3, 52e3, double.NaN, 81e3, 30e3, 60e3], ["Oslo", "Bergen", null, "Oslo", "Bergen", "Tromsø"]);
        var prep = ColumnPipeline.Auto(train);
        var model = TestModels.Seeded(new Sequential(new Linear(prep.FeatureCount, 1)), seed: 22); // one logit: binary
        string file = Path.Combine(TestModels.TempFolder(), "churn", "3", "model.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        new ModelFile(model, ModelSpec.FromModule(model)) { Preprocessing = prep, Task = "classification", ClassLabels = ["stay", "leave"] }.Save(file);
        var ask = MixedTable([29, double.NaN], [double.NaN, 1e5], ["Atlantis", null]);
        const string records = """[{"age": 29, "income": null, "city": "Atlantis", "note": "ignored"}, {"age": null, "income": 100000, "city": null}]""";
        await using var server = await RunningServer.StartAsync(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(file)))!);

        var (status, answer) = await server.PostAsync("/v1/models/churn/versions/3/predict", records);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("3", answer.GetProperty("model_version").GetString());
        AssertSame(Predictor.Load(file).Predict(ask), answer);
        var (meta, body) = await server.GetAsync("/v2/models/churn");
        Assert.Equal(HttpStatusCode.OK, meta);
        Assert.Equal(["age:numeric", "income:numeric", "city:categorical"], body.GetProperty("parameters").GetProperty("columns").EnumerateArray()
            .Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("kind").GetString()}"));
        Assert.Equal([-1, 1], body.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal([-1, 2], body.GetProperty("outputs")[1].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));

        foreach (var (bad, mentions) in new (string, string[])[]
        {
            ("""[{"age": 29, "city": "Oslo"}]""", ["records[0].income", "expected a numeric value", "got no such field", "city (categorical)"]),
            ("""[{"age": "old", "income": 1, "city": "Oslo"}]""", ["records[0].age", "expected a finite number or null", "a string \"old\""]),
            ("""[{"age": 1e999, "income": 1, "city": "Oslo"}]""", ["records[0].age", "expected a finite number", "a number 1e999"]),
            ("""[{"age": 3, "income": 1, "city": ["Oslo"]}]""", ["records[0].city", "expected a string, a number or null", "an array of 1"]),
            ("""{"records": [7]}""", ["records[0]", "expected an object", "a number 7"]),
        })
        {
            var (badStatus, error) = await server.PostAsync("/v1/models/churn/predict", bad);
            Assert.Equal(HttpStatusCode.BadRequest, badStatus);
            foreach (string mention in mentions)
                Assert.Contains(mention, error.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Regression_records_answer_values()
    {
        var train = MixedTable([1, 2, 3, 4], [10, 20, 30, 45], ["a", "b", "a", "b"]);
        var prep = ColumnPipeline.Auto(train);
        var model = TestModels.Seeded(new Sequential(new Linear(prep.FeatureCount, 1)), seed: 23);
        string file = Path.Combine(TestModels.TempFolder(), "price.safetensors");
        new ModelFile(model, ModelSpec.FromModule(model)) { Preprocessing = prep, Task = "regression" }.Save(file);
        await using var server = await RunningServer.StartAsync(file);

        var (status, answer) = await server.PostAsync("/v1/models/price/predict", """{"records": [{"age": 2.5, "income": 12, "city": "b"}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        float expected = Predictor.Load(file).Predict(MixedTable([2.5], [12], ["b"])).Values[0][0];
        Assert.Equal(expected, answer.GetProperty("predictions")[0].GetProperty("value").GetSingle());
    }

    [Fact]
    public async Task Missing_value_without_an_imputer_is_A400_naming_the_feature()
    {
        var prep = new ColumnPipeline().Add("num", new StandardScaler(), "age").Fit(new Table([new NumericColumn("age", [20, 30, 40])]));
        var model = TestModels.Seeded(new Sequential(new Linear(1, 2)), seed: 24);
        string file = Path.Combine(TestModels.TempFolder(), "strict.safetensors");
        new ModelFile(model, ModelSpec.FromModule(model)) { Preprocessing = prep, Task = "classification" }.Save(file);
        await using var server = await RunningServer.StartAsync(file);

        var (status, error) = await server.PostAsync("/v1/models/strict/predict", """[{"age": 25}, {"age": null}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        string message = error.GetProperty("error").GetString()!;
        Assert.Contains("preprocessing refused", message);
        Assert.Contains("'age'", message);
        Assert.Contains("row 1", message);
        Assert.Equal(HttpStatusCode.OK, (await server.PostAsync("/v1/models/strict/predict", """[{"age": 25}]""")).Status);
    }

    private static Table MixedTable(double[] age, double[] income, string?[] city) =>
        new([new NumericColumn("age", age), new NumericColumn("income", income), new CategoricalColumn("city", city)]);

    private static void AssertSame(Predictions expected, JsonElement answer)
    {
        var predictions = answer.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(expected.Count, predictions.Length);
        for (int r = 0; r < predictions.Length; r++)
        {
            Assert.Equal(expected.Label(r), predictions[r].GetProperty("label").GetString());
            Assert.Equal(expected.Confidence(r), predictions[r].GetProperty("probability").GetSingle());
            var all = predictions[r].GetProperty("probabilities").EnumerateObject().ToArray();
            Assert.Equal(expected.Labels, all.Select(p => p.Name));
            Assert.Equal(expected.Probabilities[r], all.Select(p => p.Value.GetSingle()));
        }
    }
}
