using System.Globalization;
using Glubina.Data;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>Image tensors to <see cref="PreparedData"/>: images [N, C, H, W] already multiplied by their pixel scale
/// (saved with the model, so predict scales new images the same way), labels int64 [N].</summary>
internal static class ImagePreparation
{
    /// <summary>Splits one labelled image set into train, validation and test.</summary>
    public static PreparedData Prepare(Tensor images, Tensor labels, string source, double scale, SplitSpec split, ulong seed,
        IEnumerable<KeyValuePair<string, string>> facts)
    {
        long[] classes = labels.ToArray<long>();
        DataSplit parts = split.Apply(images.Size(0), classes, null, seed);
        return Create(PreparedTarget.Rows(images, labels, parts.Train), PreparedTarget.Rows(images, labels, parts.Validation),
            PreparedTarget.Rows(images, labels, parts.Test),
            source, scale, facts.Append(new("split", split.ToString())));
    }

    /// <summary>Data already split (for example MNIST's own test set).</summary>
    public static PreparedData Create(TensorDataset train, TensorDataset validation, TensorDataset test, string source, double scale,
        IEnumerable<KeyValuePair<string, string>> facts)
    {
        long max = new[] { train, validation, test }.Where(d => d.Count > 0).Max(d => d.Targets.ToArray<long>().Max());
        long min = new[] { train, validation, test }.Where(d => d.Count > 0).Min(d => d.Targets.ToArray<long>().Min());
        if (min < 0)
            throw new CliException($"{source}: labels must be class indices 0, 1, 2, …; found {min}.");
        string[] labels = [.. Enumerable.Range(0, (int)max + 1).Select(c => c.ToString(CultureInfo.InvariantCulture))];
        int[] shape = [.. train.Inputs.ShapeArray().Skip(1)];
        var summary = new List<KeyValuePair<string, string>>(facts)
        {
            new("image shape", string.Join(" × ", shape)),
            new("classes", labels.Length.ToString(CultureInfo.InvariantCulture)),
        };
        if (scale != 1)
            summary.Add(new("pixel scaling", $"raw value × {scale.ToString("G6", CultureInfo.InvariantCulture)} (into [0, 1])"));
        return new PreparedData
        {
            Source = source,
            Train = train,
            Validation = validation,
            Test = test,
            InputShape = shape,
            Task = Tasks.Classification,
            ClassLabels = labels,
            Summary = summary,
            PreprocessingSteps = [$"pixels multiplied by {scale.ToString("G6", CultureInfo.InvariantCulture)} (into [0, 1]); the model file records the scale"],
            InputScale = scale,
        };
    }

    /// <summary>Images as [N, C, H, W]: [N, H, W] gets a channel dim.</summary>
    public static Tensor WithChannel(Tensor images) => images.Rank == 3 ? images.Unsqueeze(1) : images;
}
