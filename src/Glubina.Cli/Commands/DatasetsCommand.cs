using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Glubina.Cli.Runs;
using Glubina.Data.Datasets;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina datasets list|verify|download</c>: the datasets Glubina knows, checked against their SHA-256.</summary>
internal static class DatasetsCommand
{
    public static Command Create(CommandContext context)
    {
        var command = context.Command("datasets",
            "List, verify and download datasets: MNIST (found in --data-dir, $GLUBINA_DATA/mnist or ~/.cache/glubina/mnist, " +
            "downloaded with a SHA-256 check), the bundled 8×8 digits, and the dataset folders of the data folder.",
            "glubina datasets list",
            "glubina datasets verify mnist",
            "glubina datasets download mnist");
        command.Add(List(context));
        command.Add(Verify(context));
        command.Add(Download(context));
        return command;
    }

    private static Option<string?> DataDir() => new("--data-dir") { Description = "A data folder (holding mnist/ and others); default $GLUBINA_DATA." };

    private static Command List(CommandContext context)
    {
        var dataDir = DataDir();
        var command = context.Command("list", "List the known datasets, where each was found, and the other dataset folders of the data folder.",
            "glubina datasets list", "glubina datasets list --data-dir ../shared/data --json");
        command.Add(dataDir);
        context.SetAction(command, parsed =>
        {
            string? root = parsed.GetValue(dataDir) ?? context.Environment.DataFolder;
            var rows = new JsonArray();
            string? mnist = MnistSource.Locate(parsed.GetValue(dataDir), context.Environment, download: false, out _);
            rows.Add(Row("mnist", "MNIST handwritten digits, 60,000 + 10,000 images 28×28 (CC BY-SA 3.0)", mnist ?? "not found (glubina datasets download mnist)"));
            rows.Add(Row("digits", "8×8 handwritten digits, 1,797 images (BSD-3), bundled in glubina", "bundled"));
            if (root is not null && Directory.Exists(root))
                foreach (string folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
                {
                    string name = Path.GetFileName(folder);
                    if (name == "mnist")
                        continue;
                    rows.Add(Row(name, FirstHeading(folder), folder));
                }
            context.Console.Line(root is null ? "Data folder: not set ($GLUBINA_DATA or --data-dir)" : $"Data folder: {root}");
            foreach (JsonNode? row in rows)
                context.Console.Line($"  {row!["name"],-28} {row["location"]}\n  {"",-28} {row["description"]}");
            return new JsonObject { ["data_folder"] = root, ["datasets"] = rows };
        });
        return command;
    }

    private static Command Verify(CommandContext context)
    {
        var dataDir = DataDir();
        var name = new Argument<string>("name") { Description = "mnist, digits, or all (every dataset with a SHA256SUMS entry).", DefaultValueFactory = _ => "all" };
        var command = context.Command("verify", "Check datasets' files against their SHA-256 checksums (exit code 1 when one differs or is missing).",
            "glubina datasets verify mnist", "glubina datasets verify --data-dir ../shared/data");
        command.Add(name);
        command.Add(dataDir);
        context.SetAction(command, parsed =>
        {
            string which = parsed.GetValue(name)!;
            string? root = parsed.GetValue(dataDir) ?? context.Environment.DataFolder;
            var checks = new List<(string File, string Expected)>();
            if (which is "mnist" or "all")
            {
                string mnist = MnistSource.Locate(parsed.GetValue(dataDir), context.Environment, download: false, out string why)
                    ?? throw new CliException("MNIST was not found, so it cannot be verified:\n" + why);
                checks.AddRange(Mnist.Files.Select(f => (Path.Combine(mnist, f.Key), f.Value)));
            }
            if (which is "digits" or "all")
                checks.Add((BundledDigits.ResourceName, BundledDigits.Sha256));
            if (which is not ("mnist" or "digits" or "all"))
                checks.AddRange(FromSums(root, which));
            var results = new JsonArray();
            int bad = 0;
            foreach (var (file, expected) in checks)
            {
                string? actual = file == BundledDigits.ResourceName ? Hash(BundledDigits.Open()) : File.Exists(file) ? Hash(File.OpenRead(file)) : null;
                bool ok = actual == expected;
                bad += ok ? 0 : 1;
                context.Console.Line($"{(ok ? "OK      " : actual is null ? "MISSING " : "MISMATCH")} {file}" + (ok || actual is null ? "" : $" (expected {expected}, got {actual})"));
                results.Add(new JsonObject { ["file"] = file, ["expected"] = expected, ["actual"] = actual, ["ok"] = ok });
            }
            if (bad > 0)
                throw new CliException($"{bad} of {checks.Count} file(s) are missing or do not match their SHA-256.");
            context.Console.Line($"All {checks.Count} file(s) match their SHA-256.");
            return new JsonObject { ["files"] = results };
        });
        return command;
    }

    private static Command Download(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The dataset to download: mnist." };
        var from = new Option<string?>("--from") { Description = "Base address of the files (http(s):// or a file:/// mirror); default MNIST's public mirror." };
        var command = context.Command("download",
            "Download a dataset into ~/.cache/glubina, checking every file's SHA-256 (a file that differs is discarded).",
            "glubina datasets download mnist", "glubina datasets download mnist --from file:///mnt/mirror/mnist/");
        command.Add(name);
        command.Add(from);
        context.SetAction(command, parsed =>
        {
            string which = parsed.GetValue(name)!;
            if (which != "mnist")
                throw new CliException(which == "digits"
                    ? "the digits are bundled in glubina; there is nothing to download."
                    : ClosestNames.Unknown("downloadable dataset", which, "the downloadable datasets", ["mnist"]));
            string cache = Path.Combine(context.Environment.CacheFolder, "mnist");
            RunFolder.EnsureWritable(cache, "cache folder");
            var options = new MnistOptions { UseEnvironment = false, CacheFolder = cache, Download = context.Environment.AllowDownload };
            if (parsed.GetValue(from) is { } address)
                options = new MnistOptions { UseEnvironment = false, CacheFolder = cache, Download = true, DownloadBaseUri = ParseUri(address) };
            string folder;
            try
            {
                folder = Mnist.Locate(options);
            }
            catch (FileNotFoundException e)
            {
                throw new CliException("cannot download MNIST: " + (e.InnerException is System.Net.Http.HttpRequestException or TaskCanceledException
                    ? $"no network connection to {options.DownloadBaseUri.Host} ({e.InnerException.Message}). Copy the four files into {cache} by hand, or pass --from with a mirror.\n"
                    : "") + e.Message, e);
            }
            context.Console.Line($"MNIST is in {folder} (all four files match their SHA-256).");
            return new JsonObject { ["dataset"] = "mnist", ["folder"] = folder };
        });
        return command;
    }

    private static Uri ParseUri(string address)
    {
        if (!address.EndsWith('/'))
            address += "/";
        if (Uri.TryCreate(address, UriKind.Absolute, out Uri? uri))
            return uri;
        if (Directory.Exists(address))
            return new Uri(Path.GetFullPath(address));
        throw new CliException($"--from '{address}': not an address (http://, https://, file:///) or an existing folder.");
    }

    private static IEnumerable<(string, string)> FromSums(string? root, string dataset)
    {
        string sums = root is null ? "" : Path.Combine(root, "SHA256SUMS");
        if (!File.Exists(sums))
            throw new CliException($"no checksums for '{dataset}': the data folder {(root ?? "(not set)")} has no SHA256SUMS file.");
        var entries = File.ReadLines(sums).Select(l => l.Split("  ", 2)).Where(p => p.Length == 2 && p[1].StartsWith(dataset + "/", StringComparison.Ordinal))
            .Select(p => (Path.Combine(root!, p[1]), p[0])).ToList();
        if (entries.Count == 0)
            throw new CliException($"{sums} lists no files of '{dataset}'.");
        return entries;
    }

    private static string Hash(Stream stream)
    {
        using (stream)
            return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static JsonObject Row(string name, string description, string location) =>
        new() { ["name"] = name, ["description"] = description, ["location"] = location };

    private static string FirstHeading(string folder)
    {
        string readme = Path.Combine(folder, "README.md");
        return File.Exists(readme) ? File.ReadLines(readme).FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#', ' ') ?? "" : "";
    }
}
