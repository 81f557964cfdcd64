using System.Numerics;
using System.Numerics.Tensors;

namespace Glubina.Kernels;

/// <summary>
/// Layer normalization over the last <c>d</c> values of each row, in one pass per row for the forward and one
/// for the backward (PyTorch's native layer_norm does the same instead of composing mean/var/sub/div).
/// </summary>
public static class LayerNormKernel
{
    // x: [rows, d], weight/bias: [d] or empty → y: [rows, d], mean/rstd: [rows]
    /// <summary>Normalizes each row of <paramref name="d"/> values to zero mean and unit variance (biased variance,
    /// <paramref name="eps"/> added under the root), then scales by <paramref name="weight"/> and shifts by
    /// <paramref name="bias"/> when they are not empty. Saves each row's mean and 1/σ for <see cref="Backward{T}"/>.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, T eps, int d,
        Span<T> y, Span<T> mean, Span<T> rstd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(d);
        for (int r = 0; r < mean.Length; r++)
        {
            var xs = x.Slice(r * d, d);
            var ys = y.Slice(r * d, d);
            T m = TensorPrimitives.Sum(xs) / n;
            TensorPrimitives.Subtract(xs, m, ys);
            T s = T.One / T.Sqrt(TensorPrimitives.SumOfSquares<T>(ys) / n + eps);
            TensorPrimitives.Multiply(ys, s, ys);
            if (!weight.IsEmpty)
                TensorPrimitives.Multiply(ys, weight, ys);
            if (!bias.IsEmpty)
                TensorPrimitives.Add(ys, bias, ys);
            mean[r] = m;
            rstd[r] = s;
        }
    }

    // x, dy: [rows, d], weight: [d] or empty, mean/rstd: [rows] → dx: [rows, d] (or empty),
    // dWeight/dBias: [d] accumulated (or empty); scratch: 2·d values
    /// <summary>Gradients of <see cref="Forward{T}"/> from the saved mean and 1/σ: <paramref name="dx"/> is overwritten,
    /// <paramref name="dWeight"/> and <paramref name="dBias"/> are added to; pass an empty span for any gradient not wanted.</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, ReadOnlySpan<T> weight, ReadOnlySpan<T> mean,
        ReadOnlySpan<T> rstd, int d, Span<T> dx, Span<T> dWeight, Span<T> dBias, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(d);
        Span<T> xhat = scratch[..d], dxhat = scratch.Slice(d, d);
        for (int r = 0; r < mean.Length; r++)
        {
            var gs = dy.Slice(r * d, d);
            TensorPrimitives.Subtract(x.Slice(r * d, d), mean[r], xhat);
            TensorPrimitives.Multiply(xhat, rstd[r], xhat);
            if (!dWeight.IsEmpty)
                TensorPrimitives.FusedMultiplyAdd(gs, xhat, dWeight, dWeight);
            if (!dBias.IsEmpty)
                TensorPrimitives.Add(gs, dBias, dBias);
            if (dx.IsEmpty)
                continue;
            if (weight.IsEmpty)
                gs.CopyTo(dxhat);
            else
                TensorPrimitives.Multiply(gs, weight, dxhat);
            // dx = rstd·(dxhat − mean(dxhat) − xhat·mean(dxhat·xhat))
            T a = TensorPrimitives.Sum<T>(dxhat) / n;
            T b = TensorPrimitives.Dot<T>(dxhat, xhat) / n;
            var dxs = dx.Slice(r * d, d);
            TensorPrimitives.MultiplyAdd(xhat, -b, dxhat, dxs);
            TensorPrimitives.Subtract(dxs, a, dxs);
            TensorPrimitives.Multiply(dxs, rstd[r], dxs);
        }
    }
}
