using System.Buffers;
using System.Numerics;

namespace Glubina.Kernels;

/// <summary>Broadcasting loops: rows of a <see cref="StridedLayout"/> handed to span kernels where strides allow.</summary>
internal static class Elementwise
{
    // a, b: strided views read through layout operands 0 and 1 → y: written through operand 2
    public static void Binary<T, TOp>(TOp op, ReadOnlySpan<T> a, int aOffset, ReadOnlySpan<T> b, int bOffset,
        StridedLayout layout, Span<T> y, int yOffset)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IBinaryKernel
    {
        int rows = layout.RowCount, len = layout.RowLength;
        if (rows == 0)
            return;
        int sa = layout.InnerStride(0), sb = layout.InnerStride(1), sy = layout.InnerStride(2);
        if (rows == 1 && sy == 1)
        {
            Row(op, a, aOffset, sa, b, bOffset, sb, y.Slice(yOffset, len), len);
            return;
        }
        int[] offsets = ArrayPool<int>.Shared.Rent(3 * rows);
        layout.RowOffsets([aOffset, bOffset, yOffset], offsets);
        for (int r = 0; r < rows; r++)
        {
            int ao = offsets[r], bo = offsets[rows + r], yo = offsets[2 * rows + r];
            if (sy == 1)
                Row(op, a, ao, sa, b, bo, sb, y.Slice(yo, len), len);
            else
                for (int i = 0; i < len; i++)
                    y[yo + i * sy] = op.Apply(a[ao + i * sa], b[bo + i * sb]);
        }
        ArrayPool<int>.Shared.Return(offsets);
    }

    private static void Row<T, TOp>(TOp op, ReadOnlySpan<T> a, int ao, int sa, ReadOnlySpan<T> b, int bo, int sb, Span<T> y, int len)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IBinaryKernel
    {
        if (sa == 1 && sb == 1)
            op.Apply(a.Slice(ao, len), b.Slice(bo, len), y);
        else if (sa == 1 && sb == 0)
            op.Apply(a.Slice(ao, len), b[bo], y);
        else if (sa == 0 && sb == 1)
            op.Apply(a[ao], b.Slice(bo, len), y);
        else
            for (int i = 0; i < len; i++)
                y[i] = op.Apply(a[ao + i * sa], b[bo + i * sb]);
    }

    /// <summary>Generic strided map over up to three operands read and one written, one element at a time.</summary>
    public static void Map3<TA, TB, TC, TY>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, ReadOnlySpan<TC> c, Span<TY> y,
        ReadOnlySpan<int> baseOffsets, StridedLayout layout, Func<TA, TB, TC, TY> f)
    {
        int rows = layout.RowCount, len = layout.RowLength;
        if (rows == 0)
            return;
        int sa = layout.InnerStride(0), sb = layout.InnerStride(1), sc = layout.InnerStride(2), sy = layout.InnerStride(3);
        int[] offsets = ArrayPool<int>.Shared.Rent(4 * rows);
        layout.RowOffsets(baseOffsets, offsets);
        for (int r = 0; r < rows; r++)
        {
            int ao = offsets[r], bo = offsets[rows + r], co = offsets[2 * rows + r], yo = offsets[3 * rows + r];
            for (int i = 0; i < len; i++)
                y[yo + i * sy] = f(a[ao + i * sa], b[bo + i * sb], c[co + i * sc]);
        }
        ArrayPool<int>.Shared.Return(offsets);
    }

    /// <summary>Generic strided map over two operands read and one written.</summary>
    public static void Map2<TA, TB, TY>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, Span<TY> y,
        ReadOnlySpan<int> baseOffsets, StridedLayout layout, Func<TA, TB, TY> f)
    {
        int rows = layout.RowCount, len = layout.RowLength;
        if (rows == 0)
            return;
        int sa = layout.InnerStride(0), sb = layout.InnerStride(1), sy = layout.InnerStride(2);
        int[] offsets = ArrayPool<int>.Shared.Rent(3 * rows);
        layout.RowOffsets(baseOffsets, offsets);
        for (int r = 0; r < rows; r++)
        {
            int ao = offsets[r], bo = offsets[rows + r], yo = offsets[2 * rows + r];
            for (int i = 0; i < len; i++)
                y[yo + i * sy] = f(a[ao + i * sa], b[bo + i * sb]);
        }
        ArrayPool<int>.Shared.Return(offsets);
    }
}
