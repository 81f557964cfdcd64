namespace Glubina.Tests.Data.Preprocessing;

/// <summary>
/// Finds the shared datasets: <c>GLUBINA_DATA</c> when set, else the first <c>shared/data</c> folder in the test
/// binary's folder or one of its parents. From tests/Glubina.Tests/bin/&lt;Config&gt;/&lt;tfm&gt;/ that is
/// &lt;repo&gt;/shared/data five levels up when the checkout has one, else ../shared/data beside the repository.
/// </summary>
internal static class SharedData
{
    public static string? Root
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("GLUBINA_DATA");
            if (!string.IsNullOrEmpty(env))
                return Path.GetFullPath(env);
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                    return candidate;
            }
            return null;
        }
    }

    /// <summary>The full path of a shared data file, e.g. <c>PathOf("diabetes", "diabetes.plain.csv")</c>.</summary>
    public static string PathOf(params string[] parts)
    {
        string? root = Root;
        string relative = Path.Combine(parts);
        if (root is null)
            throw new DirectoryNotFoundException(
                $"Shared data folder not found: GLUBINA_DATA is unset and no shared/data folder is in '{AppContext.BaseDirectory}' " +
                $"or its parents. Set GLUBINA_DATA to the folder that holds '{relative}'.");
        string path = Path.Combine(root, relative);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Shared data file '{path}' not found (data folder '{root}').", path);
    }

    /// <summary>Reads a plain numeric CSV (one header row, comma-separated, no quoting, no missing values).</summary>
    public static (string[] Header, double[][] Columns) ReadPlainNumericCsv(string path)
    {
        string[] lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        string[] header = lines[0].Split(',');
        var columns = header.Select(_ => new double[lines.Length - 1]).ToArray();
        for (int i = 1; i < lines.Length; i++)
        {
            string[] cells = lines[i].Split(',');
            Assert.True(cells.Length == header.Length, $"{path} line {i + 1}: {cells.Length} cells, header has {header.Length}.");
            for (int j = 0; j < cells.Length; j++)
                columns[j][i - 1] = double.Parse(cells[j], System.Globalization.CultureInfo.InvariantCulture);
        }
        return (header, columns);
    }
}
