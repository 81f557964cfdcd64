using System.Diagnostics.CodeAnalysis;
using Glubina.Tensors;

namespace Glubina.Optim;

/// <summary>
/// What an optimizer remembers about one parameter between steps: a step count and named buffers shaped like the
/// parameter (<c>"momentum_buffer"</c>, <c>"exp_avg"</c>, <c>"exp_avg_sq"</c>, …, named as in PyTorch). Buffers are
/// created once, on first use, and updated in place afterwards; they belong to the optimizer, never to a
/// <see cref="TensorScope"/>.
/// </summary>
public sealed class ParameterState
{
    private readonly Dictionary<string, Tensor> _buffers = new(StringComparer.Ordinal);
    private readonly Tensor _parameter;

    internal ParameterState(Tensor parameter) => _parameter = parameter;

    /// <summary>Number of updates applied to the parameter (PyTorch's <c>state["step"]</c>).</summary>
    public long Step { get; set; }

    /// <summary>The buffers by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Buffers => _buffers;

    /// <summary>The buffer of this name, if it was created.</summary>
    public bool TryGetBuffer(string name, [NotNullWhen(true)] out Tensor? buffer) => _buffers.TryGetValue(name, out buffer);

    /// <summary>The buffer of this name; created on first call, shaped and typed like the parameter and filled with
    /// <paramref name="initialValue"/>.</summary>
    public Tensor GetOrAddBuffer(string name, double initialValue = 0)
    {
        if (_buffers.TryGetValue(name, out Tensor? buffer))
            return buffer;
        buffer = Tensor.Full(_parameter.ShapeArray(), initialValue, _parameter.DType);
        TensorScope.Release(buffer);
        _buffers.Add(name, buffer);
        return buffer;
    }

    // Installs a buffer restored by Optimizer.LoadStateDict (already checked and copied).
    internal void SetBuffer(string name, Tensor buffer)
    {
        TensorScope.Release(buffer);
        _buffers[name] = buffer;
    }
}
