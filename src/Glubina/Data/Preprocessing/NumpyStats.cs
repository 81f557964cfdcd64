namespace Glubina.Data.Preprocessing;

/// <summary>
/// Column statistics computed the way NumPy / scikit-learn compute them, so that fitted state matches sklearn
/// to the last bits where possible. NaN values are missing and skipped.
/// </summary>
internal static class NumpyStats
{
    /// <summary>NumPy's <c>finfo(float64).eps</c>, 2⁻⁵².</summary>
    public const double Eps = 2.220446049250313e-16;

    /// <summary>The non-NaN values, sorted ascending.</summary>
    public static double[] SortedPresent(double[] values)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(present);
        return present;
    }

    /// <summary>
    /// sklearn's <c>_incremental_mean_and_var</c> from scratch: mean = Σx/n and the corrected two-pass
    /// variance (Σ(x−T)² − (Σ(x−T))²/n)/n with T = Σx/n (Chan, Golub, LeVeque). Sums run in row order, as
    /// NumPy does along axis 0 of a C-ordered matrix.
    /// </summary>
    public static (double Mean, double Var, int Count) MeanVar(double[] values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                n++;
            }
        }
        double mean = sum / n;
        double t = sum / n;
        double correction = 0, squares = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                double d = v - t;
                correction += d;
                squares += d * d;
            }
        }
        double unnormalized = squares - correction * correction / n;
        return (mean, unnormalized / n, n);
    }

    /// <summary>sklearn's <c>_is_constant_feature</c>: variance within the rounding error of the two-pass algorithm.</summary>
    public static bool IsConstant(double var, double mean, int n)
    {
        double bound = n * Eps * var + Math.Pow(n * mean * Eps, 2);
        return var <= bound;
    }

    /// <summary>sklearn's <c>_handle_zeros_in_scale</c> without a mask: scales below 10·eps become 1.</summary>
    public static double HandleZeroScale(double scale) => scale < 10 * Eps ? 1.0 : scale;

    /// <summary>The median of sorted values (NaN when empty): the middle value, or the mean of the two middle ones.</summary>
    public static double Median(double[] sorted)
    {
        int n = sorted.Length;
        if (n == 0)
            return double.NaN;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>
    /// NumPy's <c>percentile(..., method="linear")</c> of sorted values for <paramref name="percent"/> in [0, 100]:
    /// virtual index (n − 1)·q, then NumPy's two-sided <c>_lerp</c> between its neighbours.
    /// </summary>
    public static double Percentile(double[] sorted, double percent)
    {
        int n = sorted.Length;
        if (n == 0)
            return double.NaN;
        double q = percent / 100.0;
        double virtualIndex = (n - 1) * q;
        // Outside [0, n-1] NumPy clamps both neighbours to the end, so the result is that end value.
        if (virtualIndex < 0)
            return sorted[0];
        if (virtualIndex >= n - 1)
            return sorted[n - 1];
        int previous = (int)Math.Floor(virtualIndex);
        double gamma = virtualIndex - previous;
        double a = sorted[previous], b = sorted[previous + 1];
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /// <summary>
    /// The most frequent non-NaN value (SciPy's <c>mode</c>: the smallest value among ties); NaN when there is none.
    /// </summary>
    public static double Mode(double[] sorted)
    {
        double best = double.NaN;
        int bestCount = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j < sorted.Length && sorted[j] == sorted[i])
                j++;
            if (j - i > bestCount)
            {
                bestCount = j - i;
                best = sorted[i];
            }
            i = j;
        }
        return best;
    }
}
