using System.Text.Json;
using Glubina.Data;
using Glubina.Data.Preprocessing;
using Glubina.Serving.Models;

namespace Glubina.Serving.Protocol;

/// <summary>
/// The records of a <c>/v1/models/{name}/predict</c> request as a <see cref="Table"/> with the columns the model's
/// preprocessing was fitted on: <c>{"records": [{column: value, …}, …]}</c> or a bare array of records. A numeric
/// column takes a JSON number or null (missing: the fitted imputer decides); a categorical column takes a string,
/// a number (its text) or null. Every column must be present in every record; other fields are ignored.
/// </summary>
internal static class RecordTable
{
    /// <summary>The records array of the body, checked to be a non-empty array of objects.</summary>
    public static JsonElement Records(JsonElement root)
    {
        JsonElement records = root;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (!root.TryGetProperty("records", out records))
                throw RequestException.BadInput("records: expected an array of records ({column: value}), got no \"records\" field.");
        }
        if (records.ValueKind != JsonValueKind.Array)
            throw RequestException.BadInput($"records: expected an array of records ({{column: value}}), got {RequestException.Describe(records)}.");
        if (records.GetArrayLength() == 0)
            throw RequestException.BadInput("records: expected at least one record, got an empty array.");
        return records;
    }

    public static Table Build(JsonElement records, ServedModel model)
    {
        var columns = model.Columns ?? throw RequestException.BadInput(
            $"model '{model.Name}' was saved without preprocessing, so it takes tensors, not records: " +
            $"POST /v2/models/{model.Name}/infer with input '{ServedModel.InputName}' ({InferRequest.Signature(model)}).");
        int n = records.GetArrayLength();
        var numeric = new double[columns.Count][];
        var text = new string?[columns.Count][];
        for (int c = 0; c < columns.Count; c++)
        {
            if (columns[c].Kind == ColumnKind.Numeric)
                numeric[c] = new double[n];
            else
                text[c] = new string?[n];
        }
        int r = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object)
                throw RequestException.BadInput($"records[{r}]: expected an object {{column: value}}, got {RequestException.Describe(record)}.");
            for (int c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                string field = $"records[{r}].{column.Name}";
                if (!record.TryGetProperty(column.Name, out var value))
                    throw RequestException.BadInput(
                        $"{field}: expected a {column.KindText} value (or null when missing), got no such field. " +
                        $"The model reads columns: {string.Join(", ", columns.Select(s => $"{s.Name} ({s.KindText})"))}.");
                if (column.Kind == ColumnKind.Numeric)
                    numeric[c][r] = Number(value, field);
                else
                    text[c][r] = Category(value, field);
            }
            r++;
        }
        var result = new Column[columns.Count];
        for (int c = 0; c < columns.Count; c++)
            result[c] = columns[c].Kind == ColumnKind.Numeric
                ? new NumericColumn(columns[c].Name, numeric[c])
                : new CategoricalColumn(columns[c].Name, text[c]);
        return new Table(result);
    }

    private static double Number(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return double.NaN;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && double.IsFinite(d))
            return d;
        throw RequestException.BadInput($"{field}: expected a finite number or null (missing), got {RequestException.Describe(value)}.");
    }

    private static string? Category(JsonElement value, string field) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => throw RequestException.BadInput($"{field}: expected a string, a number or null (missing), got {RequestException.Describe(value)}."),
    };
}
