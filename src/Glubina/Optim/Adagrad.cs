using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// Adagrad with optional learning-rate decay, L2 weight decay, an initial accumulator value and maximization,
/// exactly as PyTorch's <c>torch.optim.Adagrad</c>: g ← ±∇ + λθ; lr_t ← lr / (1 + (t−1)·lr_decay);
/// S ← S + g²; θ ← θ − lr_t·g / (√S + ε). Hyper-parameters: <see cref="AdagradOptions"/>. State: <c>step</c>, <c>sum</c>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Adagrad over one group of parameters.</summary>
    public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
        double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
        : this(parameters, new AdagradOptions(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize))
    {
    }

    /// <summary>Adagrad over one group of parameters with the given options.</summary>
    public Adagrad(IEnumerable<Tensor> parameters, AdagradOptions options) : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>Adagrad over several groups; <paramref name="defaults"/> (PyTorch's when null) are for groups without
    /// options of their own.</summary>
    public Adagrad(IEnumerable<ParamGroup> groups, AdagradOptions? defaults = null) : base(groups, defaults ?? new AdagradOptions())
    {
    }

    /// <summary>Whether the objective is maximized (the gradient's sign is flipped).</summary>
    public bool Maximize => ((AdagradOptions)Defaults).Maximize;

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        state.Step++;
        var o = (AdagradOptions)group.Options;
        // The accumulator starts at InitialAccumulatorValue (PyTorch fills it when the optimizer is built).
        Tensor sum = state.GetOrAddBuffer("sum", o.InitialAccumulatorValue);
        double clr = o.LearningRate / (1 + (state.Step - 1) * o.LrDecay);
        var h = new Hyper(clr, o.Eps, o.WeightDecay, o.Maximize);
        if (parameter.DType == DType.Float32)
            Apply(parameter.ContiguousSpan<float>(), grad.ContiguousSpan<float>(), sum.ContiguousSpan<float>(), h);
        else
            Apply(parameter.ContiguousSpan<double>(), grad.ContiguousSpan<double>(), sum.ContiguousSpan<double>(), h);
        sum.MarkModified();
    }

    private readonly record struct Hyper(double Clr, double Eps, double WeightDecay, bool Maximize);

    // p, g, sum: [n]. Operation order as in torch.
    private static void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> sum, in Hyper h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eps = T.CreateTruncating(h.Eps), negClr = T.CreateTruncating(-h.Clr);
        Span<T> gradScratch = stackalloc T[ChunkedUpdate.Chunk];
        Span<T> stdScratch = stackalloc T[ChunkedUpdate.Chunk];
        Span<T> stepScratch = stackalloc T[ChunkedUpdate.Chunk];
        for (int start = 0; start < p.Length; start += ChunkedUpdate.Chunk)
        {
            int n = Math.Min(ChunkedUpdate.Chunk, p.Length - start);
            Span<T> pc = p.Slice(start, n), sc = sum.Slice(start, n), std = stdScratch[..n], s = stepScratch[..n];
            ReadOnlySpan<T> gc = ChunkedUpdate.EffectiveGrad(g.Slice(start, n), pc, h.Maximize, h.WeightDecay, gradScratch);
            // S ← S + g·g ;  θ ← θ + (−lr_t·g) / (√S + ε)
            TensorPrimitives.FusedMultiplyAdd(gc, gc, sc, sc);
            TensorPrimitives.Sqrt(sc, std);
            TensorPrimitives.Add(std, eps, std);
            TensorPrimitives.Multiply(gc, negClr, s);
            TensorPrimitives.Divide(s, std, s);
            TensorPrimitives.Add(pc, s, pc);
        }
    }
}
