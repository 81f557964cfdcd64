using System.Text.Json.Nodes;

namespace Glubina.Data.Preprocessing;

/// <summary>
/// Replaces each category by its index among the training categories (sorted in code-point order), like
/// scikit-learn's <c>OrdinalEncoder</c>. A missing value seen in training is encoded as
/// <see cref="EncodedMissingValue"/> (NaN by default); a category not seen in training throws, or becomes
/// <see cref="UnknownValue"/> with <see cref="OrdinalUnknown.UseEncodedValue"/>.
/// </summary>
public sealed class OrdinalEncoder : TableTransformer
{
    private CategorySet[] _sets = [];

    /// <param name="handleUnknown">What to do with a category not seen in training.</param>
    /// <param name="unknownValue">The code of unknown categories with <see cref="OrdinalUnknown.UseEncodedValue"/>:
    /// an integer that is not a category index, or NaN (sklearn <c>unknown_value</c>).</param>
    /// <param name="encodedMissingValue">The code of a missing value seen in training (sklearn <c>encoded_missing_value</c>).</param>
    public OrdinalEncoder(OrdinalUnknown handleUnknown = OrdinalUnknown.Error, double? unknownValue = null,
        double encodedMissingValue = double.NaN)
    {
        if (handleUnknown == OrdinalUnknown.UseEncodedValue && unknownValue is null)
            throw new ArgumentException("OrdinalEncoder: handleUnknown = UseEncodedValue needs an unknownValue (an integer or NaN).");
        if (handleUnknown == OrdinalUnknown.Error && unknownValue is not null)
            throw new ArgumentException(
                $"OrdinalEncoder: unknownValue = {unknownValue} is only used with handleUnknown = UseEncodedValue.");
        if (unknownValue is double u && !double.IsNaN(u) && u != Math.Floor(u))
            throw new ArgumentException($"OrdinalEncoder: unknownValue must be an integer or NaN, got {u}.");
        HandleUnknown = handleUnknown;
        UnknownValue = unknownValue;
        EncodedMissingValue = encodedMissingValue;
    }

    /// <inheritdoc/>
    public override string TypeName => "ordinal_encoder";

    /// <summary>What happens to a category not seen in training.</summary>
    public OrdinalUnknown HandleUnknown { get; }

    /// <summary>The code of unknown categories, or null when they throw.</summary>
    public double? UnknownValue { get; }

    /// <summary>The code of a missing value that was present in training.</summary>
    public double EncodedMissingValue { get; }

    /// <summary>Per column, the categories seen in training (sklearn <c>categories_</c>; null = missing, last).</summary>
    public IReadOnlyList<IReadOnlyList<string?>> Categories =>
        IsFitted ? _sets.Select(s => (IReadOnlyList<string?>)s.Categories).ToArray() : throw NotFitted("Categories");

    /// <inheritdoc/>
    protected override void CheckKind(string column, ColumnKind kind) => RequireCategorical(column, kind);

    /// <inheritdoc/>
    protected override void FitCore(IReadOnlyList<Column> columns)
    {
        var sets = columns.Select(c => CategorySet.Learn(((CategoricalColumn)c).Values).Set).ToArray();
        CheckUnknownValue(sets, columns.Select(c => c.Name).ToArray());
        _sets = sets;
    }

    // sklearn refuses an unknown_value that is also the code of a seen category.
    private void CheckUnknownValue(CategorySet[] sets, string[] names)
    {
        if (UnknownValue is not double u || double.IsNaN(u))
            return;
        for (int j = 0; j < sets.Length; j++)
        {
            int codes = sets[j].MissingIndex >= 0 ? sets[j].Count - 1 : sets[j].Count;
            if (u >= 0 && u < codes)
                throw new ArgumentException(
                    $"{Label}: unknownValue {u} is also the code of category '{sets[j].Categories[(int)u]}' of column " +
                    $"'{names[j]}' (codes 0..{codes - 1}); pick a negative value, one of at least {codes}, or NaN.");
        }
    }

    /// <inheritdoc/>
    protected override Column[] TransformCore(IReadOnlyList<Column> columns)
    {
        var result = new Column[columns.Count];
        for (int j = 0; j < columns.Count; j++)
        {
            var c = (CategoricalColumn)columns[j];
            var set = _sets[j];
            var output = new double[c.Length];
            for (int r = 0; r < output.Length; r++)
            {
                int index = set.IndexOf(c.Values[r]);
                if (index >= 0)
                    output[r] = index == set.MissingIndex ? EncodedMissingValue : index;
                else if (UnknownValue is double u)
                    output[r] = u;
                else
                    throw new ArgumentException(
                        $"{Label}: column '{c.Name}' row {r} has category {(c.Values[r] is null ? "(missing)" : $"'{c.Values[r]}'")} " +
                        $"that was not seen in training; known: {set.Describe()}. " +
                        "Use OrdinalUnknown.UseEncodedValue with an unknownValue to encode unknown categories.");
            }
            result[j] = new NumericColumn(c.Name, output);
        }
        return result;
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<string> OutputColumnsCore() => InputColumns.Select(c => c.Name).ToArray();

    /// <inheritdoc/>
    protected override void WriteParams(JsonObject parameters)
    {
        parameters["handle_unknown"] = HandleUnknown == OrdinalUnknown.Error ? "error" : "use_encoded_value";
        parameters["unknown_value"] = UnknownValue is double u ? JsonState.Number(u) : null;
        parameters["encoded_missing_value"] = JsonState.Number(EncodedMissingValue);
    }

    /// <inheritdoc/>
    protected override void WriteState(JsonObject state) =>
        state["categories"] = new JsonArray(_sets.Select(s => (JsonNode?)JsonState.Texts(s.Categories)).ToArray());

    /// <inheritdoc/>
    protected override void ReadState(JsonObject state, IReadOnlyList<ColumnSchema> columns)
    {
        const string owner = nameof(OrdinalEncoder);
        var cats = JsonState.Array(state, "categories", owner);
        if (cats.Count != columns.Count)
            throw new FormatException(
                $"{owner} JSON: 'categories' has {cats.Count} entries; expected {columns.Count}, one per fitted column.");
        _sets = cats.Select((n, j) => new CategorySet(JsonState.Texts(n, $"{owner} JSON column '{columns[j].Name}' categories")))
            .ToArray();
    }

    /// <summary>Reads an encoder written by <see cref="TableTransformer.ToJson"/>.</summary>
    public static OrdinalEncoder FromJson(JsonObject json)
    {
        const string owner = nameof(OrdinalEncoder);
        var p = ReadParams(json, "ordinal_encoder", owner);
        string unknown = JsonState.String(p, "handle_unknown", owner);
        var encoder = new OrdinalEncoder(
            unknown switch
            {
                "error" => OrdinalUnknown.Error,
                "use_encoded_value" => OrdinalUnknown.UseEncodedValue,
                _ => throw new FormatException($"{owner} JSON: handle_unknown must be error or use_encoded_value; got '{unknown}'."),
            },
            JsonState.IsNull(p, "unknown_value") ? null : JsonState.Double(p, "unknown_value", owner),
            JsonState.Double(p, "encoded_missing_value", owner));
        encoder.LoadState(json);
        return encoder;
    }
}
