using System.CommandLine;
using System.Globalization;
using Glubina.Cli.Runs;
using Glubina.Diagnostics;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina profile</c>: per-layer time, latency, throughput and memory of a saved model (over <see cref="ModelProfiler"/>).</summary>
internal static class ProfileCommand
{
    public static Command Create(CommandContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model file.", Required = true };
        var batchSizes = new Option<string>("--batch-sizes") { Description = "Batch sizes to time, comma-separated.", DefaultValueFactory = _ => "1,8,64,256" };
        var inputShape = new Option<string?>("--input-shape") { Description = "One example's shape, when the model file does not record it." };
        var command = context.Command("profile",
            "Profile a model's inference: per-layer forward time and share, latency and throughput per batch size, and peak " +
            "memory, on random inputs of the model's input shape.",
            "glubina profile --model runs/mnist/model.safetensors",
            "glubina profile --model runs/iris/model.safetensors --batch-sizes 1,32,1024 --json");
        command.Add(model);
        command.Add(batchSizes);
        command.Add(inputShape);
        context.SetAction(command, parsed =>
        {
            int[] sizes = ParseSizes(parsed.GetValue(batchSizes)!);
            var file = ModelData.LoadModel(parsed.GetValue(model)!).File;
            int[] shape = SummaryCommand.ParseShape(parsed.GetValue(inputShape)) ?? file.InputShape
                ?? throw new CliException("the model file does not record its input shape; give --input-shape (e.g. 1,28,28).");
            int? vocabulary = TextEncoding.FromManifest(file.Extra)?.Tokenizer.VocabSize;
            ProfileResult result = ModelProfiler.Profile(file.Model, shape, sizes,
                new ProfileOptions { InputFactory = ReportFiles.TokenInputs(vocabulary) });
            context.Console.Line(result.ToString().TrimEnd());
            var json = result.ToJson();
            json["model"] = Path.GetFullPath(parsed.GetValue(model)!);
            return json;
        });
        return command;
    }

    private static int[] ParseSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
                throw new CliException($"--batch-sizes '{text}': '{parts[i]}' is not a positive whole number; expected e.g. 1,8,64,256.");
        return sizes.Length > 0 ? sizes : throw new CliException("--batch-sizes is empty; expected e.g. 1,8,64,256.");
    }
}
