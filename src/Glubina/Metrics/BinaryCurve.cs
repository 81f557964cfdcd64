namespace Glubina.Metrics;

/// <summary>Cumulative false and true positives per distinct score, highest score first (scikit-learn's
/// <c>_binary_clf_curve</c>): entry <c>i</c> counts the samples with score ≥ <c>Thresholds[i]</c>.</summary>
internal sealed class BinaryCurve
{
    public double[] FalsePositives { get; }
    public double[] TruePositives { get; }
    public double[] Thresholds { get; }

    private BinaryCurve(double[] fps, double[] tps, double[] thresholds)
    {
        FalsePositives = fps;
        TruePositives = tps;
        Thresholds = thresholds;
    }

    /// <summary>The curve of scores <paramref name="scores"/> (finite, non-empty) against the positives in
    /// <paramref name="positive"/>; <paramref name="stride"/>/<paramref name="offset"/> read one column of a
    /// row-major matrix.</summary>
    public static BinaryCurve Compute(ReadOnlySpan<bool> positive, ReadOnlySpan<double> scores, int stride = 1, int offset = 0)
    {
        int n = positive.Length;
        var keys = new double[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = -scores[i * stride + offset];
            order[i] = i;
        }
        // Ties need no stable order: only the counts at the end of each run of equal scores are kept.
        Array.Sort(keys, order);
        var fps = new List<double>();
        var tps = new List<double>();
        var thresholds = new List<double>();
        double tp = 0;
        for (int i = 0; i < n; i++)
        {
            if (positive[order[i]])
                tp++;
            if (i == n - 1 || keys[i + 1] != keys[i])
            {
                tps.Add(tp);
                fps.Add(i + 1 - tp);
                thresholds.Add(-keys[i]);
            }
        }
        return new BinaryCurve(fps.ToArray(), tps.ToArray(), thresholds.ToArray());
    }

    /// <summary>ROC curve; with <paramref name="dropIntermediate"/> the points collinear with their neighbours
    /// go (they do not change the area).</summary>
    public RocCurve Roc(bool dropIntermediate)
    {
        int m = Thresholds.Length;
        var keep = new List<int>(m);
        for (int i = 0; i < m; i++)
        {
            bool corner = !dropIntermediate || m <= 2 || i == 0 || i == m - 1
                || FalsePositives[i + 1] - 2 * FalsePositives[i] + FalsePositives[i - 1] != 0
                || TruePositives[i + 1] - 2 * TruePositives[i] + TruePositives[i - 1] != 0;
            if (corner)
                keep.Add(i);
        }
        var fpr = new double[keep.Count + 1];
        var tpr = new double[keep.Count + 1];
        var thr = new double[keep.Count + 1];
        double negatives = FalsePositives[m - 1], positives = TruePositives[m - 1];
        thr[0] = Thresholds[0] + 1;
        for (int k = 0; k < keep.Count; k++)
        {
            fpr[k + 1] = FalsePositives[keep[k]];
            tpr[k + 1] = TruePositives[keep[k]];
            thr[k + 1] = Thresholds[keep[k]];
        }
        for (int k = 0; k < fpr.Length; k++)
        {
            // As scikit-learn: rates are NaN when a class has no samples (it warns; callers that need an area refuse).
            fpr[k] = negatives > 0 ? fpr[k] / negatives : double.NaN;
            tpr[k] = positives > 0 ? tpr[k] / positives : double.NaN;
        }
        return new RocCurve(fpr, tpr, thr);
    }

    /// <summary>Area under the ROC curve by the trapezoidal rule (NumPy's <c>trapz</c>).</summary>
    public double RocAuc()
    {
        RocCurve roc = Roc(dropIntermediate: true);
        double area = 0;
        double[] x = roc.FalsePositiveRate, y = roc.TruePositiveRate;
        for (int i = 0; i + 1 < x.Length; i++)
            area += (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
        return area;
    }

    /// <summary>Precision-recall curve in scikit-learn 1.2's order (thresholds increasing, then the point (1, 0)).
    /// With no positive sample recall is 1 at every threshold, as scikit-learn sets it.</summary>
    public PrecisionRecallCurve PrecisionRecall()
    {
        int m = Thresholds.Length;
        double positives = TruePositives[m - 1];
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thresholds = new double[m];
        for (int i = 0; i < m; i++)
        {
            int j = m - 1 - i;
            double predicted = TruePositives[j] + FalsePositives[j];
            precision[i] = predicted != 0 ? TruePositives[j] / predicted : 0;
            recall[i] = positives != 0 ? TruePositives[j] / positives : 1;
            thresholds[i] = Thresholds[j];
        }
        precision[m] = 1;
        recall[m] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /// <summary>Step-wise average precision: Σ (R[i] − R[i+1]) · P[i] over the curve (no interpolation).</summary>
    public double AveragePrecision()
    {
        PrecisionRecallCurve pr = PrecisionRecall();
        double sum = 0;
        for (int i = 0; i + 1 < pr.Recall.Length; i++)
            sum += (pr.Recall[i + 1] - pr.Recall[i]) * pr.Precision[i];
        return -sum;
    }
}
