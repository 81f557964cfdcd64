using System.CommandLine;
using System.Text.Json.Nodes;
using Glubina.Cli.Runs;
using Glubina.Serialization;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina train</c>: a CSV file (or IDX files) to a trained model in a run folder with its report.</summary>
internal static class TrainCommand
{
    public static Command Create(CommandContext context)
    {
        var data = new Option<string>("--data") { Description = "Training data: a CSV/TSV file with a header row, an IDX images file (with --labels), or a folder of images with one sub-folder per class.", Required = true };
        var target = new Option<string?>("--target") { Description = "The column to predict (CSV)." };
        var labels = new Option<string?>("--labels") { Description = "IDX labels file that goes with an IDX images file given as --data." };
        var textColumn = new Option<string?>("--text-column") { Description = "Train on the text of this column (CSV/TSV): tokenized, then an LSTM or transformer." };
        var tokenizer = new Option<string>("--tokenizer") { Description = "word or char (with --text-column).", DefaultValueFactory = _ => "word" };
        tokenizer.AcceptOnlyFromAmong([.. TextEncoding.TokenizerKinds]);
        var maxLength = new Option<int?>("--max-length") { Description = "Tokens per text (default: the 95th percentile of the training texts, at most 256)." };
        var imageSize = new Option<string?>("--image-size") { Description = "Image folders: resize every image to HEIGHTxWIDTH (default: the first image's size)." };
        var grayscale = new Option<bool>("--grayscale") { Description = "Image folders: read images as one grayscale channel instead of RGB." };
        var task = new Option<string?>("--task") { Description = "classification or regression (default: guessed from the target column)." };
        task.AcceptOnlyFromAmong(Tasks.Classification, Tasks.Regression);
        var model = new Option<string?>("--model") { Description = "A model spec (JSON, see docs/model-spec.schema.json)." };
        var preset = new Option<string?>("--preset") { Description = "A built-in architecture: mlp, cnn, lstm or transformer (default: mlp for tables, cnn for images)." };
        var split = new Option<string?>("--split") { Description = "Train, validation and test fractions (default 0.7,0.15,0.15)." };
        var stratify = new Option<bool>("--stratify") { Description = "Keep the class proportions in every split." };
        var timeColumn = new Option<string?>("--time-column") { Description = "Split in time order by this column (train first, test last); the column is not a feature." };
        var output = new Option<string>("--out", "-o") { Description = "The run folder to write (created if missing).", Required = true };
        var training = new TrainingOptions(epochs: 20, batchSize: 32);
        var command = context.Command("train",
            "Train a model on a CSV file (numbers and categories, or a text column), IDX image files or an image folder, and write " +
            "a run folder: config.json, metrics.jsonl, history.csv, " +
            "model.safetensors and report.html with its plots.",
            "glubina train --data iris.csv --target species --out runs/iris",
            "glubina train --data houses.csv --target price --task regression --preset mlp --epochs 50 --lr 0.003 --out runs/houses",
            "glubina train --data train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --preset cnn --epochs 3 --out runs/mnist",
            "glubina train --data photos/ --image-size 64x64 --out runs/photos",
            "glubina train --data sms.csv --target label --text-column message --preset transformer --out runs/sms");
        command.Add(data);
        command.Add(target);
        command.Add(labels);
        command.Add(textColumn);
        command.Add(tokenizer);
        command.Add(maxLength);
        command.Add(imageSize);
        command.Add(grayscale);
        command.Add(task);
        command.Add(model);
        command.Add(preset);
        training.AddTo(command);
        command.Add(split);
        command.Add(stratify);
        command.Add(timeColumn);
        command.Add(output);
        context.SetAction(command, parsed =>
        {
            TrainSettings settings = training.Read(parsed);
            string path = parsed.GetValue(data)!;
            string? modelPath = parsed.GetValue(model);
            string? presetName = parsed.GetValue(preset);
            if (modelPath is not null && presetName is not null)
                throw new CliException("give either --model SPEC.json or --preset NAME, not both.");
            SplitSpec splits = SplitSpec.Parse(parsed.GetValue(split), parsed.GetValue(stratify), parsed.GetValue(timeColumn));
            ModelSpec? spec = modelPath is null ? null : LoadSpec(modelPath);
            RunFolder folder = RunFolder.Create(parsed.GetValue(output)!);

            string? targetName = parsed.GetValue(target);
            string RequireTarget() => targetName ?? throw new CliException("--target is required for CSV data: name the column to predict.");
            PreparedData prepared;
            if (Directory.Exists(path))
                prepared = ImageFolderPreparation.Prepare(path, ParseSize(parsed.GetValue(imageSize)), parsed.GetValue(grayscale), splits, settings.Seed);
            else if (parsed.GetValue(labels) is { } labelsPath)
                prepared = IdxPreparation.Prepare(path, labelsPath, splits, settings.Seed);
            else if (parsed.GetValue(textColumn) is { } text)
                prepared = TextPreparation.Prepare(TableFiles.Load(path), path, RequireTarget(), text, parsed.GetValue(tokenizer)!,
                    parsed.GetValue(maxLength), parsed.GetValue(task), splits, settings.Seed);
            else if (IdxPreparation.IsIdx(path))
                throw new CliException($"{path} is an IDX file: give its labels file with --labels.");
            else
                prepared = TabularPreparation.Prepare(TableFiles.LoadForTraining(path), path, RequireTarget(), parsed.GetValue(task), splits, settings.Seed);
            if (parsed.GetValue(task) is { } forced && forced != prepared.Task)
                throw new CliException($"--task {forced} does not fit this data ({prepared.Task}).");
            presetName ??= Presets.Default(prepared.InputShape, prepared.Tokens);
            string source = modelPath ?? $"preset '{presetName}'";
            spec ??= Presets.Create(presetName, prepared.InputShape, prepared.Outputs, prepared.Vocabulary);
            var commandJson = new JsonObject
            {
                ["name"] = "train",
                ["data"] = Path.GetFullPath(path),
                ["target"] = prepared.Target,
                ["model"] = modelPath is null ? null : Path.GetFullPath(modelPath),
                ["preset"] = modelPath is null ? presetName : null,
                ["split"] = splits.ToString(),
                ["args"] = new JsonArray([.. parsed.Tokens.Select(t => (JsonNode?)t.Value)]),
            };
            return TrainRun.Execute(prepared, spec, source, settings, folder, context.Console,
                $"Training on {Path.GetFileName(path)}", commandJson);
        });
        return command;
    }

    private static (int Height, int Width)? ParseSize(string? text)
    {
        if (text is null)
            return null;
        int[] size = SummaryCommand.ParseShape(text)!;
        return size.Length == 2 ? (size[0], size[1]) : throw new CliException($"--image-size '{text}': expected HEIGHTxWIDTH, like 64x64.");
    }

    /// <summary>Reads a model spec, turning its errors into user errors that name the file.</summary>
    public static ModelSpec LoadSpec(string path)
    {
        TableFiles.RequireFile(path, "model spec");
        try
        {
            return ModelSpec.Load(path);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}", e);
        }
    }
}
