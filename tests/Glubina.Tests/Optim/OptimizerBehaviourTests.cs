using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Optim;

/// <summary>ZeroGrad both ways, skipping parameters without gradients, allocation-free steady state, state that
/// survives a TensorScope, and a user-defined optimizer built on the base class.</summary>
public sealed class OptimizerBehaviourTests
{
    [Fact]
    public void Zero_grad_sets_to_none_by_default()
    {
        Tensor p = Tensor.Ones(3).RequiresGrad_();
        var sgd = new Sgd([p], lr: 0.1);
        p.Grad = Tensor.Ones(3);
        sgd.ZeroGrad();
        Assert.Null(p.Grad);
    }

    [Fact]
    public void Zero_grad_in_place_keeps_the_buffer_and_backward_accumulates_into_it()
    {
        Tensor p = Tensor.FromArray(new[] { 1f, -2f, 3f }).RequiresGrad_();
        var sgd = new Sgd([p], lr: 0.5);
        p.Mul(p).Sum().Backward();
        Tensor grad = p.Grad!;
        Assert.Equal(new[] { 2f, -4f, 6f }, grad.ToArray<float>());
        sgd.Step();
        Assert.Equal(new[] { 0f, 0f, 0f }, p.ToArray<float>());

        sgd.ZeroGrad(setToNone: false);
        Assert.Same(grad, p.Grad);
        Assert.Equal(new[] { 0f, 0f, 0f }, grad.ToArray<float>());
        p.Add(1.0).Mul(p.Add(1.0)).Sum().Backward();
        Assert.Same(grad, p.Grad);
        Assert.Equal(new[] { 2f, 2f, 2f }, grad.ToArray<float>());
    }

    [Fact]
    public void Parameters_without_gradient_are_skipped_and_their_state_does_not_advance()
    {
        Tensor a = Tensor.Ones(2).RequiresGrad_(), b = Tensor.Ones(2).RequiresGrad_();
        var adam = new Adam([a, b], lr: 0.1);
        a.Grad = Tensor.Ones(2);
        adam.Step();
        adam.Step();
        Assert.Equal(new[] { 1f, 1f }, b.ToArray<float>());
        b.Grad = Tensor.Ones(2);
        adam.Step();
        OptimizerState state = adam.StateDict();
        Assert.Equal(3.0, state.ParameterStates[0]["step"].Item());
        Assert.Equal(1.0, state.ParameterStates[1]["step"].Item());
        // A first Adam step moves every element by lr (m̂/√v̂ = ±1).
        Assert.Equal(0.9, b.ToArray<float>()[0], 6);
    }

