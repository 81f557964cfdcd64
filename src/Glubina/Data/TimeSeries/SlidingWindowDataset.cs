using Glubina.Tensors;

namespace Glubina.Data.TimeSeries;

/// <summary>
/// Sliding windows over a time series (T steps × F features) for forecasting: window k starts at step
/// s = <see cref="FirstStart"/> + k·stride; its input is rows [s, s + L) of every feature, float32 [L, F], and its
/// target is the next H values of the target feature, float32 [H] (steps [s + L, s + L + H)).
/// <para>Only windows whose targets lie entirely in [targetStart, targetEnd) and whose inputs start at or after
/// inputStart are included, so a dataset per part of a time-ordered split never holds a window whose target reaches
/// into the next part (see <see cref="TimeSeriesSplit"/>).</para>
/// </summary>
public sealed class SlidingWindowDataset : IBatchedDataset
{
    private readonly float[] _data;

    /// <param name="series">Values [T, F], row t = time step t.</param>
    /// <param name="inputLength">L, the steps each input covers (≥ 1).</param>
    /// <param name="horizon">H, the steps each target covers (≥ 1).</param>
    /// <param name="stride">Steps between window starts (≥ 1).</param>
    /// <param name="targetFeature">The column forecast.</param>
    /// <param name="targetStart">First step a target may cover (default L: the first complete window).</param>
    /// <param name="targetEnd">One past the last step a target may cover (default T).</param>
    /// <param name="inputStart">First step an input may cover (default 0).</param>
    public SlidingWindowDataset(float[,] series, int inputLength, int horizon, int stride = 1, int targetFeature = 0,
        int? targetStart = null, int? targetEnd = null, int inputStart = 0)
    {
        ArgumentNullException.ThrowIfNull(series);
        int t = series.GetLength(0), f = series.GetLength(1);
        if (inputLength < 1 || horizon < 1 || stride < 1)
            throw new ArgumentOutOfRangeException(nameof(inputLength),
                $"SlidingWindowDataset: input length, horizon and stride must be 1 or more, got {inputLength}, {horizon}, {stride}.");
        if ((uint)targetFeature >= (uint)f)
            throw new ArgumentOutOfRangeException(nameof(targetFeature), targetFeature,
                $"SlidingWindowDataset: target feature {targetFeature} is outside the series' {f} features.");
        int tEnd = targetEnd ?? t;
        int tStart = targetStart ?? inputStart + inputLength;
        if (tEnd > t || tStart < 0 || inputStart < 0 || tStart > tEnd)
            throw new ArgumentOutOfRangeException(nameof(targetEnd),
                $"SlidingWindowDataset: target range [{tStart}, {tEnd}) and input start {inputStart} must lie within the series' {t} steps.");
        _data = new float[t * f];
        Buffer.BlockCopy(series, 0, _data, 0, _data.Length * sizeof(float));
        Steps = t;
        Features = f;
        InputLength = inputLength;
        Horizon = horizon;
        Stride = stride;
        TargetFeature = targetFeature;
        TargetStart = tStart;
        TargetEnd = tEnd;
        FirstStart = Math.Max(inputStart, tStart - inputLength);
        int span = tEnd - horizon - inputLength - FirstStart;
        Count = span < 0 ? 0 : span / stride + 1;
    }

    /// <summary>Windows over a single series (F = 1).</summary>
    public SlidingWindowDataset(IReadOnlyList<float> series, int inputLength, int horizon, int stride = 1,
        int? targetStart = null, int? targetEnd = null, int inputStart = 0)
        : this(Column(series), inputLength, horizon, stride, 0, targetStart, targetEnd, inputStart)
    {
    }

    /// <summary>T, the number of steps of the whole series.</summary>
    public int Steps { get; }

    /// <summary>F, the number of features.</summary>
    public int Features { get; }

    /// <summary>L, the steps each input covers.</summary>
    public int InputLength { get; }

    /// <summary>H, the steps each target covers.</summary>
    public int Horizon { get; }

    /// <summary>Steps between the starts of consecutive windows.</summary>
    public int Stride { get; }

    /// <summary>Index of the feature (column of the series) that the targets forecast.</summary>
    public int TargetFeature { get; }

    /// <summary>First step any target covers may be.</summary>
    public int TargetStart { get; }

    /// <summary>One past the last step a target may cover.</summary>
    public int TargetEnd { get; }

    /// <summary>The first step of window 0's input.</summary>
    public int FirstStart { get; }

    /// <inheritdoc/>
    public int Count { get; }

    /// <summary>The first input step of window <paramref name="index"/>; its target covers
    /// [start + L, start + L + H).</summary>
    public int WindowStart(int index)
    {
        TensorDataset.CheckIndex(index, Count, "SlidingWindowDataset.WindowStart");
        return FirstStart + index * Stride;
    }

    /// <summary>Window <paramref name="index"/>: input [L, F] and target [H].</summary>
    public Example this[int index]
    {
        get
        {
            int s = WindowStart(index);
            var input = new float[InputLength * Features];
            var target = new float[Horizon];
            Fill(s, input, target);
            return new Example(Tensor.FromArray(input, InputLength, Features), Tensor.FromArray(target, Horizon));
        }
    }

    /// <summary>Windows at <paramref name="indices"/>: inputs [B, L, F], targets [B, H].</summary>
    public Batch GetBatch(ReadOnlySpan<int> indices)
    {
        int n = indices.Length, inSize = InputLength * Features;
        var inputs = new float[n * inSize];
        var targets = new float[n * Horizon];
        for (int i = 0; i < n; i++)
            Fill(WindowStart(indices[i]), inputs.AsSpan(i * inSize, inSize), targets.AsSpan(i * Horizon, Horizon));
        return new Batch(Tensor.FromArray(inputs, n, InputLength, Features), Tensor.FromArray(targets, n, Horizon));
    }

    private void Fill(int start, Span<float> input, Span<float> target)
    {
        _data.AsSpan(start * Features, InputLength * Features).CopyTo(input);
        int t0 = start + InputLength;
        for (int h = 0; h < Horizon; h++)
            target[h] = _data[(t0 + h) * Features + TargetFeature];
    }

    /// <summary>The target feature's value at step <paramref name="step"/> of the whole series.</summary>
    public float TargetValueAt(int step)
    {
        if ((uint)step >= (uint)Steps)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"SlidingWindowDataset: step {step} is outside the series' {Steps} steps.");
        return _data[step * Features + TargetFeature];
    }

    internal static float[,] Column(IReadOnlyList<float> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var m = new float[series.Count, 1];
        for (int i = 0; i < series.Count; i++)
            m[i, 0] = series[i];
        return m;
    }
}
