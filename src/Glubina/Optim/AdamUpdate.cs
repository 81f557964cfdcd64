using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>The Adam update shared by <see cref="Adam"/> (L2 weight decay folded into the gradient) and
/// <see cref="AdamW"/> (decoupled decay applied to the parameter first), in PyTorch 1.13's operation order.</summary>
internal static class AdamUpdate
{
    public const string ExpAvg = "exp_avg";
    public const string ExpAvgSq = "exp_avg_sq";
    public const string MaxExpAvgSq = "max_exp_avg_sq";

    /// <summary>One step for one parameter. The weight decay λ is added to the gradient as λθ (Adam), or with
    /// <paramref name="decoupled"/> multiplies the parameter by 1 − lr·λ before the update (AdamW).</summary>
    public static void Update(AdamOptions o, Tensor parameter, Tensor grad, ParameterState state, bool decoupled)
    {
        state.Step++;
        double lr = o.LearningRate, beta1 = o.Beta1, beta2 = o.Beta2;
        double l2 = decoupled ? 0 : o.WeightDecay, decay = decoupled ? o.WeightDecay : 0;
        double biasCorrection1 = 1 - Math.Pow(beta1, state.Step);
        double biasCorrection2 = 1 - Math.Pow(beta2, state.Step);
        var h = new Hyper(beta1, beta2, o.Eps, l2, lr / biasCorrection1, Math.Sqrt(biasCorrection2),
            1 - lr * decay, decay != 0, o.Maximize, o.Amsgrad);
        Tensor m = state.GetOrAddBuffer(ExpAvg), v = state.GetOrAddBuffer(ExpAvgSq);
        Tensor? vMax = o.Amsgrad ? state.GetOrAddBuffer(MaxExpAvgSq) : null;
        if (parameter.DType == DType.Float32)
            Apply(parameter.ContiguousSpan<float>(), grad.ContiguousSpan<float>(), m.ContiguousSpan<float>(),
                v.ContiguousSpan<float>(), vMax is null ? default : vMax.ContiguousSpan<float>(), h);
        else
            Apply(parameter.ContiguousSpan<double>(), grad.ContiguousSpan<double>(), m.ContiguousSpan<double>(),
                v.ContiguousSpan<double>(), vMax is null ? default : vMax.ContiguousSpan<double>(), h);
        m.MarkModified();
        v.MarkModified();
        vMax?.MarkModified();
    }

    private readonly record struct Hyper(double Beta1, double Beta2, double Eps, double L2, double StepSize,
        double BiasCorrection2Sqrt, double DecayFactor, bool Decoupled, bool Maximize, bool Amsgrad);

    // p, g, m, v, vMax: [n] (vMax empty without amsgrad)
    private static void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> vMax, in Hyper h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T beta1 = T.CreateTruncating(h.Beta1), oneMinusBeta1 = T.CreateTruncating(1 - h.Beta1);
        T beta2 = T.CreateTruncating(h.Beta2), oneMinusBeta2 = T.CreateTruncating(1 - h.Beta2);
        T eps = T.CreateTruncating(h.Eps), negStepSize = T.CreateTruncating(-h.StepSize);
        T bc2Sqrt = T.CreateTruncating(h.BiasCorrection2Sqrt), decay = T.CreateTruncating(h.DecayFactor);
        Span<T> gradScratch = stackalloc T[ChunkedUpdate.Chunk];
        Span<T> denom = stackalloc T[ChunkedUpdate.Chunk];
        Span<T> step = stackalloc T[ChunkedUpdate.Chunk];
        for (int start = 0; start < p.Length; start += ChunkedUpdate.Chunk)
        {
            int n = Math.Min(ChunkedUpdate.Chunk, p.Length - start);
            Span<T> pc = p.Slice(start, n), mc = m.Slice(start, n), vc = v.Slice(start, n);
            Span<T> d = denom[..n], s = step[..n];
            if (h.Decoupled)
                TensorPrimitives.Multiply(pc, decay, pc);
            ReadOnlySpan<T> gc = ChunkedUpdate.EffectiveGrad(g.Slice(start, n), pc, h.Maximize, h.L2, gradScratch);

            // m ← β1·m + (1−β1)·g ;  v ← β2·v + ((1−β2)·g)·g
            TensorPrimitives.Multiply(mc, beta1, mc);
            TensorPrimitives.FusedMultiplyAdd(gc, oneMinusBeta1, mc, mc);
            TensorPrimitives.Multiply(vc, beta2, vc);
            TensorPrimitives.Multiply(gc, oneMinusBeta2, s);
            TensorPrimitives.FusedMultiplyAdd(s, gc, vc, vc);

            Span<T> second = vc;
            if (h.Amsgrad)
            {
                second = vMax.Slice(start, n);
                TensorPrimitives.Max(second, vc, second);
            }
            // denom ← √v / √(1−β2^t) + ε ;  θ ← θ + (−lr/(1−β1^t))·m / denom
            TensorPrimitives.Sqrt(second, d);
            TensorPrimitives.Divide(d, bc2Sqrt, d);
            TensorPrimitives.Add(d, eps, d);
            TensorPrimitives.Multiply(mc, negStepSize, s);
            TensorPrimitives.Divide(s, d, s);
            TensorPrimitives.Add(pc, s, pc);
        }
    }
}
