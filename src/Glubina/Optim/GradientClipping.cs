using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// Gradient clipping, as PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>. Both change
/// the <see cref="Tensor.Grad"/> of the given parameters in place and skip parameters without a gradient; call them
/// between <c>loss.Backward()</c> and <c>optimizer.Step()</c>.
/// </summary>
public static class GradientClipping
{
    /// <summary>Scales all gradients together so that their joint norm (as if concatenated into one vector) is at
    /// most <paramref name="maxNorm"/>: each is multiplied by min(1, maxNorm / (total + 1e-6)).</summary>
    /// <param name="parameters">Parameters whose gradients are clipped.</param>
    /// <param name="maxNorm">The largest allowed norm.</param>
    /// <param name="normType">The p of the p-norm (&gt; 0), or <see cref="double.PositiveInfinity"/> for the
    /// largest absolute value.</param>
    /// <param name="errorIfNonfinite">Throw instead of clipping when the total norm is NaN or infinite.</param>
    /// <returns>The total norm of the gradients before clipping (0 when no parameter has a gradient).</returns>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2,
        bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (double.IsNaN(maxNorm) || maxNorm < 0)
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm,
                $"ClipGradNorm: maxNorm must be non-negative, got {Optimizer.Format(maxNorm)}.");
        if (!(normType > 0))
            throw new ArgumentOutOfRangeException(nameof(normType), normType,
                $"ClipGradNorm: normType must be positive or +infinity, got {Optimizer.Format(normType)}.");
        List<Tensor> grads = Gradients(parameters, "ClipGradNorm");
        if (grads.Count == 0)
            return 0;

        double total = 0;
        foreach (Tensor g in grads)
        {
            double part = g.DType == DType.Float32 ? NormPart(g.ContiguousSpan<float>(), normType) : NormPart(g.ContiguousSpan<double>(), normType);
            total = double.IsPositiveInfinity(normType) ? Math.Max(total, part) : total + part;
            if (double.IsNaN(part))
                total = double.NaN;
        }
        if (!double.IsPositiveInfinity(normType))
            total = normType == 2 ? Math.Sqrt(total) : normType == 1 ? total : Math.Pow(total, 1 / normType);
        if (errorIfNonfinite && !double.IsFinite(total))
            throw new InvalidOperationException(
                $"ClipGradNorm: the total norm of order {Optimizer.Format(normType)} of the gradients is {Optimizer.Format(total)}, " +
                "so they cannot be clipped; pass errorIfNonfinite: false to scale by it anyway.");

        double coefficient = maxNorm / (total + 1e-6);
        // Scaling by 1 changes nothing; NaN coefficients are applied, as in PyTorch.
        if (coefficient < 1 || double.IsNaN(coefficient))
        {
            using var noGrad = GradMode.NoGrad();
            foreach (Tensor g in grads)
                g.MulInPlace(coefficient);
        }
        return total;
    }

    /// <summary>Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0))
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue,
                $"ClipGradValue: clipValue must be non-negative, got {Optimizer.Format(clipValue)}.");
        foreach (Tensor g in Gradients(parameters, "ClipGradValue"))
        {
            if (g.DType == DType.Float32)
                TensorPrimitives.Clamp(g.ContiguousSpan<float>(), (float)-clipValue, (float)clipValue, g.ContiguousSpan<float>());
            else
                TensorPrimitives.Clamp(g.ContiguousSpan<double>(), -clipValue, clipValue, g.ContiguousSpan<double>());
            g.MarkModified();
        }
    }

    // The gradients of the parameters that have one, made contiguous (a strided gradient is replaced by a copy).
    private static List<Tensor> Gradients(IEnumerable<Tensor> parameters, string op)
    {
        var grads = new List<Tensor>();
        int index = 0;
        foreach (Tensor p in parameters)
        {
            if (p is null)
                throw new ArgumentException($"{op}: parameter {index} is null.", nameof(parameters));
            if (p.Grad is { } g)
            {
                g.ThrowIfDisposed();
                if (!g.DType.IsFloatingPoint())
                    throw new ArgumentException($"{op}: the gradient of parameter {index} is {g.DType.Name()}.", nameof(parameters));
                if (!g.IsContiguous)
                {
                    using var noGrad = GradMode.NoGrad();
                    Tensor copy = g.Contiguous();
                    TensorScope.Release(copy);
                    p.Grad = g = copy;
                }
                grads.Add(g);
            }
            index++;
        }
        return grads;
    }

    // Σ|x|^p over the span (max |x| for p = ∞), accumulated in float64 over chunks.
    private static double NormPart<T>(ReadOnlySpan<T> x, double p) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        const int Chunk = 256;
        Span<double> buffer = stackalloc double[Chunk];
        double result = 0;
        for (int start = 0; start < x.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, x.Length - start);
            Span<double> b = buffer[..n];
            TensorPrimitives.ConvertChecked(x.Slice(start, n), b);
            if (double.IsPositiveInfinity(p))
            {
                double m = Math.Abs(TensorPrimitives.MaxMagnitude<double>(b));
                result = double.IsNaN(m) ? double.NaN : Math.Max(result, m);
                continue;
            }
            if (p == 2)
            {
                result += TensorPrimitives.SumOfSquares<double>(b);
                continue;
            }
            TensorPrimitives.Abs<double>(b, b);
            if (p != 1)
                TensorPrimitives.Pow(b, p, b);
            result += TensorPrimitives.Sum<double>(b);
        }
        return result;
    }
}
