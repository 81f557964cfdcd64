using System.Globalization;

namespace Glubina.Training;

/// <summary>
/// The check a practitioner makes after training: the train/validation gap of the loss (and of a metric)
/// at the best and at the last epoch, and a diagnosis — overfitting when validation loss rose from its best
/// while training loss kept falling; underfitting when both stayed high and close; otherwise fine.
/// </summary>
public sealed class OverfittingReport
{
    /// <summary>Verdict of the check.</summary>
    public enum Verdict
    {
        /// <summary>No validation loss was recorded, so nothing could be judged.</summary>
        NoValidationData,
        /// <summary>Neither overfitting nor underfitting was detected.</summary>
        Good,
        /// <summary>Validation loss rose above its best by more than the tolerance while training loss kept falling.</summary>
        Overfitting,
        /// <summary>Training loss stayed above 80% of the baseline loss, with validation loss close to it (judged only
        /// when a baseline loss is given).</summary>
        Underfitting,
    }

    private OverfittingReport(Verdict diagnosis, int bestEpoch, int lastEpoch, double bestTrainLoss, double bestValLoss,
        double lastTrainLoss, double lastValLoss, string message)
    {
        Diagnosis = diagnosis;
        BestEpoch = bestEpoch;
        LastEpoch = lastEpoch;
        TrainLossAtBest = bestTrainLoss;
        ValidationLossAtBest = bestValLoss;
        TrainLossAtLast = lastTrainLoss;
        ValidationLossAtLast = lastValLoss;
        Message = message;
    }

    /// <summary>What the check concluded.</summary>
    public Verdict Diagnosis { get; }

    /// <summary>Epoch (0-based) with the lowest validation loss.</summary>
    public int BestEpoch { get; }

    /// <summary>Last recorded epoch (0-based; -1 for an empty history).</summary>
    public int LastEpoch { get; }

    /// <summary>Training loss at <see cref="BestEpoch"/> (NaN without validation data).</summary>
    public double TrainLossAtBest { get; }

    /// <summary>Validation loss at <see cref="BestEpoch"/>, the lowest recorded (NaN without validation data).</summary>
    public double ValidationLossAtBest { get; }

    /// <summary>Training loss at <see cref="LastEpoch"/> (NaN without validation data).</summary>
    public double TrainLossAtLast { get; }

    /// <summary>Validation loss at <see cref="LastEpoch"/> (NaN without validation data).</summary>
    public double ValidationLossAtLast { get; }

    /// <summary>Validation minus training loss at the best epoch.</summary>
    public double GapAtBest => ValidationLossAtBest - TrainLossAtBest;

    /// <summary>Validation minus training loss at the last epoch.</summary>
    public double GapAtLast => ValidationLossAtLast - TrainLossAtLast;

    /// <summary>A sentence or two for a person: what happened and what to do.</summary>
    public string Message { get; }

    /// <param name="history">The history from Fit.</param>
    /// <param name="riseTolerance">Relative rise of validation loss above its best that counts as overfitting (default 5%).</param>
    /// <param name="baselineLoss">Loss of a trivial predictor (e.g. ln C for C balanced classes); when given,
    /// final losses above 80% of it with a small gap are called underfitting.</param>
    public static OverfittingReport Analyze(History history, double riseTolerance = 0.05, double? baselineLoss = null)
    {
        if (history.Count == 0 || !history.Contains("val_loss") || !history.Contains("loss"))
            return new OverfittingReport(Verdict.NoValidationData, -1, history.Count - 1, double.NaN, double.NaN, double.NaN, double.NaN,
                "No validation loss was recorded, so overfitting cannot be judged: train with validation data or a validation split.");
        double[] train = history["loss"], val = history["val_loss"];
        int last = history.Count - 1;
        int best = 0;
        for (int i = 1; i < val.Length; i++)
            if (val[i] < val[best])
                best = i;
        string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        bool valRose = val[last] > val[best] * (1 + riseTolerance) + 1e-12;
        bool trainFell = train[last] < train[best];
        if (valRose && trainFell)
            return new OverfittingReport(Verdict.Overfitting, best, last, train[best], val[best], train[last], val[last],
                $"Overfitting: validation loss was lowest at epoch {best + 1} ({F(val[best])}) and rose to {F(val[last])} by epoch {last + 1}, " +
                $"while training loss kept falling ({F(train[best])} → {F(train[last])}). Use the epoch-{best + 1} weights " +
                "(EarlyStopping with restoreBestWeights), add regularisation (dropout, weight decay, augmentation) or more data.");
        if (baselineLoss is double b && train[last] > 0.8 * b && Math.Abs(val[last] - train[last]) < 0.1 * b)
            return new OverfittingReport(Verdict.Underfitting, best, last, train[best], val[best], train[last], val[last],
                $"Underfitting: training loss {F(train[last])} is still close to the trivial baseline {F(b)} and validation is similar; " +
                "train longer, raise the learning rate or use a larger model.");
        return new OverfittingReport(Verdict.Good, best, last, train[best], val[best], train[last], val[last],
            $"No overfitting detected: best validation loss {F(val[best])} at epoch {best + 1}; at the last epoch the gap " +
            $"(validation − training loss) is {F(val[last] - train[last])}.");
    }

    /// <summary>The <see cref="Message"/>.</summary>
    public override string ToString() => Message;
}
