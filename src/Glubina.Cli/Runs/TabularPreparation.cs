using System.Globalization;
using Glubina.Data;
using Glubina.Data.Preprocessing;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>A CSV table to <see cref="PreparedData"/>: target and task, the split, and the automatic preprocessing
/// (median imputation and standard scaling for numbers, most-frequent imputation and one-hot for text), fitted on
/// the training rows only.</summary>
internal static class TabularPreparation
{
    public static PreparedData Prepare(Table table, string path, string target, string? task, SplitSpec split, ulong seed)
    {
        if (split.TimeColumn is { } time)
            TableFiles.Require(table, time, path, "time");
        PreparedTarget y = PreparedTarget.Of(table, target, task, path);

        int[]? order = split.TimeColumn is { } timeName ? TimeOrder(table[timeName]) : null;
        DataSplit parts = split.Apply(table.RowCount, y.Classes, order, seed);
        Table features = split.TimeColumn is { } drop ? table.Without(drop) : table;
        Table trainRows = features.Rows(parts.Train);
        ColumnPipeline pipeline;
        try
        {
            pipeline = ColumnPipeline.Auto(trainRows, target);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{path}: cannot build the preprocessing: {e.Message}", e);
        }
        TensorDataset Part(int[] rows) => new(Transform(pipeline, features.Rows(rows), path), PreparedTarget.Rows(y.Targets, rows));

        var summary = new List<KeyValuePair<string, string>>
        {
            new("file", Path.GetFileName(path)),
            new("rows", table.RowCount.ToString(CultureInfo.InvariantCulture)),
            new("columns", table.Columns.Count.ToString(CultureInfo.InvariantCulture)),
            new("target", target),
            new("task", y.Task),
            new("features after preprocessing", pipeline.FeatureCount.ToString(CultureInfo.InvariantCulture)),
            new("split", split.ToString()),
        };
        return y.ToData(path, target, parts, Part, [pipeline.FeatureCount], summary) with
        {
            Preprocessing = pipeline,
            PreprocessingSteps = Describe(pipeline),
        };
    }

    /// <summary>One line per step of an automatic pipeline.</summary>
    public static IReadOnlyList<string> Describe(ColumnPipeline pipeline) => [.. pipeline.Steps.Select(step => step.Name switch
    {
        ColumnPipeline.NumericStep => $"numeric columns: median imputation, then standard scaling ({string.Join(", ", step.Columns)})",
        ColumnPipeline.CategoricalStep => $"text columns: most-frequent imputation, then one-hot encoding ({string.Join(", ", step.Columns)})",
        _ => $"{step.Name}: {step.Transformer.TypeName} ({string.Join(", ", step.Columns)})",
    })];

    /// <summary>Features of table rows for a fitted pipeline, with its errors as user errors.</summary>
    public static Tensor Transform(ColumnPipeline pipeline, Table rows, string path)
    {
        try
        {
            return pipeline.Transform(rows);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{path}: {e.Message}", e);
        }
    }

    // Rows sorted by the time column: numbers numerically, text (ISO dates) ordinally; stable for ties.
    private static int[] TimeOrder(Column time)
    {
        int[] rows = [.. Enumerable.Range(0, time.Length)];
        return time switch
        {
            NumericColumn n => [.. rows.OrderBy(r => n.Values[r])],
            CategoricalColumn c => [.. rows.OrderBy(r => c.Values[r], StringComparer.Ordinal)],
            _ => rows,
        };
    }
}
