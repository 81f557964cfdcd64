using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// A preprocessing step in the scikit-learn mould: <see cref="Fit"/> learns state from a training
/// <see cref="Table"/> (all of its columns), <see cref="Transform"/> applies that state to any table that has the
/// same columns (looked up by name; other columns are ignored) and returns a table of the output columns
/// (<see cref="OutputColumns"/>). The fitted state is saved with <see cref="ToJson"/> and read back with
/// <see cref="TransformerRegistry.FromJson"/> (or the concrete type's <c>FromJson</c>), giving an object that
/// transforms identically.
/// </summary>
/// <remarks>
/// Designed for inheritance: a new transformer implements the <c>*Core</c> hooks and the JSON hooks, and registers
/// its reader with <see cref="TransformerRegistry.Register"/> so that pipelines can load it.
/// </remarks>
public abstract class TableTransformer
{
    private ColumnSchema[]? _inputs;
    private string? _label;

    /// <summary>The JSON "type" of this transformer, e.g. "standard_scaler".</summary>
    public abstract string TypeName { get; }

    /// <summary>Whether <see cref="Fit"/> (or loading fitted JSON) has happened.</summary>
    public bool IsFitted => _inputs is not null;

    /// <summary>The columns seen in <see cref="Fit"/>, in order (sklearn's <c>feature_names_in_</c>).</summary>
    public IReadOnlyList<ColumnSchema> InputColumns => _inputs ?? throw NotFitted("InputColumns");

    /// <summary>Names of the output columns (sklearn's <c>get_feature_names_out</c>), e.g. "color_red".</summary>
    public IReadOnlyList<string> OutputColumns => IsFitted ? OutputColumnsCore() : throw NotFitted("OutputColumns");

    /// <summary>How messages name this transformer: its class, plus its step path when it sits in a pipeline
    /// (e.g. <c>StandardScaler 'num/scale'</c>).</summary>
    protected string Label => _label is null ? GetType().Name : $"{GetType().Name} '{_label}'";

    /// <summary>Learns the transformer's state from every column of <paramref name="train"/>.</summary>
    /// <returns>This transformer, fitted.</returns>
    public TableTransformer Fit(Table train)
    {
        ArgumentNullException.ThrowIfNull(train);
        foreach (var c in train.Columns)
            CheckKind(c.Name, c.Kind);
        FitCore(train.Columns);
        _inputs = train.Columns.Select(c => new ColumnSchema(c.Name, c.Kind)).ToArray();
        return this;
    }