    [Fact]
    public void Non_contiguous_gradient_gives_the_same_step_as_contiguous()
    {
        Tensor a = Tensor.Ones(3, 2).RequiresGrad_(), b = Tensor.Ones(3, 2).RequiresGrad_();
        Tensor g = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3);
        a.Grad = g.Transpose(0, 1);
        b.Grad = g.Transpose(0, 1).Contiguous();
        new Sgd([a], lr: 0.1, momentum: 0.9).Step();
        new Sgd([b], lr: 0.1, momentum: 0.9).Step();
        Assert.Equal(b.ToArray<float>(), a.ToArray<float>());
    }

    [Fact]
    public void State_created_inside_a_tensor_scope_outlives_it()
    {
        Tensor p = Tensor.Ones(300).RequiresGrad_();
        var adam = new Adam([p], lr: 0.01);
        p.Grad = Tensor.Ones(300);
        using (new TensorScope())
            adam.Step();
        adam.Step();
        Assert.All(adam.StateDict().ParameterStates[0]["exp_avg"].ToArray<float>(), v => Assert.True(v > 0.18f));
    }

    [Fact]
    public void Learning_rate_of_all_groups()
    {
        var defaults = new SgdOptions(LearningRate: 0.1);
        var sgd = new Sgd(
            [new ParamGroup([Tensor.Zeros(1)]), new ParamGroup([Tensor.Zeros(1)], defaults with { LearningRate = 0.01 })], defaults);
        Assert.Equal(0.1, sgd.LearningRate);
        Assert.Equal(0.01, sgd.ParamGroups[1].LearningRate);
        sgd.LearningRate = 0.5;
        Assert.Equal(0.5, sgd.LearningRate);
        Assert.Equal(0.5, sgd.ParamGroups[1].LearningRate);
    }

    [Fact]
    public void Add_param_group_takes_the_defaults_or_its_own_options()
    {
        var sgd = new Sgd([Tensor.Zeros(1).RequiresGrad_()], lr: 0.1, momentum: 0.9);
        var plain = new ParamGroup([Tensor.Zeros(2).RequiresGrad_()]);
        var head = new ParamGroup([Tensor.Zeros(2).RequiresGrad_()], sgd.Defaults with { LearningRate = 0.01 });
        sgd.AddParamGroup(plain);
        sgd.AddParamGroup(head);
        Assert.Equal(2, head.Index);
        Assert.Same(sgd.Defaults, plain.Options);
        Assert.Equal(0.01, head.LearningRate);
        Assert.Equal(0.9, ((SgdOptions)head.Options).Momentum);
        Assert.Throws<ArgumentException>(() => sgd.AddParamGroup(head));
    }

    public static TheoryData<string> Kinds => ["sgd", "adam", "adamw", "rmsprop", "adagrad"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Steady_state_step_allocates_almost_nothing(string kind)
    {
        Tensor p = Tensor.Normal([256, 256], generator: new Generator(1)).RequiresGrad_();
        p.Grad = Tensor.Normal([256, 256], generator: new Generator(2));
        Optimizer optimizer = kind switch
        {
            "sgd" => new Sgd([p], lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-4),
            "adam" => new Adam([p], lr: 1e-3, amsgrad: true, weightDecay: 1e-4),
            "adamw" => new AdamW([p], lr: 1e-3),
            "rmsprop" => new RmsProp([p], momentum: 0.9, centered: true),
            _ => new Adagrad([p], lrDecay: 0.01),
        };
        for (int i = 0; i < 5; i++)
            optimizer.Step();
        const int Steps = 100;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Steps; i++)
            optimizer.Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / Steps;
        Assert.True(perStep < 1024, $"{kind}: {perStep} bytes allocated per step of a [256, 256] parameter.");
    }

    [Fact]
    public void Zero_grad_in_place_allocates_nothing()
    {
        Tensor p = Tensor.Ones(256, 256).RequiresGrad_();
        p.Grad = Tensor.Ones(256, 256);
        var adam = new Adam([p]);
        adam.ZeroGrad(setToNone: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            adam.ZeroGrad(setToNone: false);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100 * 256);
    }

    [Fact]
    public void User_defined_optimizer_uses_the_base_class()
    {
        Tensor p = Tensor.FromArray(new[] { 1.0, 1.0 }).RequiresGrad_();
        var opt = new SignSgd([p], lr: 0.25);
        p.Grad = Tensor.FromArray(new[] { -3.0, 0.5 });
        opt.Step();
        opt.Step();
        Assert.Equal(new[] { 1.5, 0.5 }, p.ToArray<double>());
        Assert.Equal(2.0, opt.StateDict().ParameterStates[0]["step"].Item());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignSgd([p], lr: -1));
    }

    /// <summary>θ ← θ − lr·sign(g): an optimizer written outside the library with the protected API.</summary>
    private sealed class SignSgd(IEnumerable<Tensor> parameters, double lr)
        : Optimizer([new ParamGroup(parameters)], new SignSgdOptions(lr))
    {
        protected override void Update(ParamGroup group, Tensor parameter, Tensor grad, ParameterState state)
        {
            state.Step++;
            Span<double> p = GetSpan<double>(parameter);
            Span<double> g = GetSpan<double>(grad);
            for (int i = 0; i < p.Length; i++)
                p[i] -= group.LearningRate * Math.Sign(g[i]);
        }
    }

    private sealed record SignSgdOptions(double LearningRate) : OptimizerOptions(LearningRate, WeightDecay: 0);
}
