using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// Named transformers applied in order, each fitted on the output of the one before, like scikit-learn's
/// <c>Pipeline</c> of transformers: <c>new Pipeline(("impute", new SimpleImputer(ImputeStrategy.Median)),
/// ("scale", new StandardScaler()))</c>. Messages from a step name it, e.g. <c>StandardScaler 'scale'</c>.
/// </summary>
public sealed class Pipeline : TableTransformer
{
    private readonly (string Name, TableTransformer Transformer)[] _steps;

    /// <param name="steps">The steps in order; names must be distinct and non-empty.</param>
    public Pipeline(params (string Name, TableTransformer Transformer)[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Length == 0)
            throw new ArgumentException("Pipeline: give at least one step.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, transformer) in steps)
        {
            if (string.IsNullOrEmpty(name) || name.Contains('/'))
                throw new ArgumentException($"Pipeline: step name '{name}' must be non-empty and contain no '/'.");
            if (!seen.Add(name))
                throw new ArgumentException($"Pipeline: step name '{name}' appears twice.");
            ArgumentNullException.ThrowIfNull(transformer, $"step '{name}'");
        }
        _steps = steps.ToArray();
        SetLabel(null);
    }

    /// <inheritdoc/>
    public override string TypeName => "pipeline";

    /// <summary>The steps in order.</summary>
    public IReadOnlyList<(string Name, TableTransformer Transformer)> Steps => _steps;

    /// <summary>The transformer of the step called <paramref name="name"/>.</summary>
    public TableTransformer this[string name] => _steps.FirstOrDefault(s => s.Name == name).Transformer
        ?? throw new KeyNotFoundException($"Pipeline has no step '{name}'. Steps: {string.Join(", ", _steps.Select(s => s.Name))}.");

    internal override void SetLabel(string? label)
    {
        base.SetLabel(label);
        foreach (var (name, transformer) in _steps)
            transformer.SetLabel(label is null ? name : $"{label}/{name}");
    }

    /// <inheritdoc/>
    protected override void CheckKind(string column, ColumnKind kind)
    {
        // The first step checks the kinds it accepts.
    }

    /// <inheritdoc/>
    protected override void FitCore(IReadOnlyList<Column> columns)
    {
        var data = new Table(columns);
        for (int i = 0; i < _steps.Length - 1; i++)
            data = _steps[i].Transformer.FitTransform(data);
        _steps[^1].Transformer.Fit(data);
    }

    /// <inheritdoc/>
    protected override Column[] TransformCore(IReadOnlyList<Column> columns)
    {
        var data = new Table(columns);
        foreach (var (_, transformer) in _steps)
            data = transformer.Transform(data);
        return data.Columns.ToArray();
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> OutputColumnsCore() => _steps[^1].Transformer.OutputColumns;

    /// <inheritdoc/>
    protected override void WriteParams(JsonObject parameters) =>
        parameters["steps"] = new JsonArray(_steps
            .Select(s => (JsonNode?)new JsonObject { ["name"] = s.Name, ["transformer"] = s.Transformer.ToJson() })
            .ToArray());

    /// <inheritdoc/>
    protected override void WriteState(JsonObject state)
    {
        // Each step's state is in its own JSON under "params"/"steps".
    }

    /// <inheritdoc/>
    protected override void ReadState(JsonObject state, IReadOnlyList<ColumnSchema> columns)
    {
        foreach (var (name, transformer) in _steps)
            if (!transformer.IsFitted)
                throw new FormatException($"Pipeline JSON: the pipeline is marked fitted but step '{name}' has no state.");
    }

    /// <summary>Reads a pipeline written by <see cref="TableTransformer.ToJson"/>; steps go through
    /// <see cref="TransformerRegistry.FromJson"/>.</summary>
    public static Pipeline FromJson(JsonObject json)
    {
        const string owner = nameof(Pipeline);
        var p = ReadParams(json, "pipeline", owner);
        var steps = JsonState.Array(p, "steps", owner).Select((node, i) =>
        {
            var step = node as JsonObject ?? throw new FormatException($"{owner} JSON: steps[{i}] must be an object.");
            return (JsonState.String(step, "name", owner), TransformerRegistry.FromJson(JsonState.Object(step, "transformer", owner)));
        }).ToArray();
        var pipeline = new Pipeline(steps);
        pipeline.LoadState(json);
        return pipeline;
    }
}
