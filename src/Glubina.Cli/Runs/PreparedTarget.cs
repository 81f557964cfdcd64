using Glubina.Data;
using Glubina.Tensors;

namespace Glubina.Cli.Runs;

/// <summary>The target column of a table made ready to train on: the task, the class labels (classification), the
/// targets tensor (int64 class indices [N] or float32 values [N, 1]) and the class of every row.</summary>
internal sealed record PreparedTarget(string Task, string[]? Labels, Tensor Targets, long[]? Classes)
{
    /// <summary>Reads <paramref name="target"/> of <paramref name="table"/>; <paramref name="task"/> null infers it.</summary>
    public static PreparedTarget Of(Table table, string target, string? task, string path)
    {
        Column column = TableFiles.Require(table, target, path, "target");
        task ??= TargetColumn.InferTask(column);
        if (Tasks.IsRegression(task))
            return new PreparedTarget(task, null, TargetColumn.Values(column, path), null);
        string[] labels = TargetColumn.Labels(column);
        if (labels.Length < 2)
            throw new CliException($"{path}: target column '{target}' has {labels.Length} distinct value(s); classification needs at least 2.");
        Tensor classes = TargetColumn.Classes(column, labels, path);
        return new PreparedTarget(task, labels, classes, classes.ToArray<long>());
    }

    /// <summary>"label (rows), …" for the data summary; null for regression.</summary>
    public KeyValuePair<string, string>? ClassCounts => Labels is null
        ? null
        : new("classes", string.Join(", ", Labels.Select((l, i) => $"{l} ({Classes!.Count(c => c == i)})")));

    /// <summary>The prepared data of a table: the three parts from <paramref name="part"/>, this target's task and labels,
    /// and the summary with the class counts added. Callers add what is particular to their inputs with <c>with</c>.</summary>
    public PreparedData ToData(string path, string target, DataSplit parts, Func<int[], TensorDataset> part, int[] inputShape,
        List<KeyValuePair<string, string>> summary)
    {
        if (ClassCounts is { } counts)
            summary.Add(counts);
        return new PreparedData
        {
            Source = path,
            Train = part(parts.Train),
            Validation = part(parts.Validation),
            Test = part(parts.Test),
            InputShape = inputShape,
            Task = Task,
            ClassLabels = Labels,
            Target = target,
            Summary = summary,
        };
    }

    /// <summary>The given rows of a tensor (along dim 0), in the given order.</summary>
    public static Tensor Rows(Tensor tensor, int[] rows) =>
        tensor.IndexSelect(0, Tensor.FromArray(rows.Select(r => (long)r).ToArray(), rows.Length));

    /// <summary>The given rows of inputs and targets as a dataset.</summary>
    public static TensorDataset Rows(Tensor inputs, Tensor targets, int[] rows) => new(Rows(inputs, rows), Rows(targets, rows));
}
