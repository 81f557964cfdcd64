namespace Glubina.Kernels;

/// <summary>
/// An N-d index space walked row by row (a row is the last dim) with one strided offset per operand.
/// Adjacent dims that are laid out contiguously for every operand are merged first, so rows are as long as
/// the layout allows and the inner loop can use span kernels.
/// </summary>
internal sealed class StridedLayout
{
    private readonly int[] _shape;
    private readonly int[][] _strides;

    /// <summary>Length of one row (the merged last dim).</summary>
    public int RowLength { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Stride along a row for each operand.</summary>
    public int InnerStride(int operand) => _strides[operand][^1];

    // shape: [d0..dn-1], strides[k]: operand k's strides over the same shape (0 where broadcast).
    public StridedLayout(ReadOnlySpan<int> shape, params int[][] strides)
    {
        var dims = new List<int>();
        var merged = new List<int>[strides.Length];
        for (int k = 0; k < strides.Length; k++)
            merged[k] = [];
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1)
                continue; // size-1 dims never move an offset
            bool canMerge = dims.Count > 0;
            for (int k = 0; k < strides.Length && canMerge; k++)
                canMerge = merged[k][^1] == strides[k][i] * shape[i];
            if (canMerge)
            {
                dims[^1] *= shape[i];
                for (int k = 0; k < strides.Length; k++)
                    merged[k][^1] = strides[k][i];
            }
            else
            {
                dims.Add(shape[i]);
                for (int k = 0; k < strides.Length; k++)
                    merged[k].Add(strides[k][i]);
            }
        }
        if (dims.Count == 0)
        {
            dims.Add(1);
            for (int k = 0; k < strides.Length; k++)
                merged[k].Add(1);
        }
        _shape = [.. dims];
        _strides = new int[strides.Length][];
        for (int k = 0; k < strides.Length; k++)
            _strides[k] = [.. merged[k]];
        RowLength = _shape[^1];
        int rows = 1;
        for (int i = 0; i < _shape.Length - 1; i++)
            rows *= _shape[i];
        RowCount = ShapeHasZero(shape) ? 0 : rows;
        if (RowCount == 0)
            RowLength = 0;
    }

    private static bool ShapeHasZero(ReadOnlySpan<int> shape)
    {
        foreach (int d in shape)
            if (d == 0)
                return true;
        return false;
    }

    /// <summary>Fills <paramref name="offsets"/> (operand-major: offsets[k*RowCount+r]) with each row's start.</summary>
    public void RowOffsets(ReadOnlySpan<int> baseOffsets, Span<int> offsets)
    {
        int outer = _shape.Length - 1;
        Span<int> counter = stackalloc int[Math.Max(outer, 1)];
        counter.Clear();
        int operands = _strides.Length;
        Span<int> current = stackalloc int[operands];
        baseOffsets.CopyTo(current);
        for (int r = 0; r < RowCount; r++)
        {
            for (int k = 0; k < operands; k++)
                offsets[k * RowCount + r] = current[k];
            for (int d = outer - 1; d >= 0; d--)
            {
                counter[d]++;
                for (int k = 0; k < operands; k++)
                    current[k] += _strides[k][d];
                if (counter[d] < _shape[d])
                    break;
                for (int k = 0; k < operands; k++)
                    current[k] -= _strides[k][d] * _shape[d];
                counter[d] = 0;
            }
        }
    }
}
