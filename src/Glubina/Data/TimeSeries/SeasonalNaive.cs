namespace Glubina.Data.TimeSeries;

/// <summary>
/// The seasonal-naive baseline — "the same as one season ago" — and mean absolute error. A forecasting model is worth
/// having only if it beats these (for half-hourly load: daily period 48, weekly period 336).
/// </summary>
public static class SeasonalNaive
{
    /// <summary>
    /// A multi-step forecast made at the end of <paramref name="history"/>: step h (1-based) repeats the value of the
    /// last complete season, ŷ[T + h] = y[T + h − period·⌈h / period⌉].
    /// </summary>
    public static float[] Forecast(IReadOnlyList<float> history, int period, int horizon)
    {
        ArgumentNullException.ThrowIfNull(history);
        CheckPeriod(period, history.Count, "Forecast");
        if (horizon < 1)
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"SeasonalNaive.Forecast: horizon must be 1 or more, got {horizon}.");
        int t = history.Count;
        var f = new float[horizon];
        for (int h = 1; h <= horizon; h++)
            f[h - 1] = history[t + h - period * ((h + period - 1) / period) - 1];
        return f;
    }

    /// <summary>
    /// One-season-ahead rolling forecasts for steps [<paramref name="start"/>, <paramref name="end"/>): ŷ[t] = y[t − period].
    /// This is what the baseline scores on windows whose horizon is at most one period.
    /// </summary>
    public static float[] Rolling(IReadOnlyList<float> series, int period, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (start < period || end > series.Count || start > end)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"SeasonalNaive.Rolling: need period ({period}) ≤ start ({start}) ≤ end ({end}) ≤ series length ({series.Count}).");
        var f = new float[end - start];
        for (int t = start; t < end; t++)
            f[t - start] = series[t - period];
        return f;
    }

    /// <summary>MAE of the multi-step <see cref="Forecast"/> made at <paramref name="start"/> for steps [start, end).</summary>
    public static double ForecastMae(IReadOnlyList<float> series, int period, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (end > series.Count || start >= end)
            throw new ArgumentOutOfRangeException(nameof(end), $"SeasonalNaive.ForecastMae: need start ({start}) < end ({end}) ≤ series length ({series.Count}).");
        float[] forecast = Forecast(series.Take(start).ToArray(), period, end - start);
        return Mae(series.Skip(start).Take(end - start).ToArray(), forecast);
    }

    /// <summary>MAE of the <see cref="Rolling"/> forecasts for steps [start, end).</summary>
    public static double RollingMae(IReadOnlyList<float> series, int period, int start, int end) =>
        Mae(series.Skip(start).Take(end - start).ToArray(), Rolling(series, period, start, end));

    /// <summary>
    /// The baseline on exactly the windows a model is scored on: each window's targets are forecast from its origin
    /// (the step after its input) as <see cref="Forecast"/> does, and the MAE is taken over all windows' targets —
    /// the number a model's MAE on <paramref name="windows"/> (in original units) must beat.
    /// </summary>
    public static double WindowMae(SlidingWindowDataset windows, int period)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0)
            throw new ArgumentException("SeasonalNaive.WindowMae: the dataset has no windows.", nameof(windows));
        if (period < 1)
            throw new ArgumentOutOfRangeException(nameof(period), period, $"SeasonalNaive.WindowMae: the period must be 1 or more, got {period}.");
        double sum = 0;
        for (int i = 0; i < windows.Count; i++)
        {
            int origin = windows.WindowStart(i) + windows.InputLength;
            if (origin < period)
                throw new ArgumentException(
                    $"SeasonalNaive.WindowMae: window {i} starts forecasting at step {origin}, less than one period ({period}) into the series.", nameof(windows));
            for (int h = 1; h <= windows.Horizon; h++)
            {
                float forecast = windows.TargetValueAt(origin + h - 1 - period * ((h + period - 1) / period));
                sum += Math.Abs((double)windows.TargetValueAt(origin + h - 1) - forecast);
            }
        }
        return sum / ((double)windows.Count * windows.Horizon);
    }

    /// <summary>Mean absolute error, accumulated in float64.</summary>
    public static double Mae(IReadOnlyList<float> actual, IReadOnlyList<float> forecast)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(forecast);
        if (actual.Count != forecast.Count || actual.Count == 0)
            throw new ArgumentException(
                $"SeasonalNaive.Mae: actual and forecast need the same, non-zero length, got {actual.Count} and {forecast.Count}.");
        double sum = 0;
        for (int i = 0; i < actual.Count; i++)
            sum += Math.Abs((double)actual[i] - forecast[i]);
        return sum / actual.Count;
    }

    private static void CheckPeriod(int period, int length, string who)
    {
        if (period < 1 || period > length)
            throw new ArgumentOutOfRangeException(nameof(period), period,
                $"SeasonalNaive.{who}: the period must be in 1..{length} (the history's length), got {period}.");
    }
}
