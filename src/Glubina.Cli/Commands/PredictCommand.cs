using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Glubina.Cli.Runs;
using Glubina.Data;
using Glubina.Inference;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina predict</c>: batch predictions of a saved model, one output row per input row, in input order.</summary>
internal static class PredictCommand
{
    public static Command Create(CommandContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model file.", Required = true };
        var data = new Option<string>("--data") { Description = "Rows to predict: a CSV file with the model's feature columns (the target may be absent), or an IDX images file.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Where to write: a .csv file, or .jsonl for JSON lines.", Required = true };
        var idColumn = new Option<string?>("--id-column") { Description = "A column of the input copied into every output row (CSV input)." };
        var command = context.Command("predict",
            "Predict with a saved model: for classification the class and the probability of every class, for regression the " +
            "value; rows in input order, written as CSV or JSON lines.",
            "glubina predict --model runs/iris/model.safetensors --data new_flowers.csv --out predictions.csv",
            "glubina predict --model runs/churn/model.safetensors --data customers.csv --id-column customer_id --out predictions.jsonl");
        command.Add(model);
        command.Add(data);
        command.Add(output);
        command.Add(idColumn);
        context.SetAction(command, parsed =>
        {
            string outPath = Path.GetFullPath(parsed.GetValue(output)!);
            bool jsonLines = outPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || outPath.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);
            if (!jsonLines && !outPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                throw new CliException($"--out {outPath}: expected a .csv or .jsonl file name.");
            RunFolder.EnsureWritable(Path.GetDirectoryName(outPath)!, "output folder");
            Predictor predictor = ModelData.LoadModel(parsed.GetValue(model)!);
            ModelData rows = ModelData.Load(predictor, parsed.GetValue(data)!);
            Column? ids = null;
            if (parsed.GetValue(idColumn) is { } idName)
                ids = TableFiles.Require(rows.Table ?? throw new CliException("--id-column needs CSV input."), idName, rows.Path, "id");
            else if (rows.Files is { } files)
                ids = new CategoricalColumn("file", [.. files.Select(f => Path.GetRelativePath(rows.Path, f))]);
            Predictions predictions = predictor.Predict(rows.Inputs);
            string text = jsonLines ? JsonLines(predictions, ids) : Csv(predictions, ids);
            File.WriteAllText(outPath, text);
            context.Console.Line($"Wrote {predictions.Count} predictions to {outPath}");
            return new JsonObject { ["rows"] = predictions.Count, ["output"] = outPath, ["format"] = jsonLines ? "jsonl" : "csv" };
        });
        return command;
    }

    private static string Csv(Predictions p, Column? ids)
    {
        var sb = new StringBuilder();
        var header = new List<string>();
        if (ids is not null)
            header.Add(Quote(ids.Name));
        bool classification = p.Classes.Count > 0;
        if (classification)
        {
            header.Add("prediction");
            header.AddRange(p.Labels.Select(l => Quote("probability_" + l)));
        }
        else
            header.AddRange(p.Count > 0 && p.Values[0].Length > 1 ? p.Values[0].Select((_, j) => $"prediction_{j}") : ["prediction"]);
        sb.Append(string.Join(',', header)).Append('\n');
        for (int i = 0; i < p.Count; i++)
        {
            var cells = new List<string>();
            if (ids is not null)
                cells.Add(Quote(TableFiles.CellText(ids, i) ?? ""));
            if (classification)
            {
                cells.Add(Quote(p.Label(i)));
                cells.AddRange(p.Probabilities[i].Select(Number));
            }
            else
                cells.AddRange(p.Values[i].Select(Number));
            sb.Append(string.Join(',', cells)).Append('\n');
        }
        return sb.ToString();
    }

    private static string JsonLines(Predictions p, Column? ids)
    {
        var sb = new StringBuilder();
        bool classification = p.Classes.Count > 0;
        for (int i = 0; i < p.Count; i++)
        {
            var line = new JsonObject();
            if (ids is not null)
                line[ids.Name] = ids is NumericColumn n ? JsonValue.Create(n.Values[i]) : JsonValue.Create(TableFiles.CellText(ids, i));
            if (classification)
            {
                line["prediction"] = p.Label(i);
                line["probabilities"] = new JsonObject(p.Labels.Select((l, c) => KeyValuePair.Create(l, (JsonNode?)JsonValue.Create(p.Probabilities[i][c]))));
            }
            else
                line["prediction"] = p.Values[i].Length == 1 ? JsonValue.Create(p.Values[i][0]) : new JsonArray([.. p.Values[i].Select(v => (JsonNode?)v)]);
            sb.Append(line.ToJsonString()).Append('\n');
        }
        return sb.ToString();
    }

    private static string Number(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
