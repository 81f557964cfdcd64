using Glubina.Data;
using Glubina.Inference;
using Glubina.Serialization;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>Data for a saved model (evaluate, predict): a CSV file through the model's own preprocessing, or an
/// IDX images file scaled as at training time. Inputs only ever reach the model through <see cref="Predictor"/>.</summary>
internal sealed class ModelData
{
    private ModelData(Tensor inputs, Table? table, string path, string[]? files = null, string[]? classNames = null)
    {
        Inputs = inputs;
        Table = table;
        Path = path;
        Files = files;
        ClassNames = classNames;
    }

    /// <summary>The image file of every row (image folders only), used as the row id.</summary>
    public string[]? Files { get; }

    /// <summary>The class folder of every row (image folders with one sub-folder per class).</summary>
    public string[]? ClassNames { get; }

    public Tensor Inputs { get; }

    /// <summary>The rows as read (CSV only), for targets and id columns.</summary>
    public Table? Table { get; }

    public string Path { get; }

    public int Count => Inputs.Size(0);

    /// <summary>Loads a model file with user-facing errors.</summary>
    public static Predictor LoadModel(string path)
    {
        TableFiles.RequireFile(path, "model file");
        try
        {
            return Predictor.Load(path);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or EndOfStreamException or System.Text.Json.JsonException)
        {
            throw new CliException($"cannot read the model file: {e.Message}", e);
        }
    }

    public static ModelData Load(Predictor predictor, string path)
    {
        ModelFile file = predictor.File;
        if (Directory.Exists(path))
        {
            if (file.Extra[ImageFolderPreparation.ManifestKey] is not System.Text.Json.Nodes.JsonObject settings)
                throw new CliException($"{path} is a folder, but the model was not trained on an image folder; give a file of the data it was trained on.");
            var (images, files, classes) = ImageFolderPreparation.ReadForModel(path, settings);
            return new ModelData(images, null, path, files, classes);
        }
        if (IdxPreparation.IsIdx(path))
        {
            Tensor images = IdxPreparation.ReadImages(path);
            double scale = file.Extra[TrainRun.InputScaleKey]?.GetValue<double>() ?? IdxPreparation.ByteScale;
            // ReadImages scaled bytes by 1/255 already; apply the model's own scale instead when it differs.
            if (Math.Abs(scale - IdxPreparation.ByteScale) > 1e-12)
                images = images.Mul(scale / IdxPreparation.ByteScale);
            CheckShape(predictor, images, path);
            return new ModelData(images, null, path);
        }
        if (TextEncoding.FromManifest(file.Extra) is { } text)
        {
            Table rows = TableFiles.Load(path);
            return new ModelData(text.Encode(rows, path), rows, path);
        }
        if (file.Preprocessing is null)
            throw new CliException($"the model takes tensors of shape [N, {string.Join(", ", file.InputShape ?? [])}] and has no table " +
                                   $"preprocessing, so it cannot read the CSV file {path}; give an IDX images file or an image folder instead.");
        Table table = TableFiles.LoadForModel(path, file.Preprocessing);
        Tensor inputs = TabularPreparation.Transform(file.Preprocessing, table, path);
        return new ModelData(inputs, table, path);
    }

    /// <summary>True targets: the model's target column (CSV) or an IDX labels file.</summary>
    public Tensor Targets(Predictor predictor, string? labelsPath)
    {
        ModelFile file = predictor.File;
        if (labelsPath is not null)
        {
            TableFiles.RequireFile(labelsPath, "labels file");
            Tensor labels = Idx.ReadLabels(labelsPath);
            if (labels.Rank != 1 || labels.Size(0) != Count)
                throw new CliException($"{labelsPath}: expected {Count} labels, one per row of {Path}; the file holds shape [{string.Join(", ", labels.ShapeArray())}].");
            return labels;
        }
        if (ClassNames is not null)
        {
            var labels = file.ClassLabels ?? throw new CliException("the model file has no class labels.");
            long[] classes = new long[ClassNames.Length];
            for (int i = 0; i < classes.Length; i++)
            {
                classes[i] = Array.IndexOf([.. labels], ClassNames[i]);
                if (classes[i] < 0)
                    throw new CliException($"{Files![i]}: its class folder '{ClassNames[i]}' is not a class the model knows ({string.Join(", ", labels)}).");
            }
            return Tensor.FromArray(classes, classes.Length);
        }
        if (Table is null)
            throw new CliException($"{Path} holds images without labels; give the labels file with --labels (or class sub-folders).");
        if (file.Target is null)
            throw new CliException("the model file does not name its target column, so the true values cannot be read from the data.");
        Column target = TableFiles.Require(Table, file.Target, Path, "target");
        return Tasks.IsRegression(file.Task)
            ? TargetColumn.Values(target, Path)
            : TargetColumn.Classes(target, file.ClassLabels ?? throw new CliException("the model file has no class labels."), Path);
    }

    private static void CheckShape(Predictor predictor, Tensor images, string path)
    {
        if (predictor.InputShape is { } shape && !images.ShapeArray().Skip(1).SequenceEqual(shape))
            throw new CliException($"{path}: images of shape [{string.Join(", ", images.ShapeArray().Skip(1))}]; the model expects [{string.Join(", ", shape)}].");
    }
}
