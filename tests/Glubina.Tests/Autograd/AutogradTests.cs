using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Tests.Autograd;

public sealed class AutogradTests
{
    [Fact]
    public void Gradients_accumulate_across_backward_calls_until_zeroed()
    {
        var w = Tensor.FromArray(new float[] { 1, 2, 3 }).RequiresGrad_();
        w.Mul(w).Sum().Backward();           // d/dw Σw² = 2w
        Assert.Equal([2f, 4, 6], w.Grad!.ToArray<float>());
        w.Mul(3).Sum().Backward();           // + 3
        Assert.Equal([5f, 7, 9], w.Grad!.ToArray<float>());
        w.ZeroGrad();
        Assert.Null(w.Grad);
    }

    [Fact]
    public void A_tensor_used_twice_gets_the_sum_of_both_paths()
    {
        var x = Tensor.FromArray(new double[] { 2.0 }).RequiresGrad_();
        var y = x.Mul(x).Add(x.Exp()).Mul(x);    // y = x³ + x·eˣ; dy/dx = 3x² + eˣ(1 + x)
        y.Sum().Backward();
        Assert.Equal(3 * 4 + Math.Exp(2) * 3, x.Grad!.Item(), 12);
    }

    [Fact]
    public void Backward_with_an_explicit_gradient_and_leaf_flags()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        var y = x.Mul(2);
        Assert.True(x.IsLeaf);
        Assert.False(y.IsLeaf);
        Assert.True(y.RequiresGrad);
        y.RetainGrad();
        y.Backward(Tensor.FromArray(new float[] { 10, 100 }));
        Assert.Equal([20f, 200], x.Grad!.ToArray<float>());
        Assert.Equal([10f, 100], y.Grad!.ToArray<float>());
        Assert.Throws<InvalidOperationException>(() => x.Mul(2).Backward()); // not a scalar
        Assert.Throws<ArgumentException>(() => x.Mul(2).Backward(Tensor.Ones(3)));
        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
    }

    [Fact]
    public void No_grad_scope_and_detach_stop_recording()
    {
        var x = Tensor.Ones(2).RequiresGrad_();
        using (GradMode.NoGrad())
        {
            Assert.False(GradMode.IsEnabled);
            Assert.False(x.Mul(2).RequiresGrad);
        }
        Assert.True(GradMode.IsEnabled);
        var d = x.Mul(2).Detach();
        Assert.True(d.IsLeaf);
        Assert.False(d.RequiresGrad);
        var e = Assert.Throws<InvalidOperationException>(() => Tensor.Ones(2).Mul(2).Sum().Backward());
        Assert.Contains("does not require grad", e.Message);
    }

    [Fact]
    public void In_place_change_of_a_saved_tensor_is_detected()
    {
        var x = Tensor.FromArray(new float[] { 1, 2 }).RequiresGrad_();
        var h = x.Mul(1);          // non-leaf
        var y = h.Mul(h);          // saves h
        h.Detach().AddInPlace(Tensor.Ones(2));
        var e = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
        Assert.Contains("modified by an in-place operation", e.Message);
        Assert.Contains("mul", e.Message);
    }

    [Fact]
    public void In_place_on_a_leaf_that_requires_grad_needs_no_grad()
    {
        var w = Tensor.Ones(2).RequiresGrad_();
        Assert.Throws<InvalidOperationException>(() => w.AddInPlace(Tensor.Ones(2)));
        using (GradMode.NoGrad())
            w.AddInPlace(Tensor.Ones(2), alpha: 0.5);
        Assert.Equal([1.5f, 1.5f], w.ToArray<float>());
    }

    [Fact]
    public void A_second_backward_needs_retain_graph()
    {
        var x = Tensor.Ones(2).RequiresGrad_();
        var y = x.Exp().Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(2 * Math.E, x.Grad![0], 5);
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("second time", e.Message);
    }

    [Fact]
    public void Gradients_reduce_over_broadcast_dims()
    {
        var b = Tensor.Zeros(3).RequiresGrad_();
        var x = Tensor.Ones(4, 3);
        x.Add(b).Sum().Backward();
        Assert.Equal([4f, 4, 4], b.Grad!.ToArray<float>());
    }

    [Fact]
    public void Scope_returns_buffers_and_keeps_what_is_asked()
    {
        var w = Tensor.Randn([64, 64], new Generator(1)).RequiresGrad_();
        Tensor kept;
        Tensor dropped;
        using (var scope = new TensorScope())
        {
            var loss = w.MatMul(w).Relu().Sum();
            loss.Backward();
            dropped = w.MatMul(w);
            kept = scope.Keep(loss.Detach());
            Assert.True(scope.Count > 3);
        }
        Assert.NotNull(w.Grad);
        Assert.True(w.Grad!.Numel == 4096);                      // the leaf's gradient survives the scope
        Assert.True(kept.Item() > 0);                            // kept tensors survive
        Assert.Throws<ObjectDisposedException>(() => dropped.ToArray<float>());
        Assert.Contains("disposed", dropped.ToString());
    }

    [Fact]
    public void Steady_state_training_steps_allocate_little()
    {
        var gen = new Generator(3);
        var x = Tensor.Randn([128, 256], gen);
        var w = Tensor.Randn([256, 256], gen).Mul(0.05).Detach().RequiresGrad_();
        void Step()
        {
            using var scope = new TensorScope();
            x.MatMul(w).Relu().Sum().Backward();
            w.ZeroGrad();
        }
        for (int i = 0; i < 5; i++)
            Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
            Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        // The activations alone are 128 KiB a step; pooled, a step allocates only small bookkeeping objects
        // (and the fresh gradient that ZeroGrad drops, 256 KiB, which the optimizer issue will reuse).
        Assert.True(perStep < 300_000, $"{perStep} bytes allocated per step");
    }
}
