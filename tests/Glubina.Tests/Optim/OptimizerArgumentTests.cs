using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Optim;

/// <summary>Bad hyper-parameters and schedule arguments are refused with messages that name the parameter, the
/// requirement and the value.</summary>
public sealed class OptimizerArgumentTests
{
    private static Tensor[] P() => [Tensor.Zeros(2, 2).RequiresGrad_()];

    public static TheoryData<string, Func<Optimizer>, string> BadOptimizers => new()
    {
        { "sgd negative lr", () => new Sgd(P(), lr: -0.1), "Sgd: LearningRate must be finite and non-negative, got -0.1" },
        { "sgd negative momentum", () => new Sgd(P(), lr: 0.1, momentum: -0.5), "Sgd: Momentum must be finite and non-negative, got -0.5" },
        { "sgd negative weight decay", () => new Sgd(P(), lr: 0.1, weightDecay: -1), "Sgd: WeightDecay must be finite and non-negative, got -1" },
        { "sgd NaN lr", () => new Sgd(P(), lr: double.NaN), "Sgd: LearningRate must be a number, got NaN" },
        { "adam negative lr", () => new Adam(P(), lr: -1e-3), "Adam: LearningRate must be finite and non-negative, got -0.001" },
        { "adam beta1 = 1", () => new Adam(P(), beta1: 1.0), "Adam: Beta1 must be in [0, 1), got 1" },
        { "adam beta2 < 0", () => new Adam(P(), beta2: -0.1), "Adam: Beta2 must be in [0, 1), got -0.1" },
        { "adam negative eps", () => new Adam(P(), eps: -1e-8), "Adam: Eps must be finite and non-negative, got -1E-08" },
        { "adamw beta1 > 1", () => new AdamW(P(), beta1: 1.5), "AdamW: Beta1 must be in [0, 1), got 1.5" },
        { "rmsprop negative alpha", () => new RmsProp(P(), alpha: -0.9), "RmsProp: Alpha must be finite and non-negative, got -0.9" },
        { "rmsprop negative momentum", () => new RmsProp(P(), momentum: -1), "RmsProp: Momentum must be finite and non-negative, got -1" },
        { "adagrad negative lr decay", () => new Adagrad(P(), lrDecay: -0.1), "Adagrad: LrDecay must be finite and non-negative, got -0.1" },
        { "adagrad negative initial accumulator", () => new Adagrad(P(), initialAccumulatorValue: -1),
            "Adagrad: InitialAccumulatorValue must be finite and non-negative, got -1" },
    };

    [Theory]
    [MemberData(nameof(BadOptimizers))]
    public void Optimizer_rejects_bad_hyper_parameter(string what, Func<Optimizer> create, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{what}: message was '{error.Message}'.");
    }

