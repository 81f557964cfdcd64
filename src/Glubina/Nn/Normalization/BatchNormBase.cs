using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Shared work of <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/>: per-channel statistics over every dim
/// but dim 1. Training normalises with the batch statistics and updates <c>running_mean</c>/<c>running_var</c>
/// (unbiased variance) with the momentum; evaluation uses the running statistics. Parameters <c>weight</c> (γ),
/// <c>bias</c> (β) and the buffers are named and laid out as PyTorch's.
/// </summary>
public abstract class BatchNormBase : Module
{
    private readonly Tensor? _runningMean;
    private readonly Tensor? _runningVar;
    private readonly Tensor? _batchesTracked;

    private protected BatchNormBase(int numFeatures, double eps, double momentum, bool affine, bool trackRunningStats, DType? dtype)
    {
        if (numFeatures <= 0)
            throw new ArgumentException($"{GetType().Name}: numFeatures must be positive, got {numFeatures}.");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        TrackRunningStats = trackRunningStats;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones([numFeatures], dtype));
            Bias = RegisterParameter("bias", Tensor.Zeros([numFeatures], dtype));
        }
        if (trackRunningStats)
        {
            // LoadStateDict copies into these tensors in place, so the fields stay the registered buffers.
            _runningMean = RegisterBuffer("running_mean", Tensor.Zeros([numFeatures], dtype));
            _runningVar = RegisterBuffer("running_var", Tensor.Ones([numFeatures], dtype));
            _batchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros([], DType.Int64));
        }
    }

    /// <summary>Channels C (the input's dim 1), one mean, variance, γ and β each.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance under the square root, for stability.</summary>
    public double Eps { get; }

    /// <summary>Weight of the current batch in the running statistics: running = (1 − momentum)·running + momentum·batch (PyTorch's convention, 0.1 by default).</summary>
    public double Momentum { get; }

    /// <summary>True when running statistics are kept and used in evaluation; false normalises with the batch statistics in both modes.</summary>
    public bool TrackRunningStats { get; }

    /// <summary>Scale γ [C] (init 1), or null without affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>Shift β [C] (init 0), or null without affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>Buffer <c>running_mean</c> [C] (init 0), or null without running statistics.</summary>
    public Tensor? RunningMean => _runningMean;

    /// <summary>Buffer <c>running_var</c> [C] of unbiased batch variances (init 1), or null without running statistics.</summary>
    public Tensor? RunningVar => _runningVar;

    /// <summary>Throws a clear error when the input's rank or channel count does not fit the layer.</summary>
    private protected abstract void CheckInput(Tensor input);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        // Reduce over every dim but the channels; statistics broadcast back as [1, C, 1, …].
        int[] dims = Enumerable.Range(0, input.Rank).Where(d => d != 1).ToArray();
        int[] statShape = Enumerable.Range(0, input.Rank).Select(d => d == 1 ? NumFeatures : 1).ToArray();
        Tensor mean, variance;
        if (Training || !TrackRunningStats)
        {
            int count = input.Numel / NumFeatures;
            if (Training && count <= 1)
                throw new ArgumentException(
                    $"{GetType().Name}: expected more than 1 value per channel when training, got input {ShapeMath.Format(input.Shape)}.");
            mean = input.Mean(dims, keepdim: true);
            variance = input.Sub(mean).Pow(2).Mean(dims, keepdim: true);
            if (Training && TrackRunningStats)
                UpdateRunningStats(mean, variance, count);
        }
        else
        {
            mean = _runningMean!.To(input.DType).Reshape(statShape);
            variance = _runningVar!.To(input.DType).Reshape(statShape);
        }
        Tensor y = input.Sub(mean).Mul(variance.Add(Eps).Rsqrt());
        if (Weight is not null)
            y = y.Mul(Weight.Reshape(statShape)).Add(Bias!.Reshape(statShape));
        return y;
    }

    private void UpdateRunningStats(Tensor mean, Tensor variance, int count)
    {
        using var noGrad = GradMode.NoGrad();
        Tensor batchMean = mean.Reshape(NumFeatures).To(_runningMean!.DType);
        Tensor unbiased = variance.Reshape(NumFeatures).Mul((double)count / (count - 1)).To(_runningVar!.DType);
        _runningMean.MulInPlace(1 - Momentum).AddInPlace(batchMean, Momentum);
        _runningVar.MulInPlace(1 - Momentum).AddInPlace(unbiased, Momentum);
        _batchesTracked!.CopyInPlace(Tensor.Full([], _batchesTracked.Item() + 1, DType.Int64));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        FormattableString.Invariant($"{NumFeatures}, eps={Eps}, momentum={Momentum}, affine={(Weight is not null ? "true" : "false")}");
}
