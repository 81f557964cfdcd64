using System.Collections.Immutable;
using Glubina.Serving.Monitoring;
using Glubina.Serving.Protocol;
using Microsoft.Extensions.Logging;

namespace Glubina.Serving.Models;

/// <summary>
/// The models being served, found in <see cref="ServerOptions.ModelPath"/> and kept in step with it: a
/// <see cref="FileSystemWatcher"/> and a periodic check rescan the files; a new or replaced file is loaded beside the
/// old version, then the snapshot of served models is swapped in one reference write. Requests in flight keep the
/// <see cref="ServedModel"/> they started with; the old version's batcher answers what it has queued, then stops.
/// A file that fails to load leaves the version it would replace in service.
/// </summary>
internal sealed class ModelRepository : IDisposable
{
    private readonly ServerOptions _options;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Lock _scanGate = new();
    private readonly Dictionary<string, FileStamp> _failed = new(StringComparer.Ordinal);
    private ImmutableSortedDictionary<string, ModelVersions> _models = ImmutableSortedDictionary.Create<string, ModelVersions>(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private Timer? _poll;
    private Timer? _debounce;

    public ModelRepository(ServerOptions options, ServerMetrics metrics, ILogger logger)
    {
        _options = options;
        _metrics = metrics;
        _logger = logger;
        string full = System.IO.Path.GetFullPath(options.ModelPath);
        IsSingleFile = File.Exists(full);
        if (!IsSingleFile && !Directory.Exists(full))
            throw new FileNotFoundException(
                $"model path '{options.ModelPath}': expected a model file (.safetensors) or a folder of models, but nothing exists at {full}.", full);
        Root = full;
    }

    /// <summary>The full path of the model file or folder.</summary>
    public string Root { get; }

    public bool IsSingleFile { get; }

    /// <summary>The served models by name (a snapshot; later scans publish new ones).</summary>
    public IReadOnlyDictionary<string, ModelVersions> Models => Volatile.Read(ref _models);

    /// <summary>True once at least one model version can answer.</summary>
    public bool IsReady => Models.Count > 0;

    /// <summary>The requested version of a model, or its latest version when <paramref name="version"/> is null.</summary>
    /// <exception cref="RequestException">404 naming what is served instead.</exception>
    public ServedModel Get(string name, string? version)
    {
        var models = Models;
        if (!models.TryGetValue(name, out var versions))
            throw RequestException.NotFound(
                $"model: expected one of [{string.Join(", ", models.Keys)}], got {RequestException.Quote(name)} (no such model is loaded).");
        if (version is null)
            return versions.Latest;
        return versions.Versions.TryGetValue(version, out var model)
            ? model
            : throw RequestException.NotFound(
                $"version: model '{name}' has versions [{string.Join(", ", versions.Versions.Keys)}], got {RequestException.Quote(version)}.");
    }

    /// <summary>Loads what changed since the last scan and publishes the new set of models. Never throws for a bad
    /// file in a folder (it is logged and counted); a bad single model file throws on the first scan.</summary>
    public void Scan()
    {
        lock (_scanGate)
        {
            var found = Discover();
            var current = Models;
            var next = new Dictionary<string, SortedDictionary<string, ServedModel>>(StringComparer.Ordinal);
            var retired = new List<ServedModel>();
            foreach (var (name, version, path) in found)
            {
                var versions = next.TryGetValue(name, out var v) ? v : next[name] = new SortedDictionary<string, ServedModel>(VersionComparer.Instance);
                ServedModel? old = current.TryGetValue(name, out var oldVersions) && oldVersions.Versions.TryGetValue(version, out var o) ? o : null;
                var model = LoadIfChanged(name, version, path, old);
                if (model is not null)
                    versions[version] = model;
                if (old is not null && !ReferenceEquals(old, model))
                    retired.Add(old);
            }
            foreach (var (name, versions) in current)
                foreach (var (version, model) in versions.Versions)
                    if (!next.TryGetValue(name, out var v) || !v.ContainsKey(version))
                    {
                        if (!retired.Contains(model))
                            retired.Add(model);
                        _logger.LogInformation("Model {Model} version {Version} removed ({Path} is gone)", name, version, model.Path);
                        _metrics.ModelLoads.WithLabels(name, "removed").Inc();
                    }
            var published = next.Where(kv => kv.Value.Count > 0)
                .ToImmutableSortedDictionary(kv => kv.Key, kv => new ModelVersions(kv.Key, kv.Value), StringComparer.Ordinal);
            Volatile.Write(ref _models, published);
            foreach (var model in retired)
            {
                model.Batcher.Complete();
                _metrics.ModelInfo.RemoveLabelled(model.Name, model.Version, model.Task, model.Path);
            }
            foreach (var versions in published.Values)
                foreach (var model in versions.Versions.Values)
                    _metrics.ModelInfo.WithLabels(model.Name, model.Version, model.Task, model.Path).Set(1);
        }
    }

    /// <summary>Starts watching the model files for changes.</summary>
    public void StartWatching()
    {
        string folder = IsSingleFile ? System.IO.Path.GetDirectoryName(Root)! : Root;
        _debounce = new Timer(_ => SafeScan(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = !IsSingleFile,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        if (IsSingleFile)
            _watcher.Filter = System.IO.Path.GetFileName(Root);
        FileSystemEventHandler changed = (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Deleted += changed;
        _watcher.Renamed += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.Error += (_, e) => _logger.LogWarning("Watching {Folder} failed ({Error}); the periodic check goes on", folder, e.GetException().Message);
        _watcher.EnableRaisingEvents = true;
        _poll = new Timer(_ => SafeScan(), null, _options.ModelPollInterval, _options.ModelPollInterval);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _poll?.Dispose();
        _debounce?.Dispose();
        foreach (var versions in Models.Values)
            foreach (var model in versions.Versions.Values)
                model.Batcher.Complete();
    }

    private void SafeScan()
    {
        try
        {
            Scan();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Scanning {Root} for models failed", Root);
        }
    }

    private ServedModel? LoadIfChanged(string name, string version, string path, ServedModel? old)
    {
        FileStamp stamp;
        try
        {
            stamp = FileStamp.Of(path);
        }
        catch (IOException)
        {
            return old; // the file is being replaced right now; the next scan sees the new one
        }
        if (old is not null && old.Path == path && old.Stamp == stamp)
            return old;
        if (_failed.TryGetValue(path, out var failedStamp) && failedStamp == stamp)
            return old;
        try
        {
            var model = ServedModel.Load(name, version, path, _options,
                (n, v, rows) => _metrics.BatchRows.WithLabels(n, v).Observe(rows));
            _failed.Remove(path);
            _metrics.ModelLoads.WithLabels(name, "loaded").Inc();
            _logger.LogInformation("Model {Model} version {Version} loaded from {Path} ({Task}, input {InputShape})",
                name, version, path, model.Task, model.InputShape is null ? "any" : $"[-1, {string.Join(", ", model.InputShape)}]");
            return model;
        }
        catch (Exception e) when (!IsSingleFile || old is not null)
        {
            _failed[path] = stamp;
            _metrics.ModelLoads.WithLabels(name, "failed").Inc();
            _logger.LogError("Model {Model} version {Version} failed to load from {Path}: {Error}{Keep}", name, version, path, e.Message,
                old is null ? "" : "; the previous file keeps serving");
            return old;
        }
    }

    // Hidden names (".x") are skipped: editors' and tools' temporary files, .git and the like.
    private static bool Visible(string path) => !System.IO.Path.GetFileName(path).StartsWith('.');

    // (name, version, file) of every model file; <name>/<version>/model.safetensors wins over <name>.safetensors.
    private List<(string Name, string Version, string Path)> Discover()
    {
        if (IsSingleFile)
            return File.Exists(Root) ? [(System.IO.Path.GetFileNameWithoutExtension(Root), "1", Root)] : [];
        var found = new Dictionary<(string, string), string>();
        try
        {
            foreach (string file in Directory.EnumerateFiles(Root, "*.safetensors").Where(Visible))
                found[(System.IO.Path.GetFileNameWithoutExtension(file), "1")] = file;
            foreach (string modelDir in Directory.EnumerateDirectories(Root).Where(Visible))
                foreach (string versionDir in Directory.EnumerateDirectories(modelDir).Where(Visible))
                {
                    string file = System.IO.Path.Combine(versionDir, "model.safetensors");
                    if (File.Exists(file))
                        found[(System.IO.Path.GetFileName(modelDir), System.IO.Path.GetFileName(versionDir))] = file;
                }
        }
        catch (IOException e)
        {
            _logger.LogWarning("Listing {Root} failed ({Error}); keeping the models served now", Root, e.Message);
            return Models.Values.SelectMany(v => v.Versions.Values.Select(m => (m.Name, m.Version, m.Path))).ToList();
        }
        return found.Select(kv => (kv.Key.Item1, kv.Key.Item2, kv.Value)).ToList();
    }
}
