using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// RMSprop with optional L2 weight decay, momentum, centering and maximization, exactly as PyTorch's
/// <c>torch.optim.RMSprop</c>: g ← ±∇ + λθ; s ← α·s + (1−α)·g²; centered: a ← α·a + (1−α)·g, r ← √(s − a²),
/// else r ← √s; r ← r + ε; with momentum b ← μb + g/r, θ ← θ − lr·b, else θ ← θ − lr·g/r.
/// Hyper-parameters: <see cref="RmsPropOptions"/>.
/// State: <c>step</c>, <c>square_avg</c>, <c>momentum_buffer</c> (momentum &gt; 0), <c>grad_avg</c> (centered).
/// </summary>
public sealed class RmsProp : Optimizer
{
    /// <summary>RMSprop over one group of parameters.</summary>
    public RmsProp(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : this(parameters, new RmsPropOptions(lr, alpha, eps, weightDecay, momentum, centered, maximize))
    {
    }

    /// <summary>RmsProp over one group of parameters with the given options.</summary>
    public RmsProp(IEnumerable<Tensor> parameters, RmsPropOptions options) : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>RmsProp over several groups; <paramref name="defaults"/> (PyTorch's when null) are for groups without
    /// options of their own.</summary>
    public RmsProp(IEnumerable<ParamGroup> groups, RmsPropOptions? defaults = null) : base(groups, defaults ?? new RmsPropOptions())
    {
    }

    /// <summary>Whether the second moment is centered by the running mean of the gradient.</summary>
    public bool Centered => ((RmsPropOptions)Defaults).Centered;

    /// <summary>Whether the objective is maximized (the gradient's sign is flipped).</summary>
    public bool Maximize => ((RmsPropOptions)Defaults).Maximize;

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        state.Step++;
        var o = (RmsPropOptions)group.Options;
        Tensor squareAvg = state.GetOrAddBuffer("square_avg");
        Tensor? gradAvg = o.Centered ? state.GetOrAddBuffer("grad_avg") : null;
        Tensor? buffer = o.Momentum > 0 ? state.GetOrAddBuffer("momentum_buffer") : null;
        var h = new Hyper(o.LearningRate, o.Alpha, o.Eps, o.WeightDecay, o.Momentum, o.Maximize);
        if (parameter.DType == DType.Float32)
            Apply(parameter.ContiguousSpan<float>(), grad.ContiguousSpan<float>(), squareAvg.ContiguousSpan<float>(),
                gradAvg is null ? default : gradAvg.ContiguousSpan<float>(),
                buffer is null ? default : buffer.ContiguousSpan<float>(), h);
        else
            Apply(parameter.ContiguousSpan<double>(), grad.ContiguousSpan<double>(), squareAvg.ContiguousSpan<double>(),
                gradAvg is null ? default : gradAvg.ContiguousSpan<double>(),
                buffer is null ? default : buffer.ContiguousSpan<double>(), h);
        squareAvg.MarkModified();
        gradAvg?.MarkModified();
        buffer?.MarkModified();
    }

    private readonly record struct Hyper(double Lr, double Alpha, double Eps, double WeightDecay, double Momentum,
        bool Maximize);

    // p, g, sq: [n]; ga (centered), buf (momentum): [n] or empty. Operation order as in torch.
    private static void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> sq, Span<T> ga, Span<T> buf, in Hyper h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateTruncating(h.Alpha), oneMinusAlpha = T.CreateTruncating(1 - h.Alpha);
        T eps = T.CreateTruncating(h.Eps), momentum = T.CreateTruncating(h.Momentum), negLr = T.CreateTruncating(-h.Lr);
        bool centered = !ga.IsEmpty, withMomentum = !buf.IsEmpty;
        Span<T> gradScratch = stackalloc T[ChunkedUpdate.Chunk];
        Span<T> avgScratch = stackalloc T[ChunkedUpdate.Chunk];
        Span<T> stepScratch = stackalloc T[ChunkedUpdate.Chunk];
        for (int start = 0; start < p.Length; start += ChunkedUpdate.Chunk)
        {
            int n = Math.Min(ChunkedUpdate.Chunk, p.Length - start);
            Span<T> pc = p.Slice(start, n), sc = sq.Slice(start, n), avg = avgScratch[..n], s = stepScratch[..n];
            ReadOnlySpan<T> gc = ChunkedUpdate.EffectiveGrad(g.Slice(start, n), pc, h.Maximize, h.WeightDecay, gradScratch);

            // s ← α·s + ((1−α)·g)·g
            TensorPrimitives.Multiply(sc, alpha, sc);
            TensorPrimitives.Multiply(gc, oneMinusAlpha, s);
            TensorPrimitives.FusedMultiplyAdd(s, gc, sc, sc);
            if (centered)
            {
                // a ← α·a + (1−α)·g ;  avg ← √(s + (−a)·a)
                Span<T> gac = ga.Slice(start, n);
                TensorPrimitives.Multiply(gac, alpha, gac);
                TensorPrimitives.FusedMultiplyAdd(gc, oneMinusAlpha, gac, gac);
                TensorPrimitives.Negate(gac, avg);
                TensorPrimitives.FusedMultiplyAdd(avg, gac, sc, avg);
                TensorPrimitives.Sqrt(avg, avg);
            }
            else
                TensorPrimitives.Sqrt(sc, avg);
            TensorPrimitives.Add(avg, eps, avg);

            if (withMomentum)
            {
                // b ← μ·b + g/avg ;  θ ← θ − lr·b
                Span<T> bc = buf.Slice(start, n);
                TensorPrimitives.Multiply(bc, momentum, bc);
                TensorPrimitives.Divide(gc, avg, s);
                TensorPrimitives.Add(bc, s, bc);
                TensorPrimitives.FusedMultiplyAdd(bc, negLr, pc, pc);
            }
            else
            {
                // θ ← θ + (−lr·g)/avg
                TensorPrimitives.Multiply(gc, negLr, s);
                TensorPrimitives.Divide(s, avg, s);
                TensorPrimitives.Add(pc, s, pc);
            }
        }
    }
}
