using System.Numerics;
using System.Numerics.Tensors;
using Glubina.Tensors;
using Tensor = Glubina.Tensors.Tensor;

namespace Glubina.Autograd.Ops;

/// <summary>Fused log-softmax + negative log-likelihood over class logits: one pass per row computes the
/// log-sum-exp and the loss, and the backward is (softmax − one_hot)·g/N without materialising log-softmax.</summary>
internal static class CrossEntropyOps
{
    // logits: [N, C], targets: [N] int64 → mean loss: []
    public static Tensor CrossEntropy(Tensor logits, Tensor targets)
    {
        logits.EnsureFloating("cross_entropy");
        if (logits.Rank != 2)
            throw new ArgumentException($"cross_entropy: logits must be [N, C], got {ShapeMath.Format(logits.Shape)}.");
        if (targets.DType != DType.Int64 || targets.Rank != 1 || targets.Size(0) != logits.Size(0))
            throw new ArgumentException(
                $"cross_entropy: targets must be int64 [N] with N = {logits.Size(0)}, got {targets.DType.Name()} {ShapeMath.Format(targets.Shape)}.");
        Tensor x = logits.IsContiguous ? logits : CopyOps.RawCopy(logits);
        long[] t = targets.ToArray<long>();
        int n = x.Size(0), c = x.Size(1);
        for (int i = 0; i < n; i++)
            if (t[i] < 0 || t[i] >= c)
                throw new ArgumentOutOfRangeException(nameof(targets),
                    $"cross_entropy: target {t[i]} of row {i} is outside the classes 0..{c - 1}.");
        Tensor logSumExp = Tensor.Empty(x.DType, [n]);
        Tensor loss = Tensor.Empty(x.DType, []);
        DTypeDispatch.Float(x.DType, new ForwardBody(x, t, logSumExp, loss));
        return Node.ShouldRecord(logits) ? Node.Record(loss, new CrossEntropyNode(logits, x, t, logSumExp)) : loss;
    }

    // x: [N, C] contiguous, targets: [N] → logSumExp: [N], loss: [] (the mean, summed in double)
    private readonly struct ForwardBody(Tensor x, long[] targets, Tensor logSumExp, Tensor loss) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = x.Size(0), c = x.Size(1);
            ReadOnlySpan<T> data = x.ContiguousSpan<T>();
            Span<T> lse = logSumExp.ContiguousSpan<T>();
            double total = 0;
            for (int i = 0; i < n; i++)
            {
                var row = data.Slice(i * c, c);
                T max = TensorPrimitives.Max(row);
                T sum = T.Zero;
                foreach (T v in row)
                    sum += T.Exp(v - max);
                lse[i] = max + T.Log(sum);
                total += double.CreateChecked(lse[i] - row[(int)targets[i]]);
            }
            loss.ContiguousSpan<T>()[0] = T.CreateChecked(n == 0 ? double.NaN : total / n);
        }
    }

    // x: [N, C], logSumExp: [N], g: [] → dx: [N, C] = (softmax − one_hot)·g/N
    private readonly struct BackwardBody(Tensor x, long[] targets, Tensor logSumExp, double g, Tensor dx) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = x.Size(0), c = x.Size(1);
            T scale = T.CreateChecked(g / n);
            ReadOnlySpan<T> data = x.ContiguousSpan<T>();
            ReadOnlySpan<T> l = logSumExp.ContiguousSpan<T>();
            Span<T> d = dx.ContiguousSpan<T>();
            for (int i = 0; i < n; i++)
            {
                var row = data.Slice(i * c, c);
                var drow = d.Slice(i * c, c);
                TensorPrimitives.Subtract(row, l[i], drow);
                TensorPrimitives.Exp(drow, drow);              // softmax
                drow[(int)targets[i]] -= T.One;
                TensorPrimitives.Multiply(drow, scale, drow);
            }
        }
    }

    private sealed class CrossEntropyNode(Tensor logits, Tensor x, long[] targets, Tensor logSumExp) : Node(logits)
    {
        private readonly SavedTensor _x = new(x), _lse = new(logSumExp);

        public override string Name => "cross_entropy";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor xs = _x.Get(Name), lse = _lse.Get(Name);
            Tensor dx = Tensor.Empty(xs.DType, xs.ShapeArray());
            DTypeDispatch.Float(xs.DType, new BackwardBody(xs, targets, lse, g.Item(), dx));
            return [dx];
        }
    }
}
