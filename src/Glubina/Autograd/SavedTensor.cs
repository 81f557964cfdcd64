using Glubina.Tensors;

namespace Glubina.Autograd;

/// <summary>A tensor kept for backward together with its storage version, so an in-place change made after
/// it was saved is reported instead of silently producing wrong gradients.</summary>
internal readonly struct SavedTensor
{
    private readonly Tensor _tensor;
    private readonly int _version;

    public SavedTensor(Tensor tensor)
    {
        _tensor = tensor;
        _version = tensor.Version;
    }

    public Tensor Get(string op)
    {
        if (_tensor.Version != _version)
            throw new InvalidOperationException(
                $"One of the tensors needed to compute the gradient of '{op}' (shape {ShapeMath.Format(_tensor.Shape)}) " +
                $"was modified by an in-place operation after it was used (version {_version} when saved, now {_tensor.Version}). " +
                "Use an out-of-place operation or Clone() the tensor before changing it.");
        _tensor.ThrowIfDisposed();
        return _tensor;
    }
}
