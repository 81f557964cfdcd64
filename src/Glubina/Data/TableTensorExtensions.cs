using Glubina.Tensors;

namespace Glubina.Data;

/// <summary>
/// Turns a <see cref="Table"/> whose features are all numeric and complete into tensors: inputs float32 [N, F]
/// (the columns in table order, without the target) and targets [N]. Tables with categories or missing values
/// go through Data/Preprocessing first; the errors here say which column and row stopped the conversion.
/// </summary>
public static class TableTensorExtensions
{
    /// <summary>
    /// Inputs float32 [N, F] and targets [N]: int64 class indices when <paramref name="targetDType"/> is
    /// <see cref="DType.Int64"/> (every target value must be a whole number), else float32 or float64 values.
    /// </summary>
    public static (Tensor Inputs, Tensor Targets) ToTensors(this Table table, string targetColumn, DType targetDType = DType.Int64)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(targetColumn);
        Column target = table[targetColumn];
        if (target is not NumericColumn targetValues)
            throw new ArgumentException(
                $"ToTensors: the target column '{targetColumn}' is categorical; encode it as class indices first (Data/Preprocessing).");
        if (targetDType == DType.Bool)
            throw new ArgumentException("ToTensors: targets can be int64, float32 or float64, not bool.");
        var features = table.Columns.Where(c => c.Name != targetColumn).ToArray();
        foreach (Column c in features)
            if (c is not NumericColumn)
                throw new ArgumentException(
                    $"ToTensors: column '{c.Name}' is categorical; every feature must be numeric here. Encode it with Data/Preprocessing " +
                    $"or drop it with table.Without(\"{c.Name}\").");

        int n = table.RowCount, f = features.Length;
        var inputs = new float[n * f];
        for (int j = 0; j < f; j++)
        {
            double[] values = ((NumericColumn)features[j]).Values;
            for (int i = 0; i < n; i++)
            {
                if (double.IsNaN(values[i]))
                    throw new ArgumentException(
                        $"ToTensors: column '{features[j].Name}' is missing a value in row {i} (0-based data row); impute or drop " +
                        "missing values first (Data/Preprocessing).");
                inputs[i * f + j] = (float)values[i];
            }
        }
        return (Tensor.FromArray(inputs, n, f), Targets(targetValues, targetDType));
    }

    /// <summary>A <see cref="TensorDataset"/> over <see cref="ToTensors"/>.</summary>
    public static TensorDataset ToDataset(this Table table, string targetColumn, DType targetDType = DType.Int64)
    {
        (Tensor inputs, Tensor targets) = table.ToTensors(targetColumn, targetDType);
        return new TensorDataset(inputs, targets);
    }

    private static Tensor Targets(NumericColumn column, DType dtype)
    {
        double[] values = column.Values;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (double.IsNaN(v))
                throw new ArgumentException($"ToTensors: the target column '{column.Name}' is missing a value in row {i} (0-based data row).");
            if (dtype == DType.Int64 && (v != Math.Floor(v) || Math.Abs(v) > 1e15))
                throw new ArgumentException(
                    $"ToTensors: the target column '{column.Name}' has {v} in row {i}, not a whole number; int64 class labels need whole " +
                    "numbers (pass targetDType: DType.Float32 for regression).");
        }
        return dtype switch
        {
            DType.Int64 => Tensor.FromArray(Array.ConvertAll(values, v => (long)v)),
            DType.Float64 => Tensor.FromArray((double[])values.Clone()),
            _ => Tensor.FromArray(Array.ConvertAll(values, v => (float)v)),
        };
    }
}