    /// <summary>Applies the fitted state to the fitted columns of <paramref name="data"/> (found by name).</summary>
    /// <returns>A table with the columns <see cref="OutputColumns"/>, one row per row of <paramref name="data"/>.</returns>
    public Table Transform(Table data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var inputs = _inputs ?? throw NotFitted("Transform");
        var columns = new Column[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!data.Contains(inputs[i].Name))
                throw new ArgumentException(
                    $"{Label}: column '{inputs[i].Name}' ({inputs[i].KindText}) was present when fitted but is missing now. " +
                    $"Columns: {string.Join(", ", data.ColumnNames)}.");
            var c = data[inputs[i].Name];
            if (c.Kind != inputs[i].Kind)
                throw new ArgumentException(
                    $"{Label}: column '{c.Name}' was {inputs[i].KindText} when fitted but is {ColumnSchema.KindName(c.Kind)} now.");
            columns[i] = c;
        }
        return new Table(TransformCore(columns));
    }

    /// <summary><see cref="Fit"/> then <see cref="Transform"/> on the same table.</summary>
    public Table FitTransform(Table train) => Fit(train).Transform(train);

    /// <summary>
    /// The transformer as JSON: <c>{"type", "params", "columns", "state"}</c>; "columns" and "state" are null
    /// when it is not fitted.
    /// </summary>
    public JsonObject ToJson()
    {
        var parameters = new JsonObject();
        WriteParams(parameters);
        JsonObject? state = null;
        if (IsFitted)
        {
            state = new JsonObject();
            WriteState(state);
        }
        return new JsonObject
        {
            ["type"] = TypeName,
            ["params"] = parameters,
            ["columns"] = _inputs is null ? null : JsonState.Schema(_inputs),
            ["state"] = state,
        };
    }

    /// <summary>Reads "params" for a concrete type's <c>FromJson</c>, checking "type".</summary>
    protected static JsonObject ReadParams(JsonObject json, string expectedType, string owner)
    {
        ArgumentNullException.ThrowIfNull(json);
        string type = JsonState.String(json, "type", owner);
        if (type != expectedType)
            throw new FormatException($"{owner} JSON: type must be '{expectedType}', got '{type}'.");
        return JsonState.Object(json, "params", owner);
    }

    /// <summary>Loads "columns" and "state" (when present) into a freshly constructed transformer.</summary>
    protected void LoadState(JsonObject json)
    {
        if (JsonState.IsNull(json, "state"))
            return;
        var inputs = JsonState.Schema(json, "columns", GetType().Name);
        foreach (var c in inputs)
            CheckKind(c.Name, c.Kind);
        ReadState(JsonState.Object(json, "state", GetType().Name), inputs);
        _inputs = inputs;
    }

    /// <summary>Throws when a column of this kind cannot be fitted (e.g. a categorical column for a scaler).</summary>
    protected abstract void CheckKind(string column, ColumnKind kind);

    /// <summary>Learns state from the columns (their kinds already checked).</summary>
    protected abstract void FitCore(IReadOnlyList<Column> columns);

    /// <summary>Transforms the fitted columns, given in fitted order with their fitted kinds.</summary>
    protected abstract Column[] TransformCore(IReadOnlyList<Column> columns);

    /// <summary>Output column names of the fitted transformer.</summary>
    protected abstract IReadOnlyList<string> OutputColumnsCore();

    /// <summary>Writes the constructor parameters.</summary>
    protected abstract void WriteParams(JsonObject parameters);

    /// <summary>Writes the fitted state.</summary>
    protected abstract void WriteState(JsonObject state);

    /// <summary>Reads the fitted state written by <see cref="WriteState"/> for the given input columns.</summary>
    protected abstract void ReadState(JsonObject state, IReadOnlyList<ColumnSchema> columns);

    /// <summary>The error for using state before <see cref="Fit"/>.</summary>
    protected InvalidOperationException NotFitted(string what) =>
        new($"{Label} is not fitted: call Fit(train) before {what}.");

    /// <summary>Sets the step path used in messages; pipelines call this for their steps.</summary>
    internal virtual void SetLabel(string? label) => _label = label;

    /// <summary>(x − center) / scale per column, either step skipped where its array is null (the standard and robust
    /// scalers).</summary>
    protected Column[] CenterAndScale(IReadOnlyList<Column> columns, double[]? center, double[]? scale)
    {
        var result = new Column[columns.Count];
        for (int j = 0; j < columns.Count; j++)
        {
            var c = (NumericColumn)columns[j];
            CheckFinite(c);
            var output = (double[])c.Values.Clone();
            if (center is not null)
                for (int r = 0; r < output.Length; r++)
                    output[r] -= center[j];
            if (scale is not null)
                for (int r = 0; r < output.Length; r++)
                    output[r] /= scale[j];
            result[j] = new NumericColumn(c.Name, output);
        }
        return result;
    }

    /// <summary>Throws if a numeric value is ±Infinity (as scikit-learn does); NaN is a missing value.</summary>
    protected void CheckFinite(NumericColumn column)
    {
        var v = column.Values;
        for (int r = 0; r < v.Length; r++)
            if (double.IsInfinity(v[r]))
                throw new ArgumentException(
                    $"{Label}: column '{column.Name}' row {r} is {(v[r] > 0 ? "+" : "-")}Infinity; expected a finite number or NaN (missing).");
    }

    /// <summary>Throws unless the kind is numeric.</summary>
    protected void RequireNumeric(string column, ColumnKind kind)
    {
        if (kind != ColumnKind.Numeric)
            throw new ArgumentException(
                $"{Label}: column '{column}' is {ColumnSchema.KindName(kind)}; expected numeric. " +
                "Encode categories with OneHotEncoder or OrdinalEncoder.");
    }

    /// <summary>Throws unless the kind is categorical.</summary>
    protected void RequireCategorical(string column, ColumnKind kind)
    {
        if (kind != ColumnKind.Categorical)
            throw new ArgumentException(
                $"{Label}: column '{column}' is {ColumnSchema.KindName(kind)}; expected categorical (string) values.");
    }
}
