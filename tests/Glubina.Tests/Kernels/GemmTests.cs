// Intrinsics off: run these tests once more with DOTNET_EnableHWIntrinsic=0 (the one .NET 10 knob that turns
// off Vector128/256/512 and every x86/Arm ISA class; the per-ISA knobs EnableSSE*/EnableArm64AdvSimd were folded
// into it). Then Gemm.SelectedKernel is Scalar, which Selected_kernel_matches_hardware checks. DOTNET_EnableAVX2=0
// leaves the Vector128 kernel, DOTNET_EnableAVX512=0 (not EnableAVX512F, ignored since .NET 10) the AVX2 one:
//   DOTNET_EnableHWIntrinsic=0 dotnet test tests/Glubina.Tests --filter FullyQualifiedName~Glubina.Tests.Kernels
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Glubina.Kernels;

namespace Glubina.Tests.Kernels;

public sealed class GemmTests
{
    public static TheoryData<string> FloatKernels() => new(GemmCheck.FloatKernels().Select(k => k.ToString()));

    public static TheoryData<string> DoubleKernels() => new(GemmCheck.DoubleKernels().Select(k => k.ToString()));

    [Fact]
    public void Selected_kernel_matches_hardware()
    {
        GemmKernel expected =
            Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? GemmKernel.Avx512
            : Avx2.IsSupported && Fma.IsSupported ? GemmKernel.Avx2
            : Vector128.IsHardwareAccelerated ? GemmKernel.Vector128
            : GemmKernel.Scalar;
        Assert.Equal(expected, Gemm.SelectedKernel);
        Assert.Equal(expected, Gemm.Resolve(GemmKernel.Auto));
        if (!Vector128.IsHardwareAccelerated)
            Assert.Equal(GemmKernel.Scalar, Gemm.SelectedKernel);
        // The intrinsics-off CI run must really take the scalar path.
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.False(Vector128.IsHardwareAccelerated);
            Assert.Equal(GemmKernel.Scalar, Gemm.SelectedKernel);
            Assert.Equal([GemmKernel.Scalar], GemmCheck.FloatKernels());
        }
    }

    [Theory]
    [MemberData(nameof(FloatKernels))]
    public void Small_shapes_around_the_register_tile(string kernelName)
    {
        GemmKernel kernel = Enum.Parse<GemmKernel>(kernelName);
        (int mr, int nr, _, _, _) = Gemm.Blocking(kernel);
        int[] ms = [0, 1, mr - 1, mr, mr + 1, 2 * mr + 3];
        int[] ns = [0, 1, nr - 1, nr, nr + 1, 2 * nr + 3, 4 * nr + 5];
        int[] ks = [0, 1, 2, 17];
        int seed = 0;
        foreach (int m in ms)
            foreach (int n in ns)
                foreach (int k in ks)
                    GemmCheck.Float(kernel, 1, m, n, k, Layout.RowMajor, Layout.RowMajor, accumulate: (seed++ & 1) == 1, seed);
    }

    [Theory]
    [MemberData(nameof(FloatKernels))]
    public void Cache_block_edges(string kernelName)
    {
        GemmKernel kernel = Enum.Parse<GemmKernel>(kernelName);
        (int mr, int nr, int kc, int mc, int nc) = Gemm.Blocking(kernel);
        int seed = 100;
        // K across KC (the pc loop, accumulation between blocks).
        foreach (int k in new[] { kc - 1, kc, kc + 1, 2 * kc + 1 })
        {
            GemmCheck.Float(kernel, 1, mr + 1, nr + 1, k, Layout.RowMajor, Layout.RowMajor, accumulate: false, seed++);
            GemmCheck.Float(kernel, 1, 2 * mr + 1, 5 * nr + 3, k, Layout.RowMajor, Layout.RowMajor, accumulate: true, seed++);
        }
        // M across MC (the ic loop), with the packed and the in-place A paths (wide and narrow N).
        foreach (int m in new[] { mc - 1, mc, mc + 1, 2 * mc + mr + 1 })
        {
            GemmCheck.Float(kernel, 1, m, nr - 1, 9, Layout.RowMajor, Layout.RowMajor, accumulate: true, seed++);
            GemmCheck.Float(kernel, 1, m, 5 * nr + 1, 9, Layout.RowMajor, Layout.RowMajor, accumulate: false, seed++);
        }
        // Several K blocks with a packed B too large to stay resident (the pc-outer loop order).
        int kBig = 2 * kc + 1, nBig = 256 * 1024 / (sizeof(float) * kBig) + nr + 1;
        GemmCheck.Float(kernel, 1, mr + 1, nBig, kBig, Layout.RowMajor, Layout.RowMajor, accumulate: true, seed++);
        GemmCheck.Float(kernel, 1, mr + 1, nBig, kBig, Layout.Transposed, Layout.Transposed, accumulate: false, seed++);
        // N across NC (the jc loop).
        foreach (int n in new[] { nc - 1, nc, nc + 1, 2 * nc + nr + 1 })
            GemmCheck.Float(kernel, 1, mr + 2, n, 5, Layout.RowMajor, Layout.RowMajor, accumulate: true, seed++);
        // Everything at once, threaded.
        GemmCheck.Float(kernel, 2, mc + mr + 1, 3 * nr + 5, kc + 3, Layout.RowMajor, Layout.RowMajor, accumulate: true, seed++);
        GemmCheck.Float(kernel, 2, mc + mr + 1, 7 * nr + 5, kc + 3, Layout.RowMajor, Layout.RowMajor, accumulate: false, seed++);
    }

    [Theory]
    [MemberData(nameof(FloatKernels))]
    public void All_transpose_combinations_through_strides(string kernelName)
    {
        GemmKernel kernel = Enum.Parse<GemmKernel>(kernelName);
        (int mr, int nr, int kc, _, _) = Gemm.Blocking(kernel);
        Layout[] layouts = [Layout.RowMajor, Layout.Transposed, Layout.Strided];
        (int M, int N, int K)[] shapes = [(mr + 1, nr + 1, 7), (3 * mr - 1, 5 * nr + 2, kc + 1), (2 * mr, 2 * nr - 1, 33), (1, 3 * nr, 5)];
        int seed = 200;
        foreach (Layout aLayout in layouts)
            foreach (Layout bLayout in layouts)
                foreach ((int m, int n, int k) in shapes)
                    GemmCheck.Float(kernel, 1, m, n, k, aLayout, bLayout, accumulate: (seed++ & 1) == 0, seed);
    }

    [Theory]
    [MemberData(nameof(DoubleKernels))]
    public void Double_path_matches_reference(string kernelName)
    {
        GemmKernel kernel = Enum.Parse<GemmKernel>(kernelName);
        (int mr, int nr, int kc, int mc, _) = GemmDouble.Blocking(kernel);
        Layout[] layouts = [Layout.RowMajor, Layout.Transposed, Layout.Strided];
        (int M, int N, int K)[] shapes =
        [
            (0, 3, 4), (3, 0, 4), (mr, nr, 0), (1, 1, 1), (mr - 1, nr + 1, 3), (mr + 1, nr - 1, kc + 1),
            (mc + 1, 4 * nr + 1, 13), (2 * mr + 1, 7 * nr + 3, 2 * kc + 1),
        ];
        int seed = 300;
        foreach (Layout aLayout in layouts)
            foreach (Layout bLayout in layouts)
                foreach ((int m, int n, int k) in shapes)
                    GemmCheck.Double(kernel, 1, m, n, k, aLayout, bLayout, accumulate: (seed++ & 1) == 0, seed);
        GemmCheck.Double(kernel, 2, 2 * mc + 1, 9 * nr + 1, kc + 7, Layout.RowMajor, Layout.RowMajor, accumulate: true, seed);
    }

    [Fact]
    public void Public_entry_points_use_the_selected_kernel()
    {
        float[] a = [1, 2, 3, 4, 5, 6];       // [2,3]
        float[] b = [7, 8, 9, 10, 11, 12];    // [3,2]
        float[] c = new float[4];
        Gemm.Sgemm(2, 2, 3, a, 3, 1, b, 2, 1, c, 2, accumulate: false);
        Assert.Equal([58f, 64f, 139f, 154f], c);
        Gemm.Sgemm(2, 2, 3, a, 3, 1, b, 2, 1, c, 2, accumulate: true);
        Assert.Equal([116f, 128f, 278f, 308f], c);

        double[] ad = [1, 2, 3, 4, 5, 6];
        double[] bd = [7, 8, 9, 10, 11, 12];
        double[] c6 = new double[6];
        // Aᵀ·B: the [2,3] matrix read with swapped strides is Aᵀ = [[1,4],[2,5],[3,6]]; B = [[7,8],[9,10]].
        Gemm.Dgemm(3, 2, 2, ad, 1, 3, bd, 2, 1, c6, 2, accumulate: false);
        Assert.Equal([43.0, 48.0, 59.0, 66.0, 75.0, 84.0], c6);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(4, 2)]
    public void Few_rows_against_transposed_weights_skip_packing(int m, int threads)
    {
        // The unpacked dot-product path (Auto, ≤ 4 rows, B column-contiguous) across column-task edges and K tails.
        foreach (int n in new[] { 1, 63, 64, 65, 300 })
            foreach (int k in new[] { 8, 17, 784 })
                foreach (bool accumulate in new[] { false, true })
                {
                    Assert.True(GemmFewRows<float>.Applies(new GemmShape(1, m, n, k, 0, k + 3, 1, 0, 1, k + 2, 0, n + 5)));
                    GemmCheck.Float(GemmKernel.Auto, threads, m, n, k, Layout.RowMajor, Layout.Transposed, accumulate, seed: m * 1000 + n + k);
                }
        Assert.False(GemmFewRows<float>.Applies(new GemmShape(1, 5, 8, 8, 0, 8, 1, 0, 1, 8, 0, 8)));
        Assert.False(GemmFewRows<float>.Applies(new GemmShape(1, 2, 8, 8, 0, 8, 1, 0, 8, 1, 0, 8)));
    }

    [Fact]
    public void K_zero_clears_or_keeps_c()
    {
        float[] c = [1, 2, 3, 4, 5];
        Gemm.Sgemm(2, 2, 0, [], 0, 1, [], 2, 1, c, 3, accumulate: true);
        Assert.Equal([1f, 2f, 3f, 4f, 5f], c);
        Gemm.Sgemm(2, 2, 0, [], 0, 1, [], 2, 1, c, 3, accumulate: false);
        Assert.Equal([0f, 0f, 3f, 0f, 0f], c);
    }
}

