using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight decay and
/// maximization, exactly as PyTorch's <c>torch.optim.SGD</c>:
/// g ← ±∇ + λθ; b ← g on the first step, else μb + (1−τ)g; d ← g + μb (Nesterov) or b; θ ← θ − lr·d.
/// Hyper-parameters: <see cref="SgdOptions"/>. State: <c>momentum_buffer</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    private const string Buffer = "momentum_buffer";

    /// <summary>SGD over one group of parameters.</summary>
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false, bool maximize = false)
        : this(parameters, new SgdOptions(lr, momentum, dampening, weightDecay, nesterov, maximize))
    {
    }

    /// <summary>SGD over one group of parameters with the given options.</summary>
    public Sgd(IEnumerable<Tensor> parameters, SgdOptions options) : this([new ParamGroup(parameters)], options)
    {
    }

    /// <summary>SGD over several groups; <paramref name="defaults"/> are for groups without options of their own.</summary>
    public Sgd(IEnumerable<ParamGroup> groups, SgdOptions defaults) : base(groups, defaults)
    {
    }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov => ((SgdOptions)Defaults).Nesterov;

    /// <summary>Whether the objective is maximized (the gradient's sign is flipped).</summary>
    public bool Maximize => ((SgdOptions)Defaults).Maximize;

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
    {
        state.Step++;
        var options = (SgdOptions)group.Options;
        double momentum = options.Momentum;
        Tensor? buffer = null;
        bool first = false;
        if (momentum != 0 && !state.TryGetBuffer(Buffer, out buffer))
        {
            buffer = state.GetOrAddBuffer(Buffer);
            first = true;
        }
        var h = new Hyper(options.LearningRate, momentum, options.Dampening, options.WeightDecay, options.Nesterov,
            options.Maximize, first);
        if (parameter.DType == DType.Float32)
            Apply(parameter.ContiguousSpan<float>(), grad.ContiguousSpan<float>(),
                buffer is null ? default : buffer.ContiguousSpan<float>(), h);
        else
            Apply(parameter.ContiguousSpan<double>(), grad.ContiguousSpan<double>(),
                buffer is null ? default : buffer.ContiguousSpan<double>(), h);
        buffer?.MarkModified();
    }

    private readonly record struct Hyper(double Lr, double Momentum, double Dampening, double WeightDecay,
        bool Nesterov, bool Maximize, bool FirstStep);

    // p, g, buf: [n] (buf empty without momentum). The operation order follows torch's so float32 rounding matches.
    private static void Apply<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> buf, in Hyper h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T weightDecay = T.CreateTruncating(h.WeightDecay), momentum = T.CreateTruncating(h.Momentum);
        T keep = T.CreateTruncating(1 - h.Dampening), negLr = T.CreateTruncating(-h.Lr);
        bool scratchNeeded = h.Maximize || h.WeightDecay != 0 || (h.Momentum != 0 && h.Nesterov);
        Span<T> scratch = stackalloc T[ChunkedUpdate.Chunk];
        for (int start = 0; start < p.Length; start += ChunkedUpdate.Chunk)
        {
            int n = Math.Min(ChunkedUpdate.Chunk, p.Length - start);
            Span<T> pc = p.Slice(start, n);
            scoped ReadOnlySpan<T> d = g.Slice(start, n);
            if (scratchNeeded)
            {
                Span<T> s = scratch[..n];
                if (h.Maximize)
                    TensorPrimitives.Negate(d, s);
                else
                    d.CopyTo(s);
                if (h.WeightDecay != 0)
                    TensorPrimitives.FusedMultiplyAdd(pc, weightDecay, s, s);
                d = s;
            }
            if (h.Momentum != 0)
            {
                Span<T> b = buf.Slice(start, n);
                if (h.FirstStep)
                    d.CopyTo(b);
                else
                {
                    TensorPrimitives.Multiply(b, momentum, b);
                    TensorPrimitives.FusedMultiplyAdd(d, keep, b, b);
                }
                if (h.Nesterov)
                {
                    TensorPrimitives.FusedMultiplyAdd(b, momentum, d, scratch[..n]);
                    d = scratch[..n];
                }
                else
                    d = b;
            }
            TensorPrimitives.FusedMultiplyAdd(d, negLr, pc, pc);
        }
    }
}
