using System.Globalization;
using System.IO.Compression;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>The 8×8 handwritten digits bundled in the assembly (scikit-learn's copy of the UCI optdigits test set,
/// BSD-3; see Data/README.md): the fallback that lets <c>quickstart</c> finish on a machine without MNIST or network.</summary>
internal static class BundledDigits
{
    public const string ResourceName = "Glubina.Cli.Data.digits.csv.gz";

    /// <summary>SHA-256 of the bundled file, as published with the data.</summary>
    public const string Sha256 = "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a";

    /// <summary>Pixels are counts 0–16.</summary>
    public const double Scale = 1.0 / 16;

    public static Stream Open() => typeof(BundledDigits).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"the bundled resource {ResourceName} is missing from the glubina assembly.");

    /// <summary>Images float32 [1797, 1, 8, 8] scaled into [0, 1], labels int64 [1797].</summary>
    public static (Tensor Images, Tensor Labels) Load()
    {
        using var gzip = new GZipStream(Open(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var pixels = new List<float>();
        var labels = new List<long>();
        string? line;
        int number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (line.Length == 0)
                continue;
            string[] cells = line.Split(',');
            if (cells.Length != 65)
                throw new InvalidDataException($"{ResourceName}: line {number} has {cells.Length} values; expected 65 (64 pixels and the label).");
            for (int i = 0; i < 64; i++)
                pixels.Add((float)(double.Parse(cells[i], CultureInfo.InvariantCulture) * Scale));
            labels.Add(long.Parse(cells[64], CultureInfo.InvariantCulture));
        }
        return (Tensor.FromArray(pixels.ToArray(), labels.Count, 1, 8, 8), Tensor.FromArray(labels.ToArray(), labels.Count));
    }
}
