namespace Glubina.Tensors;

public sealed partial class Tensor
{
    [ThreadStatic] private static DType? t_defaultDType;

    /// <summary>The floating-point type that creation functions and layers use when not given one (torch.get_default_dtype):
    /// float32 unless <see cref="UseDefaultDType"/> says otherwise on this thread.</summary>
    public static DType DefaultDType => t_defaultDType ?? DType.Float32;

    /// <summary>Makes <paramref name="dtype"/> the default floating-point type on this thread until the scope is disposed
    /// (torch.set_default_dtype, per thread so parallel work does not see it): <c>using (Tensor.UseDefaultDType(DType.Float64))
    /// model = ModelSpec.Parse(json).Build();</c> builds a float64 model.</summary>
    public static IDisposable UseDefaultDType(DType dtype)
    {
        DType? previous = t_defaultDType;
        t_defaultDType = RequireFloat(dtype, "UseDefaultDType");
        return new DefaultDTypeScope(previous);
    }

    private sealed class DefaultDTypeScope(DType? previous) : IDisposable
    {
        public void Dispose() => t_defaultDType = previous;
    }

    /// <summary>Zeros of the given shape (<see cref="DefaultDType"/>).</summary>
    public static Tensor Zeros(params int[] shape) => Zeros(shape, null);

    /// <summary>Zeros of the given shape and element type (<see cref="DefaultDType"/> when null).</summary>
    public static Tensor Zeros(int[] shape, DType? dtype) => Empty(dtype ?? DefaultDType, CheckShape(shape, "Zeros"), clear: true);

    /// <summary>Ones of the given shape (<see cref="DefaultDType"/>).</summary>
    public static Tensor Ones(params int[] shape) => Full(shape, 1.0);

    /// <summary>Ones of the given shape and element type (<see cref="DefaultDType"/> when null).</summary>
    public static Tensor Ones(int[] shape, DType? dtype) => Full(shape, 1.0, dtype);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(int[] shape, double value, DType? dtype = null)
    {
        var t = Empty(dtype ?? DefaultDType, CheckShape(shape, "Full"));
        t.FillRaw(value);
        return t;
    }

    /// <summary>A 0-d tensor holding one value.</summary>
    public static Tensor Scalar(double value, DType? dtype = null) => Full([], value, dtype);

    /// <summary>Zeros, ones or a fill value shaped and typed like <paramref name="other"/>.</summary>
    public static Tensor ZerosLike(Tensor other) => Zeros(other.ShapeArray(), other.DType);

    /// <inheritdoc cref="ZerosLike"/>
    public static Tensor OnesLike(Tensor other) => Ones(other.ShapeArray(), other.DType);

    /// <inheritdoc cref="ZerosLike"/>
    public static Tensor FullLike(Tensor other, double value) => Full(other.ShapeArray(), value, other.DType);

    /// <summary>Values start, start+step, … below end (like torch.arange).</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType? dtype = null)
    {
        if (step == 0 || double.IsNaN(step))
            throw new ArgumentException($"Arange: step must be non-zero, got {step}.");
        double count = Math.Ceiling((end - start) / step);
        if (count < 0 || double.IsNaN(count))
            throw new ArgumentException($"Arange: the range from {start} to {end} with step {step} goes the wrong way.");
        var t = Empty(dtype ?? DefaultDType, [(int)count]);
        for (int i = 0; i < (int)count; i++)
            t.SetRaw(i, start + i * step);
        return t;
    }

