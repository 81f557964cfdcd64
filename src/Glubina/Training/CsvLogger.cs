using System.Globalization;

namespace Glubina.Training;

/// <summary>Writes one CSV line per epoch (epoch, then each log value) to a file, flushed every epoch so it can
/// be watched while training runs.</summary>
public sealed class CsvLogger(string path, bool append = false) : Callback
{
    private List<string>? _keys;

    /// <summary>The CSV file; its folder is created, and unless appending it is emptied, when training begins.</summary>
    public string Path { get; } = path;

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        _keys = null;
        string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        if (!append)
            File.WriteAllText(Path, "");
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, int epoch, IReadOnlyDictionary<string, double> logs)
    {
        bool header = _keys is null && (!append || new FileInfo(Path).Length == 0);
        _keys ??= [.. logs.Keys];
        using var writer = new StreamWriter(Path, append: true);
        if (header)
            writer.WriteLine("epoch," + string.Join(",", _keys));
        writer.WriteLine((epoch + 1).ToString(CultureInfo.InvariantCulture) + "," + string.Join(",",
            _keys.Select(k => logs.TryGetValue(k, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")));
    }
}
