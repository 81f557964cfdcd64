namespace Glubina.Tensors;

/// <summary>Shape arithmetic shared by the ops: element counts, strides, broadcasting, dim normalisation.</summary>
internal static class ShapeMath
{
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
            n *= d;
        if (n > int.MaxValue)
            throw new ArgumentException($"Shape {Format(shape)} has {n} elements; the limit is {int.MaxValue}.");
        return (int)n;
    }

    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    public static bool IsContiguous(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        foreach (int d in shape)
            if (d == 0)
                return true; // no elements: any layout is contiguous
        int expected = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] != 1 && strides[i] != expected)
                return false;
            expected *= shape[i];
        }
        return true;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Maps a possibly negative dim into [0, rank); names the op on error.</summary>
    public static int NormalizeDim(int dim, int rank, string op)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
            throw new ArgumentOutOfRangeException(nameof(dim),
                $"{op}: dim {dim} is out of range for a tensor of rank {rank} (expected {-r}..{r - 1}).");
        return dim < 0 ? dim + r : dim;
    }

    /// <summary>NumPy broadcasting of two shapes.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b, string op)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast together " +
                    $"(dim {i} of the result: {da} vs {db}; sizes must match or one of them must be 1).");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Strides that read a tensor of <paramref name="shape"/>/<paramref name="strides"/> as if it had
    /// <paramref name="target"/> shape (0 stride on broadcast dims). The shape must broadcast to target.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        var result = new int[target.Length];
        int lead = target.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
            result[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        return result;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>The multi-index of row-major position <paramref name="flat"/> in a tensor of <paramref name="shape"/>.</summary>
    public static int[] Unravel(int flat, ReadOnlySpan<int> shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    /// <summary>Resolves one -1 entry of a requested shape against the element count.</summary>
    public static int[] InferShape(ReadOnlySpan<int> requested, int numel, string op, ReadOnlySpan<int> from)
    {
        var shape = requested.ToArray();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (infer >= 0)
                    throw new ArgumentException($"{op}: only one dimension can be -1, got {Format(requested)}.");
                infer = i;
            }
            else if (shape[i] < 0)
                throw new ArgumentException($"{op}: invalid size {shape[i]} in shape {Format(requested)}.");
            else
                known *= shape[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || numel % known != 0)
                throw new ArgumentException(
                    $"{op}: shape {Format(requested)} is invalid for a tensor of shape {Format(from)} ({numel} elements).");
            shape[infer] = (int)(numel / known);
        }
        else if (known != numel)
            throw new ArgumentException(
                $"{op}: shape {Format(requested)} ({known} elements) is invalid for a tensor of shape {Format(from)} ({numel} elements).");
        return shape;
    }
}