    [Fact]
    public void Nesterov_needs_momentum_and_no_dampening()
    {
        var noMomentum = Assert.Throws<ArgumentException>(() => new Sgd(P(), lr: 0.1, nesterov: true));
        Assert.Contains("Sgd: Nesterov requires Momentum > 0 and Dampening = 0, got Momentum=0 and Dampening=0", noMomentum.Message);
        var dampened = Assert.Throws<ArgumentException>(() => new Sgd(P(), lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        Assert.Contains("Dampening=0.1", dampened.Message);
        var defaults = new SgdOptions(0.1, Momentum: 0.9, Nesterov: true);
        var group = Assert.Throws<ArgumentException>(
            () => new Sgd([new ParamGroup(P()), new ParamGroup(P(), defaults with { Momentum = 0 })], defaults));
        Assert.Contains("Sgd, param group 1: Nesterov requires", group.Message);
    }

    [Fact]
    public void Group_options_are_checked_and_named()
    {
        var bad = Assert.Throws<ArgumentOutOfRangeException>(
            () => new Adam([new ParamGroup(P()), new ParamGroup(P(), new AdamOptions(Beta2: 1.0))]));
        Assert.Contains("Adam, param group 1: Beta2 must be in [0, 1), got 1", bad.Message);
        var otherType = Assert.Throws<ArgumentException>(() => new Sgd([new ParamGroup(P(), new AdamOptions())], new SgdOptions(0.1)));
        Assert.Contains("Sgd, param group 0: the options are AdamOptions, Sgd takes SgdOptions", otherType.Message);
        var otherSwitch = Assert.Throws<ArgumentException>(
            () => new Sgd([new ParamGroup(P(), new SgdOptions(0.1, Momentum: 0.9, Nesterov: true))], new SgdOptions(0.1)));
        Assert.Contains("Sgd, param group 0: nesterov is True, the optimizer's default is False", otherSwitch.Message);
    }

    [Fact]
    public void Refused_group_is_left_as_built_and_can_be_used_elsewhere()
    {
        var defaults = new SgdOptions(0.2, Momentum: 0.9, Nesterov: true);
        var own = defaults with { Momentum = 0 };
        var group = new ParamGroup(P(), own);
        Assert.Throws<ArgumentException>(() => new Sgd([group], defaults));
        Assert.Same(own, group.Options);
        Assert.Equal(-1, group.Index);
        group.Options = own with { Momentum = 0.5 };
        var sgd = new Sgd([group], defaults);
        Assert.Equal(0.5, ((SgdOptions)group.Options).Momentum);
        Assert.Same(group, sgd.ParamGroups[0]);
    }

    [Fact]
    public void Group_without_options_takes_the_defaults_when_added()
    {
        var group = new ParamGroup(P());
        var early = Assert.Throws<InvalidOperationException>(() => group.LearningRate);
        Assert.Contains("takes its optimizer's defaults when it is given to one", early.Message);
        var adam = new Adam([group], new AdamOptions(LearningRate: 0.01));
        Assert.Same(adam.Defaults, group.Options);
    }

    [Fact]
    public void Owned_group_checks_later_changes()
    {
        var adam = new Adam(P());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => adam.ParamGroups[0].LearningRate = -0.5);
        Assert.Contains("Adam, param group 0: LearningRate must be finite and non-negative, got -0.5", error.Message);
        Assert.Equal(1e-3, adam.LearningRate);
        var otherType = Assert.Throws<ArgumentException>(() => adam.ParamGroups[0].Options = new SgdOptions(0.1));
        Assert.Contains("Adam, param group 0: the options are SgdOptions, Adam takes AdamOptions", otherType.Message);
        adam.ParamGroups[0].Options = new AdamOptions(Beta1: 0.5);
        Assert.Equal(0.5, ((AdamOptions)adam.ParamGroups[0].Options).Beta1);
    }

    [Fact]
    public void Constructor_defaults_are_the_options_defaults()
    {
        Assert.Equal(new AdamOptions(), new Adam(P()).Defaults);
        Assert.Equal(new AdamWOptions(), new AdamW(P()).Defaults);
        Assert.Equal(new RmsPropOptions(), new RmsProp(P()).Defaults);
        Assert.Equal(new AdagradOptions(), new Adagrad(P()).Defaults);
        Assert.Equal(new SgdOptions(0.1), new Sgd(P(), lr: 0.1).Defaults);
    }

    [Fact]
    public void Parameter_lists_are_checked()
    {
        var empty = Assert.Throws<ArgumentException>(() => new Adam(Array.Empty<Tensor>()));
        Assert.Contains("empty parameter list", empty.Message);
        Tensor shared = Tensor.Zeros(3).RequiresGrad_();
        var twice = Assert.Throws<ArgumentException>(() => new Sgd([new ParamGroup([shared]), new ParamGroup([shared])], new SgdOptions(0.1)));
        Assert.Contains("parameter 0 of param group 1 (shape [3]) appears more than once", twice.Message);
        var integer = Assert.Throws<ArgumentException>(() => new Sgd([Tensor.FromArray(new long[] { 1, 2 })], lr: 0.1));
        Assert.Contains("parameter 0 is int64 with shape [2]", integer.Message);
    }

    [Fact]
    public void Gradient_of_wrong_shape_is_reported_at_step()
    {
        Tensor p = Tensor.Zeros(2, 3).RequiresGrad_();
        var sgd = new Sgd([p], lr: 0.1);
        p.Grad = Tensor.Zeros(3, 2);
        var error = Assert.Throws<InvalidOperationException>(sgd.Step);
        Assert.Contains("parameter 0 of param group 0 is [2, 3] float32 but its gradient is [3, 2] float32", error.Message);
    }

    public static TheoryData<string, Func<object>, string, string> BadSchedules => new()
    {
        { "step size 0", () => new StepLR(new Sgd(P(), lr: 0.1), stepSize: 0), "stepSize", "stepSize must be at least 1, got 0" },
        { "negative gamma", () => new ExponentialLR(new Sgd(P(), lr: 0.1), gamma: -0.5), "gamma", "gamma must be finite and non-negative, got -0.5" },
        { "milestone 0", () => new MultiStepLR(new Sgd(P(), lr: 0.1), [0, 3]), "milestones", "milestones must be positive epochs, got 0" },
        { "cosine tMax 0", () => new CosineAnnealingLR(new Sgd(P(), lr: 0.1), tMax: 0), "tMax", "tMax must be at least 1, got 0" },
        { "linear start 0", () => new LinearLR(new Sgd(P(), lr: 0.1), startFactor: 0), "startFactor", "startFactor must be in (0, 1], got 0" },
        { "linear end 1.5", () => new LinearLR(new Sgd(P(), lr: 0.1), endFactor: 1.5), "endFactor", "endFactor must be in [0, 1], got 1.5" },
        { "onecycle steps 0", () => new OneCycleLR(new Sgd(P(), lr: 0.1), 1.0, totalSteps: 0), "totalSteps", "totalSteps must be a positive number of steps, got 0" },
        { "onecycle pct 1.5", () => new OneCycleLR(new Sgd(P(), lr: 0.1), 1.0, 10, pctStart: 1.5), "pctStart", "pctStart must be in [0, 1], got 1.5" },
        { "plateau factor 1", () => new ReduceLROnPlateau(new Sgd(P(), lr: 0.1), factor: 1.0), "factor", "factor must be in [0, 1), got 1" },
        { "plateau patience -1", () => new ReduceLROnPlateau(new Sgd(P(), lr: 0.1), patience: -1), "patience", "patience must be non-negative, got -1" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public void Schedule_rejects_bad_argument(string what, Func<object> create, string parameter, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, error.ParamName);
        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{what}: message was '{error.Message}'.");
    }

    [Fact]
    public void One_cycle_momentum_needs_an_optimizer_with_momentum()
    {
        var error = Assert.Throws<ArgumentException>(() => new OneCycleLR(new Adagrad(P()), 0.1, 10));
        Assert.Contains("cycleMomentum needs an optimizer with a momentum (SGD's, RMSprop's, Adam's β1); Adagrad has none", error.Message);
        var ok = new OneCycleLR(new Adagrad(P()), 0.1, 10, cycleMomentum: false);
        Assert.Equal(0.1 / 25, ok.GetLastLr()[0], 15);
    }

    [Fact]
    public void Per_group_lists_must_match_the_group_count()
    {
        var sgd = new Sgd([new ParamGroup(P()), new ParamGroup(P())], new SgdOptions(0.1));
        var onecycle = Assert.Throws<ArgumentException>(() => new OneCycleLR(sgd, [0.1], 10));
        Assert.Contains("expected 2 values for maxLrs (one per param group), got 1", onecycle.Message);
        var plateau = Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(sgd, [0.0, 0.0, 0.0]));
        Assert.Contains("expected 2 values for minLrs (one per param group), got 3", plateau.Message);
    }
}
