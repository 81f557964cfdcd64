using Glubina.Kernels;

namespace Glubina.Tests.Kernels;

public sealed class GemmArgumentTests
{
    private static readonly float[] A = new float[6], B = new float[6];

    [Fact]
    public void Negative_sizes_and_strides_name_the_argument()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(-1, 2, 3, A, 3, 1, B, 2, 1, new float[4], 2, false));
        Assert.Equal("m", e.ParamName);
        Assert.Contains("-1", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(2, 2, -3, A, 3, 1, B, 2, 1, new float[4], 2, false));
        Assert.Equal("k", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(2, 2, 3, A, -3, 1, B, 2, 1, new float[4], 2, false));
        Assert.Equal("aRowStride", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.SgemmBatched(2, 2, 2, 3, A, -1, 3, 1, B, 0, 2, 1, new float[8], 4, 2, false));
        Assert.Equal("aBatchStride", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Dgemm(2, 2, 3, new double[6], 3, 1, new double[6], 2, -1, new double[4], 2, false));
        Assert.Equal("bColStride", e.ParamName);
    }

    [Fact]
    public void Short_spans_are_rejected_with_the_needed_length()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(2, 2, 3, new float[5], 3, 1, B, 2, 1, new float[4], 2, false));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("needs 6", e.Message);
        Assert.Contains("got 5", e.Message);
        e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(2, 2, 3, A, 3, 1, new float[5], 2, 1, new float[4], 2, false));
        Assert.Equal("b", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(2, 2, 3, A, 3, 1, B, 2, 1, new float[3], 2, false));
        Assert.Equal("c", e.ParamName);
        e = Assert.Throws<ArgumentException>(() =>
            Gemm.SgemmBatched(2, 2, 2, 3, A, 6, 3, 1, B, 0, 2, 1, new float[8], 4, 2, false));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("needs 12", e.Message);
    }

    [Fact]
    public void Overlapping_outputs_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(2, 3, 2, A, 2, 1, B, 3, 1, new float[6], 2, false));
        Assert.Equal("ldc", e.ParamName);
        e = Assert.Throws<ArgumentException>(() =>
            Gemm.SgemmBatched(2, 2, 2, 3, A, 0, 3, 1, B, 0, 2, 1, new float[8], 3, 2, false));
        Assert.Equal("cBatchStride", e.ParamName);
        float[] shared = new float[16];
        e = Assert.Throws<ArgumentException>(() =>
            Gemm.Sgemm(2, 2, 2, shared, 2, 1, shared.AsSpan(4), 2, 1, shared.AsSpan(2), 2, false));
        Assert.Equal("c", e.ParamName);
    }

    [Fact]
    public void Longer_spans_and_broadcast_strides_are_fine()
    {
        // A row broadcast (row stride 0) and spans far longer than needed, as from a pooled array.
        float[] a = [1, 2, 99, 99];
        float[] b = [3, 4, 5, 6, 99];
        float[] c = new float[10];
        Gemm.Sgemm(3, 2, 2, a, 0, 1, b, 2, 1, c, 2, false);
        Assert.Equal([13f, 16f, 13f, 16f, 13f, 16f, 0f, 0f, 0f, 0f], c);
    }

    [Fact]
    public void Unsupported_variant_is_reported()
    {
        foreach (GemmKernel kernel in Enum.GetValues<GemmKernel>().Where(k => !Gemm.IsSupported(k)))
            Assert.Throws<PlatformNotSupportedException>(() => Gemm.Resolve(kernel));
        Assert.True(Gemm.IsSupported(GemmKernel.Scalar));
    }
}
