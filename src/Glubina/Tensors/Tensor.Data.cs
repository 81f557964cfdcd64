using System.Numerics.Tensors;
using Glubina.Autograd;
using Glubina.Autograd.Ops;

namespace Glubina.Tensors;

public sealed partial class Tensor
{
    /// <summary>This tensor if contiguous, else a contiguous copy (differentiable).</summary>
    public Tensor Contiguous() => CopyOps.Contiguous(this);

    /// <summary>A copy with its own storage (differentiable).</summary>
    public Tensor Clone() => CopyOps.Clone(this);

    /// <summary>Converts to another dtype (differentiable between float32 and float64).</summary>
    public Tensor To(DType dtype) => CopyOps.Cast(this, dtype);

    /// <summary>The same data, cut from the graph: a leaf that does not require grad.</summary>
    public Tensor Detach() => new(Storage, _shape, _strides, _offset);

    /// <summary>The elements in row-major order as a new array of <typeparamref name="T"/> (which must match the dtype).</summary>
    public T[] ToArray<T>()
    {
        ThrowIfDisposed();
        Type expected = DType switch
        {
            DType.Float32 => typeof(float),
            DType.Float64 => typeof(double),
            DType.Int64 => typeof(long),
            _ => typeof(bool),
        };
        if (typeof(T) != expected)
            throw new ArgumentException(
                $"ToArray<{typeof(T).Name}>: the tensor is {DType.Name()}; use ToArray<{expected.Name}>() or To(dtype) first.");
        Tensor c = IsContiguous ? this : CopyOps.RawCopy(this);
        return c.ContiguousSpan<T>().ToArray();
    }

    /// <summary>The elements as float32 values, converting from any dtype.</summary>
    public float[] ToFloatArray() => To(DType.Float32).ToArray<float>();

    /// <summary>The elements as float64 values, converting from any dtype.</summary>
    public double[] ToDoubleArray() => To(DType.Float64).ToArray<double>();

    /// <summary>The value of a one-element tensor, as a double.</summary>
    public double Item()
    {
        if (Numel != 1)
            throw new InvalidOperationException(
                $"Item: only a one-element tensor can be converted to a number, this one has shape {ShapeMath.Format(_shape)}.");
        return GetRaw(_offset);
    }

    /// <summary>The element at a full index (negative indices count from the end), as a double.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public double this[params int[] index]
    {
        get
        {
            if (index.Length != Rank)
                throw new ArgumentException(
                    $"Indexer: {index.Length} indices given for a tensor of rank {Rank} (shape {ShapeMath.Format(_shape)}).");
            int offset = _offset;
            for (int d = 0; d < Rank; d++)
            {
                int i = index[d] < 0 ? index[d] + _shape[d] : index[d];
                if (i < 0 || i >= _shape[d])
                    throw new IndexOutOfRangeException(
                        $"Indexer: index {index[d]} is out of range for dim {d} of size {_shape[d]} (shape {ShapeMath.Format(_shape)}).");
                offset += i * _strides[d];
            }
            return GetRaw(offset);
        }
    }

    private double GetRaw(int storageIndex) => DType switch
    {
        DType.Float32 => Data<float>()[storageIndex],
        DType.Float64 => Data<double>()[storageIndex],
        DType.Int64 => Data<long>()[storageIndex],
        _ => Data<bool>()[storageIndex] ? 1 : 0,
    };

    // ---- in-place updates (optimizers, gradient accumulation); they bump the storage version ----

    private void CheckInPlace(string op)
    {
        ThrowIfDisposed();
        if (GradMode.IsEnabled && IsLeaf && RequiresGrad)
            throw new InvalidOperationException(
                $"{op}: a leaf tensor that requires grad cannot be changed in place while gradients are recorded; " +
                "do it inside GradMode.NoGrad().");
        if (!IsContiguous)
            throw new InvalidOperationException($"{op}: in-place updates need a contiguous tensor (shape {ShapeMath.Format(_shape)}).");
    }

