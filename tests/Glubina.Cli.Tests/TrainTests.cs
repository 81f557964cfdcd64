using System.Text.Json.Nodes;

namespace Glubina.Cli.Tests;

/// <summary><c>glubina train</c> on real data: the model beats chance by a stated margin and the run folder is complete.</summary>
public sealed class TrainTests(TrainedIris iris) : IClassFixture<TrainedIris>
{
    private static double Metric(JsonObject result, string name) => result["evaluation"]!["metrics"]![name]!.GetValue<double>();

    [Fact]
    public void Iris_beats_chance_by_far_and_writes_the_run_folder()
    {
        // Chance is 1/3 (balanced classes); a working MLP reaches well over 0.8 on the 23 test rows.
        Assert.True(Metric(iris.Result, "accuracy") >= 0.8, iris.Result.ToJsonString());
        foreach (string file in new[] { "config.json", "metrics.jsonl", "history.csv", "model.safetensors", "report.html" })
            Assert.True(File.Exists(Path.Combine(iris.Folder, file)), file);
        int epochs = iris.Result["epochs_run"]!.GetValue<int>();
        string[] lines = File.ReadAllLines(Path.Combine(iris.Folder, "metrics.jsonl"));
        Assert.Equal(epochs, lines.Length);
        var first = JsonNode.Parse(lines[0])!;
        Assert.Equal(1, first["epoch"]!.GetValue<int>());
        Assert.True(first["val_loss"]!.GetValue<double>() > 0);
        Assert.Equal(epochs + 1, File.ReadAllLines(Path.Combine(iris.Folder, "history.csv")).Length);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(iris.Folder, "config.json")))!;
        Assert.Equal(60, config["training"]!["epochs"]!.GetValue<int>());
        Assert.Equal("Linear", config["model"]!["layers"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(150, config["splits"]!["train"]!.GetValue<int>() + config["splits"]!["validation"]!.GetValue<int>() +
                          config["splits"]!["test"]!.GetValue<int>());
    }

    [Fact]
    public void The_report_embeds_its_plots_and_loads_nothing_from_outside()
    {
        string html = File.ReadAllText(Path.Combine(iris.Folder, "report.html"));
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(iris.Folder, "*.png"));
    }

    [Fact]
    public void Binary_breast_cancer_beats_the_majority_class_and_reports_roc_auc()
    {
        string folder = Temp.Folder("cancer");
        var result = Cli.Json("train", "--data", SharedData.PathOf("breast-cancer", "breast_cancer.plain.csv"), "--target", "target",
            "--epochs", "15", "--lr", "0.003", "--out", folder);
        // The majority class is 63% of the rows; scaled features and an MLP give about 95%+.
        Assert.True(Metric(result, "accuracy") >= 0.9, result.ToJsonString());
        Assert.True(Metric(result, "roc_auc") >= 0.95, result.ToJsonString());
        Assert.Equal(2, result["evaluation"]!["class_labels"]!.AsArray().Count);
    }

    [Fact]
    public void Digits_csv_trains_a_ten_class_mlp_far_above_chance()
    {
        string folder = Temp.Folder("digits");
        var result = Cli.Json("train", "--data", SharedData.PathOf("digits", "digits.plain.csv"), "--target", "target",
            "--epochs", "10", "--lr", "0.003", "--stratify", "--out", folder);
        // Chance is 0.1.
        Assert.True(Metric(result, "accuracy") >= 0.85, result.ToJsonString());
        var matrix = result["evaluation"]!["confusion_matrix"]!.AsArray();
        Assert.Equal(10, matrix.Count);
        Assert.Equal(result["evaluation"]!["rows"]!.GetValue<int>(), matrix.Sum(r => r!.AsArray().Sum(c => c!.GetValue<int>())));
    }

    [Fact]
    public void Diabetes_regression_explains_a_good_part_of_the_variance()
    {
        string folder = Temp.Folder("diabetes");
        var result = Cli.Json("train", "--data", SharedData.PathOf("diabetes", "diabetes.plain.csv"), "--target", "target",
            "--task", "regression", "--epochs", "60", "--lr", "0.01", "--out", folder);
        // Predicting the mean gives R² = 0; linear regression reaches about 0.45 on this data.
        Assert.Equal("regression", result["evaluation"]!["task"]!.GetValue<string>());
        Assert.True(Metric(result, "r2") >= 0.25, result.ToJsonString());
        Assert.True(Metric(result, "mae") < 60, result.ToJsonString());
    }

    [Fact]
    public void A_time_ordered_split_keeps_the_latest_rows_for_test()
    {
        string csv = "t,x,y\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"{59 - i},{(i % 7) * 0.5},{(i % 2 == 0 ? "a" : "b")}\n"));
        string data = Temp.File("series.csv", csv);
        string folder = Temp.Folder("series");
        var result = Cli.Json("train", "--data", data, "--target", "y", "--time-column", "t", "--epochs", "2", "--out", folder);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Contains("in order of 't'", config["command"]!["split"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(9, result["evaluation"]!["rows"]!.GetValue<int>());
    }

    [Fact]
    public void A_cancelled_run_stops_after_one_batch_and_still_saves_the_model()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        string folder = Temp.Folder("cancelled");
        var result = Cli.Run(new Cli.Options { Cancellation = cancel.Token }, "train", "--data", TrainedIris.Data, "--target", "target",
            "--epochs", "50", "--out", folder, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Json["cancelled"]!.GetValue<bool>());
        Assert.Equal(1, result.Json["epochs_run"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors")));
    }

    [Fact]
    public void A_spec_file_trains_the_architecture_it_describes()
    {
        string spec = Temp.File("tiny.json", """
            {"layers": [{"type": "Linear", "in_features": 4, "out_features": 8}, {"type": "Tanh"},
                        {"type": "Linear", "in_features": 8, "out_features": 3}]}
            """);
        string folder = Temp.Folder("spec");
        var result = Cli.Json("train", "--data", TrainedIris.Data, "--target", "target", "--model", spec, "--epochs", "2", "--out", folder);
        var summary = Cli.Json("summary", "--model", result["model"]!.GetValue<string>());
        Assert.Equal(4 * 8 + 8 + 8 * 3 + 3, summary["total_parameters"]!.GetValue<long>());
        Assert.Equal("Tanh", summary["layers"]![1]!["type"]!.GetValue<string>());
    }
}
