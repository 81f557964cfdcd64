using Glubina.Training;

namespace Glubina.Tests.Training;

public sealed class OverfittingReportTests
{
    private static History Make(double[] loss, double[] valLoss)
    {
        var h = new History();
        for (int i = 0; i < loss.Length; i++)
            h.Add(new Dictionary<string, double> { ["loss"] = loss[i], ["val_loss"] = valLoss[i] });
        return h;
    }

    [Fact]
    public void Rising_validation_with_falling_training_loss_is_overfitting()
    {
        var r = OverfittingReport.Analyze(Make([1.0, 0.6, 0.4, 0.2, 0.1], [1.0, 0.7, 0.6, 0.7, 0.9]));
        Assert.Equal(OverfittingReport.Verdict.Overfitting, r.Diagnosis);
        Assert.Equal(2, r.BestEpoch);
        Assert.Equal(0.6 - 0.4, r.GapAtBest, 12);
        Assert.Equal(0.9 - 0.1, r.GapAtLast, 12);
        Assert.Contains("epoch 3", r.Message);
    }

    [Fact]
    public void Steady_improvement_is_good_and_flat_high_losses_are_underfitting()
    {
        Assert.Equal(OverfittingReport.Verdict.Good,
            OverfittingReport.Analyze(Make([1.0, 0.5, 0.3], [1.1, 0.6, 0.35])).Diagnosis);
        Assert.Equal(OverfittingReport.Verdict.Underfitting,
            OverfittingReport.Analyze(Make([2.3, 2.25, 2.2], [2.31, 2.26, 2.21]), baselineLoss: Math.Log(10)).Diagnosis);
        Assert.Equal(OverfittingReport.Verdict.NoValidationData, OverfittingReport.Analyze(new History()).Diagnosis);
    }
}