    /// <summary>this += alpha · other (other broadcast to this shape).</summary>
    public Tensor AddInPlace(Tensor other, double alpha = 1)
    {
        CheckInPlace("AddInPlace");
        if (other.DType != DType)
            throw new ArgumentException($"AddInPlace: dtypes differ ({DType.Name()} and {other.DType.Name()}).");
        Tensor src = ShapeMath.SameShape(other._shape, _shape) ? other.Contiguous() : other.Expand(_shape).Contiguous();
        switch (DType)
        {
            case DType.Float32:
                if (alpha == 1)
                    TensorPrimitives.Add(ContiguousSpan<float>(), src.ContiguousSpan<float>(), ContiguousSpan<float>());
                else
                    TensorPrimitives.MultiplyAdd(src.ContiguousSpan<float>(), (float)alpha, ContiguousSpan<float>(), ContiguousSpan<float>());
                break;
            case DType.Float64:
                TensorPrimitives.MultiplyAdd(src.ContiguousSpan<double>(), alpha, ContiguousSpan<double>(), ContiguousSpan<double>());
                break;
            default:
                throw new ArgumentException($"AddInPlace: expected a floating-point tensor, got {DType.Name()}.");
        }
        MarkModified();
        return this;
    }

    /// <summary>this *= factor.</summary>
    public Tensor MulInPlace(double factor)
    {
        CheckInPlace("MulInPlace");
        EnsureFloating("MulInPlace");
        if (DType == DType.Float32)
            TensorPrimitives.Multiply(ContiguousSpan<float>(), (float)factor, ContiguousSpan<float>());
        else
            TensorPrimitives.Multiply(ContiguousSpan<double>(), factor, ContiguousSpan<double>());
        MarkModified();
        return this;
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public Tensor FillInPlace(double value)
    {
        CheckInPlace("FillInPlace");
        FillRaw(value);
        MarkModified();
        return this;
    }

    /// <summary>Sets every element to zero.</summary>
    public Tensor ZeroInPlace() => FillInPlace(0);

    /// <summary>Copies <paramref name="source"/> (same shape and dtype) into this tensor.</summary>
    public Tensor CopyInPlace(Tensor source)
    {
        CheckInPlace("CopyInPlace");
        if (source.DType != DType || !ShapeMath.SameShape(source._shape, _shape))
            throw new ArgumentException(
                $"CopyInPlace: source {ShapeMath.Format(source._shape)} {source.DType.Name()} does not match " +
                $"destination {ShapeMath.Format(_shape)} {DType.Name()}.");
        Tensor c = source.IsContiguous ? source : CopyOps.RawCopy(source);
        switch (DType)
        {
            case DType.Float32: c.ContiguousSpan<float>().CopyTo(ContiguousSpan<float>()); break;
            case DType.Float64: c.ContiguousSpan<double>().CopyTo(ContiguousSpan<double>()); break;
            case DType.Int64: c.ContiguousSpan<long>().CopyTo(ContiguousSpan<long>()); break;
            case DType.Bool: c.ContiguousSpan<bool>().CopyTo(ContiguousSpan<bool>()); break;
        }
        MarkModified();
        return this;
    }

    // ---- autograd entry points ----

    /// <summary>Computes gradients of this tensor with respect to the leaves that require grad. Without
    /// <paramref name="gradient"/> the tensor must hold one element (the seed gradient is 1).</summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        ThrowIfDisposed();
        if (gradient is null)
        {
            if (Numel != 1)
                throw new InvalidOperationException(
                    $"Backward: a gradient can be created implicitly only for a one-element output, this one has shape " +
                    $"{ShapeMath.Format(_shape)}; pass Backward(gradient) with the same shape.");
            gradient = OnesLike(this);
        }
        else if (!ShapeMath.SameShape(gradient._shape, _shape) || gradient.DType != DType)
            throw new ArgumentException(
                $"Backward: the gradient has shape {ShapeMath.Format(gradient._shape)} {gradient.DType.Name()}, expected " +
                $"{ShapeMath.Format(_shape)} {DType.Name()}.");
        Engine.Backward(this, gradient, retainGraph);
    }

    /// <summary>Clears the accumulated gradient (sets <see cref="Grad"/> to null).</summary>
    public void ZeroGrad() => Grad = null;
}
