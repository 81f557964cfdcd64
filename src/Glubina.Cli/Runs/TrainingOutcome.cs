using Glubina.Training;

namespace Glubina.Cli.Runs;

/// <summary>What a training session did.</summary>
/// <param name="History">Per-epoch logs.</param>
/// <param name="BestEpoch">0-based epoch whose weights the model now holds (best validation loss).</param>
/// <param name="StoppedEarly">Early stopping ended training before the last epoch.</param>
/// <param name="Cancelled">Ctrl+C ended training (after the batch in progress).</param>
/// <param name="Seconds">Wall-clock time of training.</param>
internal sealed record TrainingOutcome(History History, int BestEpoch, bool StoppedEarly, bool Cancelled, double Seconds);
