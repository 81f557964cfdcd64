using Glubina.Tensors;

namespace Glubina.Tests.Tensors;

public sealed class TensorBasicsTests
{
    [Fact]
    public void Creation_functions_match_pytorch_values()
    {
        Assert.Equal([0f, 0, 0, 0, 0, 0], Tensor.Zeros(2, 3).ToArray<float>());
        Assert.Equal([1.0, 1, 1], Tensor.Ones([3], DType.Float64).ToArray<double>());
        Assert.Equal([2.5f, 2.5f], Tensor.Full([2], 2.5).ToArray<float>());
        // torch.arange(1, 2, 0.25) → [1.00, 1.25, 1.50, 1.75]
        Assert.Equal([1f, 1.25f, 1.5f, 1.75f], Tensor.Arange(1, 2, 0.25).ToArray<float>());
        Assert.Equal([0L, 1, 2, 3, 4], Tensor.Arange(5).ToArray<long>());
        // torch.linspace(-1, 1, 5) → [-1, -0.5, 0, 0.5, 1]
        Assert.Equal([-1f, -0.5f, 0f, 0.5f, 1f], Tensor.Linspace(-1, 1, 5).ToArray<float>());
        Assert.Equal([1f, 0, 0, 0, 1, 0], Tensor.Eye(2, 3).ToArray<float>());
        Assert.Equal(DType.Float32, Tensor.Scalar(3).DType);
        Assert.Equal(0, Tensor.Scalar(3).Rank);
        Assert.Equal(3.0, Tensor.Scalar(3).Item());
    }

