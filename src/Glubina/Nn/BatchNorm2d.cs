using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Batch normalisation over [N, C, H, W] inputs (PyTorch's nn.BatchNorm2d): statistics per channel over N, H and W.
/// Training normalises with the batch statistics and updates <c>running_mean</c>/<c>running_var</c> (unbiased
/// variance) with momentum; evaluation uses the running statistics. Parameters <c>weight</c> (γ) and <c>bias</c> (β),
/// buffers and semantics as <see cref="BatchNorm1d"/> and PyTorch.
/// </summary>
public sealed class BatchNorm2d : Module
{
    public BatchNorm2d(int numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true,
        DType dtype = DType.Float32)
    {
        if (numFeatures <= 0)
            throw new ArgumentException($"BatchNorm2d: numFeatures must be positive, got {numFeatures}.");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones([numFeatures], dtype));
            Bias = RegisterParameter("bias", Tensor.Zeros([numFeatures], dtype));
        }
        if (trackRunningStats)
        {
            RegisterBuffer("running_mean", Tensor.Zeros([numFeatures], dtype));
            RegisterBuffer("running_var", Tensor.Ones([numFeatures], dtype));
            RegisterBuffer("num_batches_tracked", Tensor.Zeros([], DType.Int64));
        }
        TrackRunningStats = trackRunningStats;
    }

    public int NumFeatures { get; }

    public double Eps { get; }

    public double Momentum { get; }

    public bool TrackRunningStats { get; }

    public Tensor? Weight { get; }

    public Tensor? Bias { get; }

    public Tensor? RunningMean => StateDict().TryGetValue("running_mean", out var t) ? t : null;

    public Tensor? RunningVar => StateDict().TryGetValue("running_var", out var t) ? t : null;

    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Size(1) != NumFeatures)
            throw new ArgumentException(
                $"BatchNorm2d({NumFeatures}): expected input [N, {NumFeatures}, H, W], got {ShapeMath.Format(input.Shape)}.");
        int[] dims = [0, 2, 3];
        int[] statShape = [1, NumFeatures, 1, 1];
        Tensor mean, variance;
        if (Training || !TrackRunningStats)
        {
            int count = input.Numel / NumFeatures;
            if (Training && count <= 1)
                throw new ArgumentException(
                    $"BatchNorm2d: expected more than 1 value per channel when training, got input {ShapeMath.Format(input.Shape)}.");
            mean = input.Mean(dims, keepdim: true);
            variance = input.Sub(mean).Pow(2).Mean(dims, keepdim: true);
            if (Training && TrackRunningStats)
                UpdateRunningStats(mean, variance, count);
        }
        else
        {
            mean = RunningMean!.To(input.DType).Reshape(statShape);
            variance = RunningVar!.To(input.DType).Reshape(statShape);
        }
        Tensor y = input.Sub(mean).Mul(variance.Add(Eps).Rsqrt());
        if (Weight is not null)
            y = y.Mul(Weight.Reshape(statShape)).Add(Bias!.Reshape(statShape));
        return y;
    }

    private void UpdateRunningStats(Tensor mean, Tensor variance, int count)
    {
        using var noGrad = GradMode.NoGrad();
        var state = StateDict();
        Tensor runningMean = state["running_mean"], runningVar = state["running_var"];
        Tensor batchMean = mean.Reshape(NumFeatures).To(runningMean.DType);
        Tensor unbiased = variance.Reshape(NumFeatures).Mul((double)count / (count - 1)).To(runningVar.DType);
        runningMean.MulInPlace(1 - Momentum).AddInPlace(batchMean, Momentum);
        runningVar.MulInPlace(1 - Momentum).AddInPlace(unbiased, Momentum);
        Tensor tracked = state["num_batches_tracked"];
        tracked.CopyInPlace(Tensor.Full([], tracked.Item() + 1, DType.Int64));
    }

    protected override string ExtraRepr() => FormattableString.Invariant($"{NumFeatures}, eps={Eps}, momentum={Momentum}, affine={(Weight is not null ? "true" : "false")}");
}
