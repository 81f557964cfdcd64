namespace Glubina.Data.TimeSeries;

/// <summary>
/// A time-ordered split of a series of <see cref="Length"/> steps: train = steps [0, <see cref="TrainEnd"/>),
/// validation = [<see cref="TrainEnd"/>, <see cref="ValidationEnd"/>), test = [<see cref="ValidationEnd"/>, Length).
/// A window belongs to the part that holds all of its target steps; a window whose target crosses a boundary is in
/// neither part. Inputs of validation and test windows may reach back into earlier parts (that history is known at
/// forecast time) unless <c>lookback</c> is false. Fit scalers on <see cref="TrainEnd"/> steps only.
/// </summary>
public sealed class TimeSeriesSplit
{
    /// <summary>A split at the given step boundaries.</summary>
    /// <param name="length">Steps of the whole series.</param>
    /// <param name="trainEnd">One past the last training step (1 or more).</param>
    /// <param name="validationEnd">One past the last validation step (equal to <paramref name="trainEnd"/> for no validation part).</param>
    /// <exception cref="ArgumentException">Not 0 &lt; trainEnd ≤ validationEnd ≤ length.</exception>
    public TimeSeriesSplit(int length, int trainEnd, int validationEnd)
    {
        if (!(0 < trainEnd && trainEnd <= validationEnd && validationEnd <= length))
            throw new ArgumentException(
                $"TimeSeriesSplit: need 0 < trainEnd ≤ validationEnd ≤ length, got trainEnd {trainEnd}, validationEnd {validationEnd}, length {length}.");
        Length = length;
        TrainEnd = trainEnd;
        ValidationEnd = validationEnd;
    }

    /// <summary>Cuts the last <paramref name="test"/> and the <paramref name="validation"/> steps before them off the
    /// series (fractions rounded up, or counts — as <see cref="Splits.TimeOrdered"/>).</summary>
    public static TimeSeriesSplit ByTime(int length, SplitSize validation, SplitSize test)
    {
        (int train, int val, _) = Splits.Sizes(length, validation, test, "TimeSeriesSplit.ByTime");
        return new TimeSeriesSplit(length, train, train + val);
    }

    /// <summary>Steps of the whole series.</summary>
    public int Length { get; }

    /// <summary>One past the last training step.</summary>
    public int TrainEnd { get; }

    /// <summary>One past the last validation step.</summary>
    public int ValidationEnd { get; }

    /// <summary>Windows whose targets and inputs lie in [0, TrainEnd).</summary>
    public SlidingWindowDataset Train(float[,] series, int inputLength, int horizon, int stride = 1, int targetFeature = 0) =>
        Part(series, inputLength, horizon, stride, targetFeature, 0, TrainEnd, lookback: false);

    /// <summary>Windows whose targets lie in [TrainEnd, ValidationEnd).</summary>
    public SlidingWindowDataset Validation(float[,] series, int inputLength, int horizon, int stride = 1, int targetFeature = 0,
        bool lookback = true) =>
        Part(series, inputLength, horizon, stride, targetFeature, TrainEnd, ValidationEnd, lookback);

    /// <summary>Windows whose targets lie in [ValidationEnd, Length).</summary>
    public SlidingWindowDataset Test(float[,] series, int inputLength, int horizon, int stride = 1, int targetFeature = 0,
        bool lookback = true) =>
        Part(series, inputLength, horizon, stride, targetFeature, ValidationEnd, Length, lookback);

    private SlidingWindowDataset Part(float[,] series, int inputLength, int horizon, int stride, int targetFeature,
        int start, int end, bool lookback)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.GetLength(0) != Length)
            throw new ArgumentException(
                $"TimeSeriesSplit: the split is for {Length} steps but the series has {series.GetLength(0)}.", nameof(series));
        int targetStart = lookback ? Math.Max(start, inputLength) : start + inputLength;
        return new SlidingWindowDataset(series, inputLength, horizon, stride, targetFeature,
            targetStart: Math.Min(targetStart, end), targetEnd: end, inputStart: lookback ? 0 : start);
    }
}
