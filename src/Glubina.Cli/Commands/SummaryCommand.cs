using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Glubina.Cli.Runs;
using Glubina.Nn;
using Glubina.Serialization;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina summary</c>: layers, output shapes, parameters and multiply-adds of a model file or a spec.</summary>
internal static class SummaryCommand
{
    public static Command Create(CommandContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model file (.safetensors) or a model spec (.json).", Required = true };
        var inputShape = new Option<string?>("--input-shape") { Description = "One example's shape, e.g. 4 or 1,28,28 (needed for a spec whose first layer is not Linear)." };
        var command = context.Command("summary",
            "Show a model's layers with output shapes, parameter counts and multiply-adds, the totals, and the file size.",
            "glubina summary --model runs/iris/model.safetensors",
            "glubina summary --model cnn.json --input-shape 1,28,28");
        command.Add(model);
        command.Add(inputShape);
        context.SetAction(command, parsed =>
        {
            string path = parsed.GetValue(model)!;
            int[]? shape = ParseShape(parsed.GetValue(inputShape));
            ModelSpec spec;
            Module built;
            string kind;
            bool tokens = false;
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                spec = TrainCommand.LoadSpec(path);
                shape ??= InferShape(spec) ?? throw new CliException(
                    $"{path}: give --input-shape (one example's shape, e.g. 1,28,28): the first layer ({spec.Layers[0]["type"]}) does not tell it.");
                built = SpecCheck.Build(spec, path, shape, OutputsOf(spec, shape), tokens: false);
                kind = "model spec";
            }
            else
            {
                var file = ModelData.LoadModel(path).File;
                spec = file.Spec!;
                shape ??= file.InputShape ?? throw new CliException($"{path}: the model file does not record its input shape; give --input-shape.");
                built = file.Model;
                tokens = TextEncoding.FromManifest(file.Extra) is not null;
                kind = $"model file ({file.Task ?? "unknown task"}{(file.Target is null ? "" : $", target '{file.Target}'")})";
            }
            ModelSummary summary;
            try
            {
                summary = ModelSummary.Create(built, shape, tokens ? Glubina.Tensors.DType.Int64 : Glubina.Tensors.DType.Float32);
            }
            catch (ArgumentException e)
            {
                throw new CliException($"{path}: the model cannot take input of shape [N, {string.Join(", ", shape)}]: {e.Message}", e);
            }
            long bytes = new FileInfo(path).Length;
            context.Console.Line($"{path}: {kind}, {spec.Layers.Count} top-level layer(s), input [N, {string.Join(", ", shape)}]");
            context.Console.Line(summary.ToString().TrimEnd());
            context.Console.Line($"File size: {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes");
            return new JsonObject
            {
                ["path"] = Path.GetFullPath(path),
                ["input_shape"] = new JsonArray([.. shape.Select(d => (JsonNode?)d)]),
                ["layers"] = new JsonArray([.. summary.Rows.Select(r => (JsonNode?)new JsonObject
                {
                    ["name"] = r.Name,
                    ["type"] = r.Type,
                    ["output_shape"] = new JsonArray([.. r.OutputShape.Skip(1).Select(d => (JsonNode?)d)]),
                    ["parameters"] = r.Parameters,
                    ["multiply_adds"] = r.MultiplyAdds,
                })]),
                ["total_parameters"] = summary.TotalParameters,
                ["trainable_parameters"] = summary.TrainableParameters,
                ["multiply_adds"] = summary.TotalMultiplyAdds,
                ["file_bytes"] = bytes,
            };
        });
        return command;
    }

    /// <summary>Parses "1,28,28" (or "4"); null for null.</summary>
    public static int[]? ParseShape(string? text)
    {
        if (text is null)
            return null;
        var parts = text.Split([',', 'x', '×'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]) || shape[i] < 1)
                throw new CliException($"--input-shape '{text}': expected positive whole numbers separated by commas, like 1,28,28.");
        return shape.Length > 0 ? shape : throw new CliException("--input-shape is empty; expected e.g. 1,28,28.");
    }

    private static int[]? InferShape(ModelSpec spec) => spec.Layers[0]["type"]?.GetValue<string>() == "Linear"
        ? [spec.Layers[0]["in_features"]!.GetValue<int>()]
        : null;

    // A spec is summarised as it is: whatever its last layer outputs is accepted.
    private static int OutputsOf(ModelSpec spec, int[] shape)
    {
        var model = spec.BuildModel();
        using (Glubina.Autograd.GradMode.NoGrad())
        {
            try
            {
                model.Eval();
                var output = model.Call(Glubina.Tensors.Tensor.Zeros([1, .. shape]));
                return output.Rank == 2 ? output.Size(1) : 1;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return -1; // SpecCheck then names the layer that does not fit
            }
        }
    }
}