    [Fact]
    public void FromArray_checks_the_element_count_and_round_trips()
    {
        var t = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal([2, 3], t.ShapeArray());
        Assert.Equal(6.0, t[1, 2]);
        Assert.Equal(4.0, t[-1, 0]);
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[] { 1, 2, 3 }, 2, 2));
        Assert.Contains("3 values", e.Message);
        Assert.Contains("[2, 2]", e.Message);
        Assert.Throws<IndexOutOfRangeException>(() => t[2, 0]);
    }

    [Fact]
    public void Generator_is_reproducible_and_has_the_right_moments()
    {
        var a = Tensor.Randn([10000], new Generator(7)).ToArray<float>();
        var b = Tensor.Randn([10000], new Generator(7)).ToArray<float>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, Tensor.Randn([10000], new Generator(8)).ToArray<float>());
        double mean = a.Average(), var = a.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(var, 0.95, 1.05);
        var u = Tensor.Uniform([10000], -2, 4, new Generator(1)).ToArray<float>();
        Assert.InRange(u.Min(), -2f, -1.99f);
        Assert.InRange(u.Max(), 3.99f, 4f);
        Assert.InRange(u.Average(), 0.95, 1.05);
        var bern = Tensor.Bernoulli([10000], 0.3, new Generator(2)).ToArray<float>();
        Assert.InRange(bern.Average(), 0.28, 0.32);
        Assert.True(bern.All(v => v is 0 or 1));
        var ints = Tensor.RandInt(-3, 3, [5000], new Generator(3)).ToArray<long>();
        Assert.Equal(6, ints.Distinct().Count());
        Assert.True(ints.All(v => v >= -3 && v < 3));
        var perm = Tensor.RandPerm(100, new Generator(4)).ToArray<long>();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), perm.Order());
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), perm);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void Bernoulli_draws_what_NextDouble_below_p_draws_in_every_dtype(double p)
    {
        // The fill keeps the generator's state in registers; it must consume and decide exactly as the scalar rule.
        var reference = new Generator(11);
        float[] expected = Enumerable.Range(0, 1001).Select(_ => reference.NextDouble() < p ? 1f : 0f).ToArray();
        var gen = new Generator(11);
        Assert.Equal(expected, Tensor.Bernoulli([1001], p, gen).ToArray<float>());
        Assert.Equal(reference.NextUInt64(), gen.NextUInt64());   // the state moved on by the same count
        Assert.Equal(expected.Select(v => (double)v), Tensor.Bernoulli([7, 11, 13], p, new Generator(11), DType.Float64).ToArray<double>());
        Assert.Equal(expected.Select(v => (long)v), Tensor.Bernoulli([1001], p, new Generator(11), DType.Int64).ToArray<long>());
        Assert.Equal(expected.Select(v => v != 0), Tensor.Bernoulli([1001], p, new Generator(11), DType.Bool).ToArray<bool>());
        if (p > 0)
        {
            // The inverted-dropout mask in one pass: the same values as Bernoulli(keep) · (1 / keep).
            Assert.Equal(Tensor.Bernoulli([1001], p, new Generator(11)).Mul(1 / p).ToArray<float>(),
                Tensor.DropoutMask([1001], p, new Generator(11), DType.Float32).ToArray<float>());
            Assert.Equal(Tensor.Bernoulli([1001], p, new Generator(11), DType.Float64).Mul(1 / p).ToArray<double>(),
                Tensor.DropoutMask([1001], p, new Generator(11), DType.Float64).ToArray<double>());
        }
    }

    [Fact]
    public void Views_share_storage_and_do_not_copy()
    {
        var t = Tensor.Arange(0, 12, 1).Reshape(3, 4);
        var tt = t.Transpose(0, 1);
        Assert.False(tt.IsContiguous);
        Assert.Equal([1, 4], tt.Strides.ToArray());
        Assert.Equal(t[1, 2], tt[2, 1]);
        var narrow = t.Narrow(1, 1, 2);
        Assert.Equal(1, narrow.StorageOffset);
        Assert.Equal([1f, 2, 5, 6, 9, 10], narrow.ToArray<float>());
        var expanded = Tensor.FromArray(new float[] { 1, 2 }, 2, 1).Expand(2, 3);
        Assert.Equal([1, 0], expanded.Strides.ToArray());
        Assert.Equal([1f, 1, 1, 2, 2, 2], expanded.ToArray<float>());
        // A write through the base is seen by the view (same storage).
        t.FillInPlace(7);
        Assert.Equal(7.0, tt[3, 2]);
        Assert.True(tt.Contiguous().IsContiguous);
        Assert.Throws<InvalidOperationException>(() => tt.View(12));
        Assert.Equal([12], tt.Reshape(-1).ShapeArray());
    }

    [Fact]
    public void Broadcast_errors_name_the_op_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Add(Tensor.Zeros(4)));
        Assert.Contains("add", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
        var m = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)));
        Assert.Contains("matmul", m.Message);
        Assert.Contains("3 vs 4", m.Message);
        var d = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2).Add(Tensor.Zeros([2], DType.Float64)));
        Assert.Contains("float32", d.Message);
        Assert.Contains("float64", d.Message);
        var i = Assert.Throws<ArgumentException>(() => Tensor.Arange(3).Exp());
        Assert.Contains("int64", i.Message);
        var r = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(4, 2));
        Assert.Contains("[4, 2]", r.Message);
        var dim = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2, 3).Sum(2));
        Assert.Contains("rank 2", dim.Message);
    }

    [Fact]
    public void ToString_shows_values_shape_dtype_and_abbreviates_large_tensors()
    {
        string small = Tensor.FromArray(new float[] { 1.5f, -2, 3, 4 }, 2, 2).ToString();
        Assert.Equal("tensor([[1.5000, -2.0000],\n        [3.0000, 4.0000]], shape=[2, 2], dtype=float32)", small);
        Assert.Equal("tensor([0, 1, 2], shape=[3], dtype=int64)", Tensor.Arange(3).ToString());
        string big = Tensor.Zeros(100, 100).ToString();
        Assert.Contains("...", big);
        Assert.True(big.Length < 600, big);
        var w = Tensor.Ones(2).RequiresGrad_();
        Assert.Contains("requires_grad=true", w.ToString());
        Assert.Contains("grad_fn=mul", w.Mul(2).ToString());
    }

    [Fact]
    public void Dtype_conversion_and_masks()
    {
        var x = Tensor.FromArray(new float[] { -1.7f, 0, 2.2f });
        Assert.Equal([-1L, 0, 2], x.To(DType.Int64).ToArray<long>());
        Assert.Equal([true, false, true], x.To(DType.Bool).ToArray<bool>());
        Assert.Equal([-1.7f, 0, 2.2f], x.To(DType.Float64).To(DType.Float32).ToArray<float>());
        Assert.Equal([false, false, true], x.Gt(0).ToArray<bool>());
        Assert.Equal([1f, 1, 1], x.MaskedFill(x.Eq(0), 5).Abs().Gt(1).To(DType.Float32).ToArray<float>());
        Assert.Equal([0L, 0, 1, 0], Tensor.FromArray(new long[] { 2 }).OneHot(4).ToArray<long>());
    }

    [Fact]
    public void Split_and_chunk_follow_pytorch_sizes()
    {
        var x = Tensor.Arange(0, 7, 1);
        Assert.Equal([3, 3, 1], x.Chunk(3).Select(p => p.Numel));
        Assert.Equal([2, 2, 2, 1], x.Split(2).Select(p => p.Numel));
        Assert.Equal([2, 5], x.Split([2, 5]).Select(p => p.Numel));
        Assert.Throws<ArgumentException>(() => x.Split([2, 2]));
    }
}
