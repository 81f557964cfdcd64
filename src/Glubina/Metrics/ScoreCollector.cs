using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Keeps the scores and targets of every batch for the metrics that need all of them at once (ROC AUC,
/// average precision). One score per sample is kept for binary problems ([N] scores as they are, or column 1 of
/// [N, 2] probabilities); [N, C] probability rows for C &gt; 2.</summary>
internal sealed class ScoreCollector
{
    private readonly ScoreKind _kind;
    private readonly bool _binaryOnly;
    private readonly List<double> _scores = [];
    private readonly List<long> _targets = [];
    private int _columns;

    public ScoreCollector(ScoreKind kind, bool binaryOnly)
    {
        _kind = kind;
        _binaryOnly = binaryOnly;
    }

    /// <summary>Columns of the kept rows: 1 for binary problems, else C.</summary>
    public int Columns => _columns;

    public int Count => _targets.Count;

    public double[] Scores => _scores.ToArray();

    public long[] Targets => _targets.ToArray();

    public void Add(Tensor predictions, Tensor targets, string metric)
    {
        var (data, rows, columns) = TensorInputs.Scores(predictions, metric);
        if (_binaryOnly && columns > 2)
            throw new ArgumentException(
                $"{metric}: a binary metric needs [N] scores or [N, 2] probabilities, got shape [{string.Join(", ", predictions.ShapeArray())}].",
                nameof(predictions));
        if (columns > 1)
            (data, rows, columns) = TensorInputs.Probabilities(predictions, _kind, metric);
        long[] labels = TensorInputs.Targets(targets, rows, metric);
        int kept = columns <= 2 ? 1 : columns;
        if (_columns != 0 && _columns != kept)
            throw new ArgumentException(
                $"{metric}: predictions have {columns} column(s) but earlier batches had {(_columns == 1 ? "1 or 2" : _columns.ToString())}.",
                nameof(predictions));
        MetricChecks.ClassIndices(labels, Math.Max(columns, 2), nameof(targets), metric,
            columns == 1 ? "one score per sample (binary)" : $"the {columns} columns of predictions");
        _columns = kept;
        _targets.AddRange(labels);
        if (columns == 2)
        {
            for (int i = 0; i < rows; i++)
                _scores.Add(data[2 * i + 1]);
        }
        else
        {
            _scores.AddRange(data);
        }
    }

    public void Clear()
    {
        _scores.Clear();
        _targets.Clear();
        _columns = 0;
    }
}
