using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Glubina.Formatting;

namespace Glubina.Data.Inspection;

/// <summary>What <see cref="DataInspector.Inspect"/> found in a table: per-column statistics, the target's class
/// balance, and warnings.</summary>
public sealed class DataInspection
{
    internal DataInspection(int rowCount, string? target, IReadOnlyList<ColumnInspection> columns,
        IReadOnlyList<ValueCount>? classBalance, IReadOnlyList<InspectionWarning> warnings)
    {
        RowCount = rowCount;
        Target = target;
        Columns = columns;
        ClassBalance = classBalance;
        Warnings = warnings;
    }

    /// <summary>Rows of the inspected table.</summary>
    public int RowCount { get; }

    /// <summary>Columns of the inspected table, the target included.</summary>
    public int ColumnCount => Columns.Count;

    /// <summary>The target column, if one was named.</summary>
    public string? Target { get; }

    /// <summary>One entry per column, in table order.</summary>
    public IReadOnlyList<ColumnInspection> Columns { get; }

    /// <summary>Rows per class of the target, in class order (null when there is no target or it looks like a
    /// regression target).</summary>
    public IReadOnlyList<ValueCount>? ClassBalance { get; }

    /// <summary>What looks wrong (see <see cref="InspectionWarningKind"/>), in the order found; empty when nothing was found.</summary>
    public IReadOnlyList<InspectionWarning> Warnings { get; }

    /// <summary>The statistics of column <paramref name="name"/>.</summary>
    public ColumnInspection this[string name] => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KeyNotFoundException($"The inspection has no column '{name}'. Columns: {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>A readable report: a table of columns, the class balance, then the warnings.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{RowCount} rows, {ColumnCount} columns");
        if (Target is not null)
            sb.Append(CultureInfo.InvariantCulture, $", target '{Target}'");
        sb.Append("\n\n");
        var table = new TextTable("column", "kind", "missing", "distinct", "min", "max", "mean", "std", "top values");
        foreach (ColumnInspection c in Columns)
        {
            string kind = c.Kind == ColumnKind.Numeric ? (c.IsInteger ? "integer" : "numeric") : "categorical";
            string missing = c.MissingCount == 0 ? "0" : $"{c.MissingCount} ({DataInspector.Percent(c.MissingShare)})";
            string top = string.Join(", ", c.TopValues.Take(3).Select(v => $"{v.Value} ({v.Count})"));
            table.Add(c.Name + (c.Name == Target ? " *" : ""), kind, missing, c.DistinctCount.ToString(CultureInfo.InvariantCulture),
                JsonNumber.Text(c.Min), JsonNumber.Text(c.Max), JsonNumber.Text(c.Mean), JsonNumber.Text(c.Std), top);
        }
        table.AppendTo(sb, 0, 1, 8);
        if (Target is not null)
            sb.Append("(* the target)\n");
        if (ClassBalance is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nClass balance of '{Target}':\n");
            var balance = new TextTable("class", "rows", "share");
            foreach (ValueCount v in ClassBalance)
                balance.Add(v.Value, v.Count.ToString(CultureInfo.InvariantCulture), DataInspector.Percent(v.Share));
            balance.AppendTo(sb);
        }
        sb.Append(Warnings.Count == 0 ? "\nNo warnings.\n" : $"\nWarnings ({Warnings.Count}):\n");
        foreach (InspectionWarning w in Warnings)
            sb.Append("- [").Append(SnakeCase(w.Kind)).Append("] ").Append(w.Message).Append('\n');
        return sb.ToString();
    }

    /// <summary>The inspection as JSON (snake_case keys).</summary>
    public JsonObject ToJson()
    {
        var columns = new JsonArray();
        foreach (ColumnInspection c in Columns)
        {
            columns.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["kind"] = c.Kind == ColumnKind.Numeric ? "numeric" : "categorical",
                ["is_integer"] = c.IsInteger,
                ["missing"] = c.MissingCount,
                ["missing_share"] = c.MissingShare,
                ["distinct"] = c.DistinctCount,
                ["min"] = JsonNumber.Of(c.Min),
                ["max"] = JsonNumber.Of(c.Max),
                ["mean"] = JsonNumber.Of(c.Mean),
                ["std"] = JsonNumber.Of(c.Std),
                ["top_values"] = Counts(c.TopValues),
            });
        }
        var warnings = new JsonArray();
        foreach (InspectionWarning w in Warnings)
            warnings.Add(new JsonObject { ["kind"] = SnakeCase(w.Kind), ["column"] = w.Column, ["message"] = w.Message });
        return new JsonObject
        {
            ["rows"] = RowCount,
            ["columns_count"] = ColumnCount,
            ["target"] = Target,
            ["columns"] = columns,
            ["class_balance"] = ClassBalance is null ? null : Counts(ClassBalance),
            ["warnings"] = warnings,
        };
    }

    /// <summary>"LeakageCandidate" → "leakage_candidate".</summary>
    public static string SnakeCase(InspectionWarningKind kind)
    {
        string name = kind.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    private static JsonArray Counts(IEnumerable<ValueCount> values)
    {
        var array = new JsonArray();
        foreach (ValueCount v in values)
            array.Add(new JsonObject { ["value"] = v.Value, ["count"] = v.Count, ["share"] = v.Share });
        return array;
    }
}
