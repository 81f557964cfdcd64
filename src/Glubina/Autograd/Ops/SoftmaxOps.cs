using System.Numerics;
using System.Numerics.Tensors;
using Glubina.Tensors;
using Tensor = Glubina.Tensors.Tensor;

namespace Glubina.Autograd.Ops;

/// <summary>Numerically stable softmax and log-softmax along one dim (the max is subtracted first), with their
/// backward: softmax dx = y·(dy − Σdy·y); log-softmax dx = dy − exp(y)·Σdy.</summary>
internal static class SoftmaxOps
{
    public static Tensor Softmax(Tensor x, int dim, bool log)
    {
        string name = log ? "log_softmax" : "softmax";
        x.EnsureFloating(name);
        int d = ShapeMath.NormalizeDim(dim, x.Rank, name);
        Tensor moved = MoveToLast(x, d);
        Tensor y = Tensor.Empty(x.DType, moved.ShapeArray());
        int len = x.Rank == 0 ? 1 : x.Shape[d];
        DTypeDispatch.Float(x.DType, new ForwardBody(moved, y, len, log));
        Tensor result = MoveBack(y, d, x.Rank);
        return Node.ShouldRecord(x) ? Node.Record(result, new SoftmaxNode(x, y, d, log)) : result;
    }

    // A contiguous copy whose last dim is `dim` (no copy when dim is already last and the tensor contiguous).
    private static Tensor MoveToLast(Tensor x, int dim)
    {
        if (x.Rank == 0)
            return CopyOps.RawCopy(x);
        Tensor t = dim == x.Rank - 1 ? x : x.Detach().Transpose(dim, -1);
        return t.IsContiguous ? t : CopyOps.RawCopy(t);
    }

    private static Tensor MoveBack(Tensor y, int dim, int rank) =>
        rank == 0 || dim == rank - 1 ? y : CopyOps.RawCopy(y.Transpose(dim, -1));

    // x, y: contiguous rows of len
    private readonly struct ForwardBody(Tensor x, Tensor y, int len, bool log) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            ReadOnlySpan<T> src = x.ContiguousSpan<T>();
            Span<T> dst = y.ContiguousSpan<T>();
            for (int start = 0; len > 0 && start < src.Length; start += len)
            {
                var xs = src.Slice(start, len);
                var ys = dst.Slice(start, len);
                T max = TensorPrimitives.Max(xs);
                TensorPrimitives.Subtract(xs, max, ys);
                if (log)
                {
                    // log softmax = (x − max) − log Σ exp(x − max)
                    T sum = T.Zero;
                    foreach (T v in ys)
                        sum += T.Exp(v);
                    TensorPrimitives.Subtract(ys, T.Log(sum), ys);
                }
                else
                {
                    TensorPrimitives.Exp(ys, ys);
                    TensorPrimitives.Divide(ys, TensorPrimitives.Sum<T>(ys), ys);
                }
            }
        }
    }

    // y, dy, dx: contiguous rows of len
    private readonly struct BackwardBody(Tensor y, Tensor dy, Tensor dx, int len, bool log) : IFloatBody
    {
        public void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            ReadOnlySpan<T> ya = y.ContiguousSpan<T>(), ga = dy.ContiguousSpan<T>();
            Span<T> da = dx.ContiguousSpan<T>();
            for (int start = 0; len > 0 && start < ya.Length; start += len)
            {
                var ys = ya.Slice(start, len);
                var gs = ga.Slice(start, len);
                var dxs = da.Slice(start, len);
                if (log)
                {
                    T sum = TensorPrimitives.Sum(gs);
                    for (int i = 0; i < len; i++)
                        dxs[i] = gs[i] - T.Exp(ys[i]) * sum;
                }
                else
                {
                    T dot = TensorPrimitives.Dot(gs, ys);
                    for (int i = 0; i < len; i++)
                        dxs[i] = ys[i] * (gs[i] - dot);
                }
            }
        }
    }

    private sealed class SoftmaxNode(Tensor x, Tensor movedY, int dim, bool log) : Node(x)
    {
        private readonly SavedTensor _y = new(movedY);

        public override string Name => log ? "log_softmax" : "softmax";

        protected override Tensor?[] Backward(Tensor g)
        {
            Tensor y = _y.Get(Name);
            Tensor gm = MoveToLast(g, dim);
            Tensor dx = Tensor.Empty(y.DType, y.ShapeArray());
            int len = Inputs[0].Rank == 0 ? 1 : Inputs[0].Shape[dim];
            DTypeDispatch.Float(y.DType, new BackwardBody(y, gm, dx, len, log));
            return [MoveBack(dx, dim, Inputs[0].Rank)];
        }
    }
}