    /// <summary>Integers 0..end-1 (int64).</summary>
    public static Tensor Arange(int end) => Arange(0, end, 1, DType.Int64);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(double start, double end, int steps, DType? dtype = null)
    {
        if (steps < 0)
            throw new ArgumentException($"Linspace: steps must be non-negative, got {steps}.");
        var t = Empty(dtype ?? DefaultDType, [steps]);
        double delta = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++)
            t.SetRaw(i, i == steps - 1 && steps > 1 ? end : start + i * delta);
        return t;
    }

    /// <summary>Identity matrix [n, m] (m defaults to n).</summary>
    public static Tensor Eye(int n, int? m = null, DType? dtype = null)
    {
        int cols = m ?? n;
        var t = Zeros(CheckShape([n, cols], "Eye"), dtype);
        for (int i = 0; i < Math.Min(n, cols); i++)
            t.SetRaw(i * cols + i, 1);
        return t;
    }

    /// <summary>Copies <paramref name="data"/> into a new tensor of the given shape (default: 1-D).</summary>
    public static Tensor FromArray(float[] data, params int[] shape) => FromData(DType.Float32, data, shape);

    /// <summary>Copies <paramref name="data"/> into a new float64 tensor of the given shape (default: 1-D).</summary>
    public static Tensor FromArray(double[] data, params int[] shape) => FromData(DType.Float64, data, shape);

    /// <summary>Copies <paramref name="data"/> into a new int64 tensor of the given shape (default: 1-D), e.g. class labels.</summary>
    public static Tensor FromArray(long[] data, params int[] shape) => FromData(DType.Int64, data, shape);

    /// <summary>Copies <paramref name="data"/> into a new int64 tensor of the given shape (default: 1-D), widening each value.</summary>
    public static Tensor FromArray(int[] data, params int[] shape) => FromData(DType.Int64, Array.ConvertAll(data, v => (long)v), shape);

    /// <summary>Copies <paramref name="data"/> into a new bool tensor (a mask) of the given shape (default: 1-D).</summary>
    public static Tensor FromArray(bool[] data, params int[] shape) => FromData(DType.Bool, data, shape);

    /// <summary>Copies a span into a new float32 tensor.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> data, params int[] shape) => FromData(DType.Float32, data.ToArray(), shape);

    private static Tensor FromData<T>(DType dtype, T[] data, int[] shape)
    {
        int[] s = shape.Length == 0 && data.Length != 1 ? [data.Length] : CheckShape(shape, "FromArray");
        if (ShapeMath.Numel(s) != data.Length)
            throw new ArgumentException(
                $"FromArray: {data.Length} values do not fill shape {ShapeMath.Format(s)} ({ShapeMath.Numel(s)} elements).");
        var t = Empty(dtype, s);
        data.AsSpan().CopyTo(t.ContiguousSpan<T>());
        return t;
    }

    // ---- random ----

    /// <summary>Uniform samples in [low, high).</summary>
    public static Tensor Uniform(int[] shape, double low = 0, double high = 1, Generator? generator = null, DType? dtype = null)
    {
        var g = generator ?? Generator.Default;
        var t = Empty(RequireFloat(dtype ?? DefaultDType, "Uniform"), CheckShape(shape, "Uniform"));
        for (int i = 0; i < t.Numel; i++)
            t.SetRaw(i, low + (high - low) * g.NextDouble());
        return t;
    }

    /// <summary>Uniform samples in [0, 1) (torch.rand).</summary>
    public static Tensor Rand(int[] shape, Generator? generator = null) => Uniform(shape, 0, 1, generator);

    /// <summary>Normal samples with the given mean and standard deviation.</summary>
    public static Tensor Normal(int[] shape, double mean = 0, double std = 1, Generator? generator = null, DType? dtype = null)
    {
        var g = generator ?? Generator.Default;
        var t = Empty(RequireFloat(dtype ?? DefaultDType, "Normal"), CheckShape(shape, "Normal"));
        for (int i = 0; i < t.Numel; i++)
            t.SetRaw(i, mean + std * g.NextNormal());
        return t;
    }

    /// <summary>Standard normal samples (torch.randn).</summary>
    public static Tensor Randn(int[] shape, Generator? generator = null) => Normal(shape, 0, 1, generator);

    /// <summary>1 with probability <paramref name="p"/>, else 0 (float32).</summary>
    public static Tensor Bernoulli(int[] shape, double p, Generator? generator = null, DType dtype = DType.Float32)
    {
        if (p < 0 || p > 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, "Bernoulli: p must be in [0, 1].");
        var g = generator ?? Generator.Default;
        var t = Empty(dtype, CheckShape(shape, "Bernoulli"));
        switch (dtype)
        {
            case DType.Float32: g.FillBernoulli(t.ContiguousSpan<float>(), p, 1f); break;
            case DType.Float64: g.FillBernoulli(t.ContiguousSpan<double>(), p, 1.0); break;
            case DType.Int64: g.FillBernoulli(t.ContiguousSpan<long>(), p, 1L); break;
            default:
                for (int i = 0; i < t.Numel; i++)
                    t.SetRaw(i, g.NextDouble() < p ? 1 : 0);
                break;
        }
        return t;
    }

    /// <summary>An inverted-dropout mask: 1/<paramref name="keep"/> with probability <paramref name="keep"/>, else 0
    /// (a floating dtype); the same draws and values as <c>Bernoulli(shape, keep).Mul(1 / keep)</c> in one pass. The
    /// dropout layers multiply their input by it (PyTorch's F.dropout with p = 1 − keep).</summary>
    public static Tensor DropoutMask(int[] shape, double keep, Generator? generator = null, DType dtype = DType.Float32)
    {
        if (!(keep > 0 && keep <= 1))
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "dropout: the keep probability must be in (0, 1].");
        if (!dtype.IsFloatingPoint())
            throw new ArgumentException(
                $"dropout: expected a floating-point tensor (float32 or float64), got {dtype.Name()} with shape " +
                $"{ShapeMath.Format(shape)}; convert it with To(DType.Float32).");
        var g = generator ?? Generator.Default;
        var t = Empty(dtype, CheckShape(shape, "DropoutMask"));
        if (dtype == DType.Float32)
            g.FillBernoulli(t.ContiguousSpan<float>(), keep, (float)(1 / keep));
        else
            g.FillBernoulli(t.ContiguousSpan<double>(), keep, 1 / keep);
        return t;
    }

    /// <summary>Uniform integers in [low, high) (int64).</summary>
    public static Tensor RandInt(long low, long high, int[] shape, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var t = Empty(DType.Int64, CheckShape(shape, "RandInt"));
        var data = t.ContiguousSpan<long>();
        for (int i = 0; i < data.Length; i++)
            data[i] = g.NextInt64(low, high);
        return t;
    }

    /// <summary>A random permutation of 0..n-1 (int64, Fisher–Yates).</summary>
    public static Tensor RandPerm(int n, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        var t = Arange(n);
        var data = t.ContiguousSpan<long>();
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)g.NextInt64(0, i + 1);
            (data[i], data[j]) = (data[j], data[i]);
        }
        return t;
    }

    private static DType RequireFloat(DType dtype, string op) => dtype.IsFloatingPoint()
        ? dtype
        : throw new ArgumentException($"{op}: dtype must be float32 or float64, got {dtype.Name()}.");

    internal static int[] CheckShape(int[] shape, string op)
    {
        foreach (int d in shape)
            if (d < 0)
                throw new ArgumentException($"{op}: sizes must be non-negative, got shape {ShapeMath.Format(shape)}.");
        return (int[])shape.Clone();
    }

    // Writes element i of a fresh contiguous tensor, converting from double.
    internal void SetRaw(int i, double value)
    {
        switch (DType)
        {
            case DType.Float32: Data<float>()[_offset + i] = (float)value; break;
            case DType.Float64: Data<double>()[_offset + i] = value; break;
            case DType.Int64: Data<long>()[_offset + i] = (long)value; break;
            case DType.Bool: Data<bool>()[_offset + i] = value != 0; break;
        }
    }

    private void FillRaw(double value)
    {
        switch (DType)
        {
            case DType.Float32: ContiguousSpan<float>().Fill((float)value); break;
            case DType.Float64: ContiguousSpan<double>().Fill(value); break;
            case DType.Int64: ContiguousSpan<long>().Fill((long)value); break;
            case DType.Bool: ContiguousSpan<bool>().Fill(value != 0); break;
        }
    }
}
