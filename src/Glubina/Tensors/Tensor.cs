using Glubina.Autograd;

namespace Glubina.Tensors;

/// <summary>
/// An N-dimensional array with reverse-mode autograd. A tensor is a view (shape, strides, offset) over a shared
/// <see cref="Storage"/>; views such as <see cref="Transpose"/> or <see cref="Narrow"/> share it without copying.
/// Operations are methods in the theme files (Tensor.Elementwise.cs, Tensor.Reductions.cs, …).
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly int[] _shape;
    private readonly int[] _strides;
    private readonly int _offset;
    private bool _requiresGrad;
    private bool _disposed;

    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        Storage = storage;
        _shape = shape;
        _strides = strides;
        _offset = offset;
        storage.AddReference();
        IsContiguous = ShapeMath.IsContiguous(shape, strides);
        Numel = ShapeMath.Numel(shape);
        TensorScope.Register(this);
    }

    /// <summary>A new contiguous tensor of the given shape; zero-filled when <paramref name="clear"/>.</summary>
    internal static Tensor Empty(DType dtype, int[] shape, bool clear = false)
    {
        var storage = Storage.Allocate(dtype, ShapeMath.Numel(shape), clear);
        return new Tensor(storage, shape, ShapeMath.ContiguousStrides(shape), 0);
    }

    /// <summary>A view of this tensor's storage with the given layout (torch.as_strided); the view ops build on it.</summary>
    internal Tensor AsStrided(int[] shape, int[] strides, int offset) => new(Storage, shape, strides, offset);

    /// <summary>Element type, shared with every view of the same storage.</summary>
    public DType DType => Storage.DType;

    /// <summary>Size of each dimension.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Element strides of each dimension.</summary>
    public ReadOnlySpan<int> Strides => _strides;

    /// <summary>Offset of the first element in the storage.</summary>
    public int StorageOffset => _offset;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Total number of elements.</summary>
    public int Numel { get; }

    /// <summary>True when elements are laid out row-major without gaps.</summary>
    public bool IsContiguous { get; }

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int Size(int dim) => _shape[ShapeMath.NormalizeDim(dim, Rank, "Size")];

    /// <summary>The shape as a new array.</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    // ---- autograd state ----

    /// <summary>The function that produced this tensor; null for leaves.</summary>
    internal Node? GradFn { get; private set; }

    /// <summary>True for tensors created by the user (not by a recorded operation).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>Accumulated gradient of a leaf (or of a non-leaf that called <see cref="RetainGrad"/>).</summary>
    public Tensor? Grad { get; set; }

    internal bool RetainsGrad { get; private set; }

    /// <summary>Whether operations on this tensor are recorded for <see cref="Backward"/>.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (!IsLeaf)
                throw new InvalidOperationException(
                    "RequiresGrad can only be changed on leaf tensors; use Detach() to get a leaf from a computed tensor.");
            if (value && !DType.IsFloatingPoint())
                throw new InvalidOperationException(
                    $"Only floating-point tensors can require gradients, this one is {DType.Name()}.");
            _requiresGrad = value;
        }
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for chaining.</summary>
    public Tensor RequiresGrad_(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    /// <summary>Keeps the gradient of this non-leaf tensor in <see cref="Grad"/> during backward.</summary>
    public void RetainGrad() => RetainsGrad = true;

    internal void SetGradFn(Node node)
    {
        GradFn = node;
        _requiresGrad = true;
    }

    // ---- raw data access (internal: ops read a tensor only through these and the public Shape, Strides, StorageOffset) ----

    /// <summary>The shared buffer this tensor views.</summary>
    internal Storage Storage { get; }

    internal T[] Data<T>() => Storage.Items<T>();

    /// <summary>The elements of a contiguous tensor as a span over its storage.</summary>
    internal Span<T> ContiguousSpan<T>()
    {
        if (!IsContiguous)
            throw new InvalidOperationException("Internal error: ContiguousSpan on a non-contiguous tensor.");
        return Storage.Items<T>().AsSpan(_offset, Numel);
    }

    /// <summary>Marks the storage as written in place (autograd checks saved tensors against this).</summary>
    internal void MarkModified() => Storage.BumpVersion();

    internal int Version => Storage.Version;

    internal void EnsureFloating(string op)
    {
        if (!DType.IsFloatingPoint())
            throw new ArgumentException(
                $"{op}: expected a floating-point tensor (float32 or float64), got {DType.Name()} with shape {ShapeMath.Format(_shape)}; " +
                "convert it with To(DType.Float32).");
    }

    internal void ThrowIfDisposed()
    {
        if (_disposed)
            throw new ObjectDisposedException("Tensor",
                $"Tensor {ShapeMath.Format(_shape)} {DType.Name()} was disposed (directly or by the end of its TensorScope).");
    }

    /// <summary>Releases this tensor's hold on its storage; pooled memory returns when no view uses it.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Storage.Release();
    }

    internal bool IsDisposed => _disposed;

    /// <summary>The scope that disposes this tensor when it ends, if any.</summary>
    internal TensorScope? Owner { get; set; }
}