/// <summary>Operand layouts the tests feed through strides.</summary>
internal enum Layout
{
    /// <summary>Row-major with a padded leading dimension (unit column stride).</summary>
    RowMajor,

    /// <summary>Stored transposed: column-major with a padded leading dimension (unit row stride).</summary>
    Transposed,

    /// <summary>Neither stride is 1 (a sliced view): exercises the general packing paths.</summary>
    Strided,
}

/// <summary>Builds operands, runs a GEMM variant and compares it with <see cref="GemmReference"/>.</summary>
internal static class GemmCheck
{
    public static IEnumerable<GemmKernel> FloatKernels() =>
        Enum.GetValues<GemmKernel>().Where(k => k != GemmKernel.Auto && Gemm.IsSupported(k));

    public static IEnumerable<GemmKernel> DoubleKernels() =>
        FloatKernels().Select(GemmDouble.Resolve).Distinct();

    public static (int RowStride, int ColStride, int Length) Strides(Layout layout, int rows, int cols) => layout switch
    {
        Layout.RowMajor => (cols + 3, 1, rows * (cols + 3)),
        Layout.Transposed => (1, rows + 2, cols * (rows + 2)),
        _ => (2 * cols + 1, 2, rows * (2 * cols + 1)),
    };

    public static float[] Random(int length, int seed, double scale = 1.0)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return x;
    }

    public static void Float(GemmKernel kernel, int threads, int m, int n, int k, Layout aLayout, Layout bLayout, bool accumulate, int seed)
    {
        (int ars, int acs, int aLen) = Strides(aLayout, m, k);
        (int brs, int bcs, int bLen) = Strides(bLayout, k, n);
        int ldc = n + 5;
        float[] a = Random(aLen + 7, seed);
        float[] b = Random(bLen + 7, seed + 1);
        // Rows of C are padded with NaN sentinels that must survive; with accumulate off the whole of C
        // starts as NaN, which must then be ignored.
        float[] c = Random(Math.Max(1, m) * ldc, seed + 2);
        for (int i = 0; i < c.Length; i++)
        {
            if (!accumulate || i % ldc >= n)
                c[i] = float.NaN;
        }
        float[] expected = (float[])c.Clone();
        float[] c0 = (float[])c.Clone();
        GemmReference.Gemm<float>(m, n, k, a, ars, acs, b, brs, bcs, expected, ldc, accumulate);
        Gemm.SgemmBatched(kernel, threads, 1, m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0, ldc, accumulate);
        Compare(kernel, m, n, k, aLayout, bLayout, accumulate, ldc,
            i => c[i], i => expected[i], i => c0[i],
            (i, j) => Bound(k, p => a[i * ars + p * acs], p => b[p * brs + j * bcs], accumulate ? c0[i * ldc + j] : 0), 4e-6);
    }

    public static void Double(GemmKernel kernel, int threads, int m, int n, int k, Layout aLayout, Layout bLayout, bool accumulate, int seed)
    {
        (int ars, int acs, int aLen) = Strides(aLayout, m, k);
        (int brs, int bcs, int bLen) = Strides(bLayout, k, n);
        int ldc = n + 5;
        double[] a = Random(aLen + 7, seed).Select(x => (double)x * 1.000001).ToArray();
        double[] b = Random(bLen + 7, seed + 1).Select(x => (double)x * 0.999999).ToArray();
        double[] c = Random(Math.Max(1, m) * ldc, seed + 2).Select(x => (double)x).ToArray();
        for (int i = 0; i < c.Length; i++)
        {
            if (!accumulate || i % ldc >= n)
                c[i] = double.NaN;
        }
        double[] expected = (double[])c.Clone();
        double[] c0 = (double[])c.Clone();
        ExactReference(m, n, k, a, ars, acs, b, brs, bcs, expected, ldc, accumulate);
        Gemm.DgemmBatched(kernel, threads, 1, m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0, ldc, accumulate);
        Compare(kernel, m, n, k, aLayout, bLayout, accumulate, ldc,
            i => c[i], i => expected[i], i => c0[i],
            (i, j) => Bound(k, p => a[i * ars + p * acs], p => b[p * brs + j * bcs], accumulate ? c0[i * ldc + j] : 0), 1e-14);
    }

    /// <summary>Sum of |a||b| (+|c0|): the scale that float rounding error is relative to.</summary>
    private static double Bound(int k, Func<int, double> a, Func<int, double> b, double c0)
    {
        double s = Math.Abs(c0);
        for (int p = 0; p < k; p++)
            s += Math.Abs(a(p) * b(p));
        return s;
    }

    private static void Compare(GemmKernel kernel, int m, int n, int k, Layout aLayout, Layout bLayout, bool accumulate, int ldc,
        Func<int, double> actual, Func<int, double> expected, Func<int, double> initial, Func<int, int, double> bound, double relTol)
    {
        double tol = relTol * Math.Sqrt(Math.Max(1, k));
        string where = $"{kernel} m={m} n={n} k={k} A {aLayout} B {bLayout} accumulate={accumulate}";
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                int idx = i * ldc + j;
                if (j >= n)
                {
                    Assert.True(double.IsNaN(actual(idx)), $"{where}: wrote outside C at ({i},{j})");
                    continue;
                }
                double err = Math.Abs(actual(idx) - expected(idx));
                double allowed = tol * bound(i, j) + 1e-30;
                if (!(err <= allowed))
                    Assert.Fail($"{where}: C({i},{j}) = {actual(idx)}, expected {expected(idx)} (error {err:E2} > {allowed:E2}, initial {initial(idx)})");
            }
        }
    }

    /// <summary>The double reference: compensated (Kahan) sums, so it is more precise than any variant.</summary>
    private static void ExactReference(int m, int n, int k, double[] a, int ars, int acs, double[] b, int brs, int bcs, double[] c, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * ldc + j] : 0, comp = 0;
                for (int p = 0; p < k; p++)
                {
                    double prod = a[i * ars + p * acs] * b[p * brs + j * bcs];
                    double y = prod - comp;
                    double t = sum + y;
                    comp = t - sum - y;
                    sum = t;
                }
                c[i * ldc + j] = sum;
            }
        }
    }
}
