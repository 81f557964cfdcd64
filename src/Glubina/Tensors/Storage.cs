using System.Buffers;

namespace Glubina.Tensors;

/// <summary>
/// The flat buffer behind one or more tensors (a tensor and its views share one storage). Large buffers are
/// rented from the shared array pool and go back to it when the last tensor using them is disposed, so a
/// training step inside a <see cref="TensorScope"/> reuses memory instead of allocating it.
/// </summary>
internal sealed class Storage
{
    // Below this many elements a plain array is cheaper than the pool's bookkeeping.
    private const int PoolThreshold = 256;

    private Array? _array;
    private readonly bool _pooled;
    private int _references;

    public DType DType { get; }

    /// <summary>Number of usable elements (a pooled array may be longer).</summary>
    public int Length { get; }

    /// <summary>Bumped by every in-place write; autograd compares it with the value saved at record time.</summary>
    public int Version { get; private set; }

    private Storage(DType dtype, Array array, int length, bool pooled)
    {
        DType = dtype;
        _array = array;
        Length = length;
        _pooled = pooled;
    }

    public static Storage Allocate(DType dtype, int length, bool clear)
    {
        bool pooled = length >= PoolThreshold;
        Array array = dtype switch
        {
            DType.Float32 => Rent<float>(length, pooled, clear),
            DType.Float64 => Rent<double>(length, pooled, clear),
            DType.Int64 => Rent<long>(length, pooled, clear),
            DType.Bool => Rent<bool>(length, pooled, clear),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
        };
        return new Storage(dtype, array, length, pooled);
    }

    /// <summary>Wraps a caller's array without copying (never returned to the pool).</summary>
    public static Storage Wrap(DType dtype, Array array, int length) => new(dtype, array, length, pooled: false);

    private static T[] Rent<T>(int length, bool pooled, bool clear)
    {
        if (!pooled)
            return length == 0 ? [] : new T[length];
        T[] array = ArrayPool<T>.Shared.Rent(length);
        if (clear)
            Array.Clear(array, 0, length);
        return array;
    }

    public T[] Items<T>()
    {
        Array? array = _array ?? throw new ObjectDisposedException(
            "Tensor", "The tensor's storage was returned to the pool: the tensor was disposed, or was created inside a " +
            "TensorScope that has ended. Keep it with scope.Keep(tensor) or copy it with Clone() before the scope ends.");
        return (T[])array;
    }

    public bool IsReleased => _array is null;

    public void AddReference() => Interlocked.Increment(ref _references);

    public void BumpVersion() => Version++;

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) > 0)
            return;
        Array? array = Interlocked.Exchange(ref _array, null);
        if (array is null || !_pooled)
            return;
        switch (array)
        {
            case float[] f: ArrayPool<float>.Shared.Return(f); break;
            case double[] d: ArrayPool<double>.Shared.Return(d); break;
            case long[] l: ArrayPool<long>.Shared.Return(l); break;
            case bool[] b: ArrayPool<bool>.Shared.Return(b); break;
        }
    }
}
