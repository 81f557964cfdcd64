using System.CommandLine;
using System.Text.Json.Nodes;
using Glubina.Cli.Runs;
using Glubina.Inference;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina evaluate</c>: the task's metrics, the confusion matrix and curves for a saved model on labelled data.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CommandContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model file (model.safetensors of a run folder).", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled data: a CSV file with the model's target column, or an IDX images file with --labels.", Required = true };
        var labels = new Option<string?>("--labels") { Description = "IDX labels file for an IDX images file." };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for evaluation.json and the report (report.html with its plots)." };
        var command = context.Command("evaluate",
            "Evaluate a saved model on labelled data: accuracy, precision, recall, F1, log loss, ROC AUC and the confusion matrix " +
            "for classification; MSE, RMSE, MAE and R² for regression. With --out, also the report with its plots.",
            "glubina evaluate --model runs/iris/model.safetensors --data iris.csv",
            "glubina evaluate --model runs/iris/model.safetensors --data iris.csv --out runs/iris/eval");
        command.Add(model);
        command.Add(data);
        command.Add(labels);
        command.Add(output);
        context.SetAction(command, parsed =>
        {
            string modelPath = parsed.GetValue(model)!;
            string? folder = parsed.GetValue(output);
            if (folder is not null)
                RunFolder.EnsureWritable(Path.GetFullPath(folder), "output folder");
            Predictor predictor = ModelData.LoadModel(modelPath);
            ModelData rows = ModelData.Load(predictor, parsed.GetValue(data)!);
            var evaluation = Evaluation.Of(predictor.Predict(rows.Inputs), rows.Targets(predictor, parsed.GetValue(labels)),
                predictor.File.Task ?? Tasks.Classification);
            context.Console.Line($"Model {modelPath} on {rows.Path}:");
            context.Console.Line(evaluation.ToText());
            JsonObject result = evaluation.ToJson();
            if (folder is not null)
            {
                string full = Path.GetFullPath(folder);
                string json = Path.Combine(full, "evaluation.json");
                File.WriteAllText(json, result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
                var file = predictor.File;
                var architecture = Glubina.Nn.ModelSummary.Create(file.Model, file.InputShape ?? [.. rows.Inputs.ShapeArray().Skip(1)],
                    rows.Inputs.DType).ToString();
                var report = ReportFiles.Create($"Evaluation of {Path.GetFileName(modelPath)} on {Path.GetFileName(rows.Path)}", evaluation,
                    null, architecture, null, modelPath,
                    [new("model", Path.GetFullPath(modelPath)), new("data", Path.GetFullPath(rows.Path)),
                     new("rows", rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                     new("target", file.Target ?? "(labels)")]);
                report.Profile = ReportFiles.QuickProfile(file.Model, file.InputShape ?? [.. rows.Inputs.ShapeArray().Skip(1)],
                    TextEncoding.FromManifest(file.Extra)?.Tokenizer.VocabSize);
                string? html = ReportFiles.Write(report, full, context.Console);
                context.Console.Line($"Wrote {json}" + (html is null ? "" : $" and {html}"));
                result["evaluation_file"] = json;
                result["report"] = html;
            }
            return result;
        });
        return command;
    }
}
