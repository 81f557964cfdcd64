namespace Glubina.Kernels;

/// <summary>Copies a strided view into a contiguous buffer (the work behind Contiguous()).</summary>
internal static class StridedCopy
{
    // src: view of shape with srcStrides starting at srcOffset → dst: contiguous [numel]
    public static void Copy<T>(ReadOnlySpan<T> src, int srcOffset, ReadOnlySpan<int> shape, ReadOnlySpan<int> srcStrides, Span<T> dst)
    {
        var dstStrides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            dstStrides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        var layout = new StridedLayout(shape, srcStrides.ToArray(), dstStrides);
        Copy(src, srcOffset, layout, dst, 0);
    }

    /// <summary>Strided to strided copy over a layout with operand 0 = source, operand 1 = destination.</summary>
    public static void Copy<T>(ReadOnlySpan<T> src, int srcOffset, StridedLayout layout, Span<T> dst, int dstOffset)
    {
        int rows = layout.RowCount, len = layout.RowLength;
        if (rows == 0)
            return;
        int[] offsets = new int[2 * rows];
        layout.RowOffsets([srcOffset, dstOffset], offsets);
        int ss = layout.InnerStride(0), ds = layout.InnerStride(1);
        for (int r = 0; r < rows; r++)
        {
            int so = offsets[r], d = offsets[rows + r];
            if (ss == 1 && ds == 1)
            {
                src.Slice(so, len).CopyTo(dst.Slice(d, len));
            }
            else
            {
                for (int i = 0; i < len; i++)
                    dst[d + i * ds] = src[so + i * ss];
            }
        }
    }
}
