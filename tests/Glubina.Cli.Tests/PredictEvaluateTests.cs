using System.Globalization;
using System.Text.Json.Nodes;
using Glubina.Data.Csv;
using Glubina.Inference;
using Glubina.Serialization;

namespace Glubina.Cli.Tests;

/// <summary><c>predict</c> and <c>evaluate</c> agree with each other and with the model file reloaded in code.</summary>
public sealed class PredictEvaluateTests(TrainedIris iris) : IClassFixture<TrainedIris>
{
    [Fact]
    public void Predict_csv_matches_evaluate_accuracy_and_confusion_matrix()
    {
        string output = Path.Combine(Temp.Folder("predict"), "predictions.csv");
        Cli.Json("predict", "--model", iris.Model, "--data", TrainedIris.Data, "--out", output);
        var evaluation = Cli.Json("evaluate", "--model", iris.Model, "--data", TrainedIris.Data);

        string[] truth = [.. File.ReadLines(TrainedIris.Data).Skip(1).Select(l => l.Split(',')[^1])];
        string[][] rows = [.. File.ReadLines(output).Skip(1).Select(l => l.Split(','))];
        Assert.Equal(150, rows.Length);
        Assert.Equal("prediction,probability_0,probability_1,probability_2", File.ReadLines(output).First());
        double accuracy = rows.Zip(truth).Count(p => p.First[0] == p.Second) / 150.0;
        Assert.Equal(evaluation["metrics"]!["accuracy"]!.GetValue<double>(), accuracy, 12);
        var matrix = evaluation["confusion_matrix"]!.AsArray();
        for (int t = 0; t < 3; t++)
            for (int p = 0; p < 3; p++)
                Assert.Equal(rows.Zip(truth).Count(x => x.Second == t.ToString(CultureInfo.InvariantCulture) && x.First[0] == p.ToString(CultureInfo.InvariantCulture)),
                    matrix[t]![p]!.GetValue<int>());
        foreach (string[] row in rows)
        {
            float[] probabilities = [.. row.Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
            Assert.Equal(1.0, probabilities.Sum(), 5);
            Assert.Equal(row[0], Array.IndexOf(probabilities, probabilities.Max()).ToString(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Predictions_equal_the_reloaded_model_file_bit_for_bit_in_input_order()
    {
        string output = Path.Combine(Temp.Folder("predict"), "p.csv");
        Cli.Json("predict", "--model", iris.Model, "--data", TrainedIris.Data, "--out", output);
        var table = CsvLoader.Load(TrainedIris.Data);
        Predictions direct = Predictor.Load(iris.Model).Predict(table);
        // Save the loaded model again and reload it: the round trip must not change a single probability.
        string copy = Path.Combine(Temp.Folder("copy"), "m.safetensors");
        ModelFile.Load(iris.Model).Save(copy);
        Predictions reloaded = Predictor.Load(copy).Predict(table);
        string[][] rows = [.. File.ReadLines(output).Skip(1).Select(l => l.Split(','))];
        for (int i = 0; i < 150; i++)
        {
            Assert.Equal(direct.Probabilities[i], reloaded.Probabilities[i]);
            Assert.Equal(direct.Probabilities[i], rows[i].Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray());
            Assert.Equal(direct.Label(i), rows[i][0]);
        }
    }

    [Fact]
    public void The_model_file_keeps_the_test_metrics_task_labels_and_input_shape_of_the_run()
    {
        var file = ModelFile.Load(iris.Model);
        Assert.Equal("classification", file.Task);
        Assert.Equal("target", file.Target);
        Assert.Equal(["0", "1", "2"], file.ClassLabels);
        Assert.Equal([4], file.InputShape!);
        Assert.NotNull(file.Preprocessing);
        var saved = file.Metrics;
        Assert.Equal(iris.Result["evaluation"]!["metrics"]!["accuracy"]!.GetValue<double>(), saved["test_accuracy"], 12);
        Assert.Equal(iris.Result["evaluation"]!["metrics"]!["log_loss"]!.GetValue<double>(), saved["test_log_loss"], 12);
    }

    [Fact]
    public void Predict_jsonl_keeps_the_id_column_and_the_row_order()
    {
        var lines = new List<string> { "id,sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm" };
        lines.AddRange(File.ReadLines(TrainedIris.Data).Skip(1).Select((l, i) => $"row{149 - i}," + string.Join(',', l.Split(',')[..4])));
        string data = Temp.File("ids.csv", string.Join('\n', lines) + "\n");
        string output = Path.Combine(Temp.Folder("jsonl"), "p.jsonl");
        Cli.Json("predict", "--model", iris.Model, "--data", data, "--id-column", "id", "--out", output);
        var rows = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(150, rows.Length);
        Assert.Equal("row149", rows[0]["id"]!.GetValue<string>());
        Assert.Equal("row0", rows[149]["id"]!.GetValue<string>());
        Predictions direct = Predictor.Load(iris.Model).Predict(CsvLoader.Load(TrainedIris.Data));
        for (int i = 0; i < 150; i++)
        {
            Assert.Equal(direct.Label(i), rows[i]["prediction"]!.GetValue<string>());
            Assert.Equal(direct.Probabilities[i][1], rows[i]["probabilities"]!["1"]!.GetValue<float>());
        }
    }

    [Fact]
    public void Evaluate_with_out_writes_the_evaluation_and_its_report()
    {
        string folder = Temp.Folder("eval");
        var result = Cli.Json("evaluate", "--model", iris.Model, "--data", TrainedIris.Data, "--out", folder);
        Assert.True(File.Exists(Path.Combine(folder, "evaluation.json")));
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Equal(150, result["rows"]!.GetValue<int>());
    }

    [Fact]
    public void Summary_and_profile_describe_the_saved_model()
    {
        var summary = Cli.Json("summary", "--model", iris.Model);
        Assert.Equal(4 * 64 + 64 + 64 * 64 + 64 + 64 * 3 + 3, summary["total_parameters"]!.GetValue<long>());
        Assert.Equal(4 * 64 + 64 * 64 + 64 * 3, summary["multiply_adds"]!.GetValue<long>());
        Assert.Equal(new FileInfo(iris.Model).Length, summary["file_bytes"]!.GetValue<long>());
        var text = Cli.Run("summary", "--model", iris.Model);
        Assert.Contains("Total params: 4,675", text.Output, StringComparison.Ordinal);

        var profile = Cli.Run("profile", "--model", iris.Model, "--batch-sizes", "1,16");
        Assert.True(profile.ExitCode == 0, profile.ToString());
        Assert.Contains("Linear", profile.Output, StringComparison.Ordinal);
        Assert.Contains("16", profile.Output, StringComparison.Ordinal);
    }
}
