using Glubina.Cli;

namespace Glubina.Cli.Tests;

/// <summary>Every mistake a user can make gets a message that names the thing, and exit code 1, without a stack trace.</summary>
public sealed class ErrorTests(TrainedIris iris) : IClassFixture<TrainedIris>
{
    private static Cli.Result UserError(params string[] args)
    {
        var result = Cli.Run(args);
        Assert.True(result.ExitCode == ExitCodes.UserError, result.ToString());
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal); // no stack trace
        return result;
    }

    private static string Train(string data, params string[] more) =>
        UserError(["train", "--data", data, "--target", "target", "--epochs", "1", "--out", Temp.Folder("bad"), .. more]).Error;

    [Fact]
    public void A_missing_data_file_is_named()
    {
        string error = Train("/nonexistent/flowers.csv");
        Assert.Contains("data file not found: /nonexistent/flowers.csv", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_column_lists_the_closest_names()
    {
        string error = UserError("train", "--data", TrainedIris.Data, "--target", "petal_width", "--out", Temp.Folder("bad")).Error;
        Assert.Contains("target column 'petal_width' is not in", error, StringComparison.Ordinal);
        Assert.Contains("Closest: 'petal_width_cm'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_numeric_cell_names_file_line_column_and_value()
    {
        var lines = File.ReadAllLines(TrainedIris.Data);
        lines[42] = "5.1,abc," + string.Join(',', lines[42].Split(',')[2..]); // data row 42 is on line 43
        string data = Temp.File("typo.csv", string.Join('\n', lines) + "\n");
        string error = Train(data);
        Assert.Contains("typo.csv", error, StringComparison.Ordinal);
        Assert.Contains("line 43", error, StringComparison.Ordinal);
        Assert.Contains("'sepal_width_cm'", error, StringComparison.Ordinal);
        Assert.Contains("\"abc\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_numeric_cell_in_data_for_a_saved_model_is_named_too()
    {
        var lines = File.ReadAllLines(TrainedIris.Data);
        lines[5] = "oops," + string.Join(',', lines[5].Split(',')[1..]);
        string data = Temp.File("bad-rows.csv", string.Join('\n', lines) + "\n");
        string error = UserError("predict", "--model", iris.Model, "--data", data, "--out", Path.Combine(Temp.Folder("p"), "p.csv")).Error;
        Assert.Contains("line 6", error, StringComparison.Ordinal);
        Assert.Contains("'sepal_length_cm'", error, StringComparison.Ordinal);
        Assert.Contains("\"oops\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_without_a_column_the_model_needs_lists_the_closest_names()
    {
        string data = Temp.File("renamed.csv", "sepal_length,sepal_width_cm,petal_length_cm,petal_width_cm\n5.1,3.5,1.4,0.2\n");
        string error = UserError("predict", "--model", iris.Model, "--data", data, "--out", Path.Combine(Temp.Folder("p"), "p.csv")).Error;
        Assert.Contains("column 'sepal_length_cm' is not in", error, StringComparison.Ordinal);
        Assert.Contains("'sepal_length'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_with_an_unknown_layer_names_it_and_the_known_ones()
    {
        string spec = Temp.File("typo.json", """{"layers": [{"type": "Lineer", "in_features": 4, "out_features": 3}]}""");
        string error = Train(TrainedIris.Data, "--model", spec);
        Assert.Contains("layers[0]: unknown layer type 'Lineer'", error, StringComparison.Ordinal);
        Assert.Contains("Linear", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_whose_shapes_do_not_fit_names_the_layer_and_both_shapes()
    {
        string spec = Temp.File("shapes.json", """
            {"layers": [{"type": "Linear", "in_features": 4, "out_features": 16}, {"type": "ReLU"},
                        {"type": "Linear", "in_features": 10, "out_features": 3}]}
            """);
        string error = Train(TrainedIris.Data, "--model", spec);
        Assert.Contains("layers[2] (Linear) cannot take input of shape [N, 16]", error, StringComparison.Ordinal);
        Assert.Contains("10", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_with_the_wrong_number_of_outputs_says_what_the_data_needs()
    {
        string spec = Temp.File("outputs.json", """{"layers": [{"type": "Linear", "in_features": 4, "out_features": 2}]}""");
        string error = Train(TrainedIris.Data, "--model", spec);
        Assert.Contains("outputs [N, 2]", error, StringComparison.Ordinal);
        Assert.Contains("[N, 3]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unwritable_output_folder_is_reported_before_training()
    {
        string file = Temp.File("not-a-folder", "x");
        var result = UserError("train", "--data", TrainedIris.Data, "--target", "target", "--out", Path.Combine(file, "run"));
        Assert.Contains("cannot write to the output folder", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Epoch", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_a_user_error()
    {
        string error = UserError("summary", "--model", Temp.File("junk.safetensors", "this is not a model")).Error;
        Assert.Contains("junk.safetensors", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_options_are_user_errors()
    {
        UserError("train", "--data", TrainedIris.Data);                        // --out is required
        UserError("train", "--data", TrainedIris.Data, "--target", "target", "--out", Temp.Folder("x"), "--optimizer", "adamm");
        Assert.Contains("--split", Train(TrainedIris.Data, "--split", "0.5,0.2"), StringComparison.Ordinal);
        Assert.Contains("preset 'cnn' needs images", Train(TrainedIris.Data, "--preset", "cnn"), StringComparison.Ordinal);
        UserError("no-such-command");
    }

    [Fact]
    public void Errors_come_as_json_with_json()
    {
        var result = Cli.Run("train", "--data", "/nonexistent.csv", "--target", "y", "--out", Temp.Folder("j"), "--json");
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.False(result.Json["ok"]!.GetValue<bool>());
        Assert.Contains("not found", result.Json["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_exception_is_an_internal_error_with_exit_code_two()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, terminal: false, CancellationToken.None);
        Assert.Equal(ExitCodes.InternalError, ErrorReporter.Report(new InvalidOperationException("boom"), console));
        Assert.Contains("internal error: InvalidOperationException: boom", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UserError, ErrorReporter.Report(new CliException("fix this"), console));
    }
}
