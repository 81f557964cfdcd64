using System.Globalization;
using System.Text;

namespace Glubina.Cli.Tests;

/// <summary><c>train</c>, <c>predict</c> and <c>evaluate</c> on the other data formats: text columns, image folders, IDX files.</summary>
public sealed class DataFormatTests
{
    [Fact]
    public void A_text_column_trains_an_lstm_that_separates_spam_from_ham()
    {
        // The first 800 messages of the SMS Spam Collection (about 13% spam), quoted into a CSV with a header.
        var csv = new StringBuilder("label,message\n");
        foreach (string line in File.ReadLines(SharedData.PathOf("sms-spam-collection", "SMSSpamCollection")).Take(800))
        {
            string[] parts = line.Split('\t', 2);
            csv.Append(parts[0]).Append(",\"").Append(parts[1].Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        }
        string data = Temp.File("sms.csv", csv.ToString());
        string folder = Temp.Folder("sms");
        var result = Cli.Json("train", "--data", data, "--target", "label", "--text-column", "message", "--preset", "lstm",
            "--epochs", "4", "--lr", "0.003", "--stratify", "--out", folder);
        var metrics = result["evaluation"]!["metrics"]!;
        // Always answering "ham" gives ROC AUC 0.5 and no spam found; the LSTM ranks spam far above ham.
        Assert.True(metrics["roc_auc"]!.GetValue<double>() >= 0.85, result.ToJsonString());
        Assert.True(metrics["accuracy"]!.GetValue<double>() >= 0.88, result.ToJsonString());

        // The saved model tokenizes new text itself: predict and evaluate agree on the same file.
        string output = Path.Combine(Temp.Folder("sms-p"), "p.csv");
        Cli.Json("predict", "--model", Path.Combine(folder, "model.safetensors"), "--data", data, "--out", output);
        var evaluation = Cli.Json("evaluate", "--model", Path.Combine(folder, "model.safetensors"), "--data", data);
        string[] truth = [.. File.ReadLines(SharedData.PathOf("sms-spam-collection", "SMSSpamCollection")).Take(800).Select(l => l.Split('\t')[0])];
        string[] predicted = [.. File.ReadLines(output).Skip(1).Select(l => l.Split(',')[0])];
        Assert.Equal(evaluation["metrics"]!["accuracy"]!.GetValue<double>(), truth.Zip(predicted).Count(p => p.First == p.Second) / 800.0, 12);
    }

    [Fact]
    public void An_image_folder_trains_a_cnn_and_predicts_by_file()
    {
        string root = DigitImages(["zero", "one", "two"], 240);
        string folder = Temp.Folder("images");
        var result = Cli.Json("train", "--data", root, "--grayscale", "--epochs", "12", "--lr", "0.003", "--out", folder);
        Assert.Equal(["one", "two", "zero"], result["evaluation"]!["class_labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        // Chance is 1/3; zeros, ones and twos of the 8×8 digits are easy to tell apart.
        Assert.True(result["evaluation"]!["metrics"]!["accuracy"]!.GetValue<double>() >= 0.8, result.ToJsonString());

        string output = Path.Combine(Temp.Folder("images-p"), "p.csv");
        Cli.Json("predict", "--model", Path.Combine(folder, "model.safetensors"), "--data", root, "--out", output);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal("file,prediction,probability_one,probability_two,probability_zero", lines[0]);
        int correct = lines.Skip(1).Count(l => l.Split(',')[0].Split('/', '\\')[0] == l.Split(',')[1]);
        var evaluation = Cli.Json("evaluate", "--model", Path.Combine(folder, "model.safetensors"), "--data", root);
        Assert.Equal(evaluation["metrics"]!["accuracy"]!.GetValue<double>(), correct / (double)(lines.Length - 1), 12);
    }

    [Fact]
    public void Idx_files_train_with_their_labels_file()
    {
        // MNIST's test files (10,000 images) as the training data, cut to 1,000 examples for speed.
        string folder = Temp.Folder("idx");
        var result = Cli.Json("train", "--data", SharedData.PathOf("mnist", "t10k-images-idx3-ubyte.gz"),
            "--labels", SharedData.PathOf("mnist", "t10k-labels-idx1-ubyte.gz"), "--split", "0.8,0.1,0.1", "--epochs", "1",
            "--max-train-samples", "1000", "--out", folder);
        Assert.Equal(1000, result["evaluation"]!["rows"]!.GetValue<int>());
        Assert.True(result["evaluation"]!["metrics"]!["accuracy"]!.GetValue<double>() >= 0.4, result.ToJsonString());
        var missing = Cli.Run("train", "--data", SharedData.PathOf("mnist", "t10k-images-idx3-ubyte.gz"), "--out", folder);
        Assert.Equal(ExitCodes.UserError, missing.ExitCode);
        Assert.Contains("--labels", missing.Error, StringComparison.Ordinal);
    }

    /// <summary>The first <paramref name="rows"/> 8×8 digits of the given classes (0, 1, 2 …) as 24-bit BMP files,
    /// one folder per class.</summary>
    private static string DigitImages(string[] classNames, int rows)
    {
        string root = Temp.Folder("digit-images");
        foreach (var (line, i) in File.ReadLines(SharedData.PathOf("digits", "digits.plain.csv")).Skip(1).Take(rows).Select((l, i) => (l, i)))
        {
            int[] values = [.. line.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
            int label = values[64];
            if (label >= classNames.Length)
                continue;
            string folder = Path.Combine(root, classNames[label]);
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, $"{i:D4}.bmp"), Bmp([.. values[..64].Select(v => (byte)(v * 255 / 16))]));
        }
        return root;
    }

    // An 8×8 24-bit BMP (bottom-up rows of 24 bytes, already 4-byte aligned).
    private static byte[] Bmp(byte[] gray)
    {
        const int side = 8, rowBytes = side * 3, dataBytes = rowBytes * side;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write((byte)'B');
        w.Write((byte)'M');
        w.Write(54 + dataBytes);
        w.Write(0);
        w.Write(54);
        w.Write(40);
        w.Write(side);
        w.Write(side);
        w.Write((short)1);
        w.Write((short)24);
        w.Write(0);
        w.Write(dataBytes);
        w.Write(2835);
        w.Write(2835);
        w.Write(0);
        w.Write(0);
        for (int y = side - 1; y >= 0; y--)
            for (int x = 0; x < side; x++)
                w.Write([gray[y * side + x], gray[y * side + x], gray[y * side + x]]);
        w.Flush();
        return stream.ToArray();
    }
}
