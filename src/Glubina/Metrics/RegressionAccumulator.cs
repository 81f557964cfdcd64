using Glubina.Tensors;

namespace Glubina.Metrics;

/// <summary>Running sums behind every regression metric. Samples are added one at a time in order, so feeding
/// the same data in any number of chunks gives bit-identical results.</summary>
internal sealed class RegressionAccumulator
{
    private long _count;
    private double _squaredError;
    private double _absoluteError;
    private double _percentageError;
    private double _targetMean;
    private double _targetM2;

    public long Count => _count;

    public void Add(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        for (int i = 0; i < yTrue.Length; i++)
        {
            double y = yTrue[i], diff = y - yPred[i];
            _squaredError += diff * diff;
            _absoluteError += Math.Abs(diff);
            _percentageError += Math.Abs(yPred[i] - y) / Math.Max(Math.Abs(y), RegressionMetrics.PercentageErrorEpsilon);
            // Welford: the spread of a constant target stays exactly 0.
            _count++;
            double delta = y - _targetMean;
            _targetMean += delta / _count;
            _targetM2 += delta * (y - _targetMean);
        }
    }

    /// <summary>Adds a batch of predictions and targets [N] (or [N, 1]) of any numeric dtype.</summary>
    public void Add(Tensor predictions, Tensor targets, string metric)
    {
        double[] yPred = TensorInputs.Values(predictions, nameof(predictions), metric);
        double[] yTrue = TensorInputs.Values(targets, nameof(targets), metric);
        MetricChecks.SameLength(yPred.Length, nameof(predictions), yTrue.Length, nameof(targets), metric);
        Add(yTrue, yPred);
    }

    /// <summary>Throws unless a sample was added.</summary>
    public void CheckNotEmpty(string metric)
    {
        if (_count == 0)
            throw new InvalidOperationException($"{metric}: Compute was called before any sample was given to Update.");
    }

    public void Reset()
    {
        _count = 0;
        _squaredError = _absoluteError = _percentageError = _targetMean = _targetM2 = 0;
    }

    public double MeanSquaredError => _squaredError / _count;

    public double MeanAbsoluteError => _absoluteError / _count;

    public double MeanAbsolutePercentageError => _percentageError / _count;

    public double R2
    {
        get
        {
            if (_count < 2)
                return double.NaN;
            if (_squaredError == 0)
                return 1.0;
            if (_targetM2 == 0)
                return 0.0;
            return 1 - _squaredError / _targetM2;
        }
    }
}
