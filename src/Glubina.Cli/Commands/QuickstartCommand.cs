using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Glubina.Cli.Runs;
using Glubina.Data;
using Glubina.Data.Datasets;
using Glubina.Tensors;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina quickstart</c>: MNIST (or the bundled 8×8 digits) to a trained, evaluated CNN with its report.</summary>
internal static class QuickstartCommand
{
    /// <summary>MNIST training images held out for validation.</summary>
    private const int MnistValidation = 5000;

    /// <summary>Epochs on the bundled digits unless --epochs says otherwise: 1,257 training images are 20 steps an
    /// epoch, and 3 epochs (MNIST's default) left the CNN at about 70 % test accuracy; 30 take a few seconds.</summary>
    private const int DigitsEpochs = 30;

    public static Command Create(CommandContext context)
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "A folder with the four MNIST files (or with mnist/); searched before $GLUBINA_DATA and ~/.cache/glubina." };
        var dataset = new Option<string>("--dataset") { Description = "mnist (falls back to digits when MNIST cannot be found or downloaded) or digits (the bundled 8×8 set).", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist", "digits");
        var offline = new Option<bool>("--offline") { Description = "Do not try to download MNIST." };
        var output = new Option<string>("--out", "-o") { Description = "The run folder.", DefaultValueFactory = _ => Path.Combine("runs", "quickstart") };
        var training = new TrainingOptions(epochs: 3, batchSize: 64);
        var command = context.Command("quickstart",
            "Train a small CNN on MNIST end to end: find the data ($GLUBINA_DATA, ~/.cache/glubina, or a checked download), split " +
            "train/validation/test, scale pixels, train with early stopping, evaluate on the test set, save the model and write the " +
            "report. Without MNIST and network it uses the bundled 8×8 digits (30 epochs unless --epochs is given). --max-train-samples makes a quick run (it also caps " +
            "validation and test at 1,000 and 2,000 images).",
            "glubina quickstart",
            "glubina quickstart --epochs 1 --max-train-samples 2000 --out runs/smoke",
            "glubina quickstart --dataset digits --epochs 20");
        command.Add(dataDir);
        command.Add(dataset);
        command.Add(offline);
        training.AddTo(command);
        command.Add(output);
        context.SetAction(command, parsed =>
        {
            TrainSettings settings = training.Read(parsed);
            RunFolder folder = RunFolder.Create(parsed.GetValue(output)!);
            PreparedData data;
            string? fallback = null;
            string? mnistFolder = parsed.GetValue(dataset) == "mnist"
                ? MnistSource.Locate(parsed.GetValue(dataDir), context.Environment, download: !parsed.GetValue(offline), out fallback)
                : null;
            if (mnistFolder is not null)
                data = FromMnist(mnistFolder, settings);
            else
            {
                if (fallback is not null)
                {
                    context.Console.Error.WriteLine("MNIST is not available here, and could not be downloaded:");
                    context.Console.Error.WriteLine(fallback);
                    context.Console.Error.WriteLine("Falling back to the bundled 8×8 digits (1,797 images, BSD-3, from scikit-learn's copy of UCI optdigits).");
                }
                if (!training.EpochsGiven(parsed))
                    settings = settings with { Epochs = DigitsEpochs };
                data = FromDigits(settings);
            }
            var commandJson = new JsonObject
            {
                ["name"] = "quickstart",
                ["dataset"] = mnistFolder is null ? "digits" : "mnist",
                ["data_folder"] = mnistFolder,
                ["fell_back"] = fallback is not null,
                ["args"] = new JsonArray([.. parsed.Tokens.Select(t => (JsonNode?)t.Value)]),
            };
            var spec = Presets.Create("cnn", data.InputShape, data.Outputs, null);
            JsonObject result = TrainRun.Execute(data, spec, "preset 'cnn'", settings, folder, context.Console,
                mnistFolder is null ? "Quickstart: a CNN on the bundled 8×8 digits" : "Quickstart: a CNN on MNIST", commandJson);
            result["dataset"] = mnistFolder is null ? "digits" : "mnist";
            result["fell_back"] = fallback is not null;
            // The last step of the path: the saved model as ONNX, for ONNX Runtime or any other runtime.
            Glubina.Onnx.OnnxExporter.Export(Glubina.Serialization.ModelFile.Load(folder.ModelFile), folder.OnnxFile);
            result["onnx"] = folder.OnnxFile;
            context.Console.Line($"Exported {folder.OnnxFile} ({new FileInfo(folder.OnnxFile).Length:N0} bytes; run it with ONNX Runtime or `glubina serve`).");
            context.Console.Line();
            context.Console.Line("Next:");
            context.Console.Line($"  glubina summary --model {folder.ModelFile}");
            context.Console.Line($"  glubina profile --model {folder.ModelFile}");
            if (mnistFolder is not null)
                context.Console.Line($"  glubina evaluate --model {folder.ModelFile} --data {MnistFile(mnistFolder, "t10k-images-idx3-ubyte")} " +
                                     $"--labels {MnistFile(mnistFolder, "t10k-labels-idx1-ubyte")}");
            context.Console.Line("  glubina train --data your.csv --target your_column --out runs/yours");
            return result;
        });
        return command;
    }

    private static PreparedData FromMnist(string folder, TrainSettings settings)
    {
        var (train, test) = Mnist.Load(new MnistOptions { Folder = folder, UseEnvironment = false, Download = false });
        int n = train.Count;
        int validation = Math.Min(MnistValidation, n / 12);
        // A fixed shuffle (by the seed) before holding out validation; MNIST's own test set stays the test split.
        int[] order = [.. Enumerable.Range(0, n)];
        new Random((int)(settings.Seed % int.MaxValue)).Shuffle(order);
        int[] validationRows = order[..validation];
        int[] trainRows = order[validation..];
        int[] testRows = [.. Enumerable.Range(0, test.Count)];
        if (settings.MaxTrainSamples is int max)
        {
            validationRows = validationRows[..Math.Min(validationRows.Length, 1000)];
            testRows = testRows[..Math.Min(testRows.Length, 2000)];
            trainRows = trainRows[..Math.Min(trainRows.Length, max)];
        }
        return ImagePreparation.Create(Take(train, trainRows), Take(train, validationRows), Take(test, testRows), folder,
            1.0 / 255, [new("dataset", "MNIST"), new("folder", folder),
                new("images", $"{n.ToString("N0", CultureInfo.InvariantCulture)} training + {test.Count.ToString("N0", CultureInfo.InvariantCulture)} test")]);
    }

    private static PreparedData FromDigits(TrainSettings settings)
    {
        var (images, labels) = BundledDigits.Load();
        return ImagePreparation.Prepare(images, labels, "bundled digits.csv.gz", BundledDigits.Scale,
            SplitSpec.Default with { Stratify = true }, settings.Seed,
            [new("dataset", "8×8 digits (bundled; UCI optdigits test set via scikit-learn, BSD-3)"),
             new("images", images.Size(0).ToString("N0", CultureInfo.InvariantCulture))]);
    }

    // The gzipped file, or the plain one when only that is there.
    private static string MnistFile(string folder, string name) =>
        File.Exists(Path.Combine(folder, name + ".gz")) ? Path.Combine(folder, name + ".gz") : Path.Combine(folder, name);

    private static TensorDataset Take(TensorDataset data, int[] rows) => PreparedTarget.Rows(data.Inputs, data.Targets, rows);
}
