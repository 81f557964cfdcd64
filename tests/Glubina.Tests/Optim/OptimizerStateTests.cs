using Glubina.Optim;
using Glubina.Tensors;

namespace Glubina.Tests.Optim;

/// <summary>StateDict / LoadStateDict: a checkpointed optimizer continues exactly as one that never stopped, and a
/// state that does not fit is refused with a message that names the difference.</summary>
public sealed class OptimizerStateTests
{
    private static readonly int[][] Shapes = [[3, 4], [5]];

    public static TheoryData<string> Kinds => ["sgd", "adam", "adamw", "rmsprop", "adagrad"];

    private static Optimizer Create(string kind, Tensor[] parameters, bool flag = true) => kind switch
    {
        "sgd" => new Sgd(
            [new ParamGroup([parameters[0]]), new ParamGroup([parameters[1]], SgdDefaults(flag) with { LearningRate = 0.02 })],
            SgdDefaults(flag)),
        "adam" => new Adam(parameters, lr: 0.01, amsgrad: flag, weightDecay: 0.1),
        "adamw" => new AdamW(parameters, lr: 0.01, amsgrad: flag),
        "rmsprop" => new RmsProp(parameters, lr: 0.01, momentum: 0.5, centered: flag),
        "adagrad" => new Adagrad(parameters, lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1, maximize: flag),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static SgdOptions SgdDefaults(bool nesterov) =>
        new(LearningRate: 0.05, Momentum: 0.9, WeightDecay: 0.01, Nesterov: nesterov);

    private static Tensor[] Parameters(DType dtype = DType.Float32)
    {
        var g = new Generator(7);
        return Shapes.Select(s => Tensor.Normal(s, generator: g, dtype: dtype).RequiresGrad_()).ToArray();
    }

    private static Tensor[] Copy(Tensor[] parameters) =>
        parameters.Select(p => p.Detach().Clone().RequiresGrad_()).ToArray();

    private static void StepWith(Optimizer optimizer, Tensor[] parameters, Generator g)
    {
        foreach (Tensor p in parameters)
            p.Grad = Tensor.Normal(p.ShapeArray(), generator: g, dtype: p.DType);
        optimizer.Step();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Save_load_continue_matches_uninterrupted_run(string kind)
    {
        Tensor[] original = Parameters();
        Optimizer uninterrupted = Create(kind, original);
        var grads = new Generator(11);
        for (int t = 0; t < 10; t++)
            StepWith(uninterrupted, original, grads);

        OptimizerState saved = uninterrupted.StateDict();
        Tensor[] resumed = Copy(original);
        Optimizer restarted = Create(kind, resumed);
        restarted.LoadStateDict(saved);

        var gradsA = new Generator(99);
        var gradsB = new Generator(99);
        for (int t = 0; t < 10; t++)
        {
            StepWith(uninterrupted, original, gradsA);
            StepWith(restarted, resumed, gradsB);
        }
        for (int i = 0; i < original.Length; i++)
            Assert.Equal(original[i].ToArray<float>(), resumed[i].ToArray<float>());
        Assert.Equal(uninterrupted.ParamGroups.Select(g => g.LearningRate), restarted.ParamGroups.Select(g => g.LearningRate));
    }

    [Fact]
    public void Snapshot_holds_PyTorch_buffer_names_and_does_not_change_when_training_continues()
    {
        Tensor[] parameters = Parameters();
        var adam = new Adam(parameters, lr: 0.01, amsgrad: true);
        var g = new Generator(3);
        StepWith(adam, parameters, g);
        StepWith(adam, parameters, g);
        OptimizerState state = adam.StateDict();

        Assert.Equal("Adam", state.OptimizerType);
        Assert.True(state.Flags["amsgrad"]);
        Assert.Equal(2, Assert.Single(state.GroupSizes));
        Assert.Equal(0.01, state.Groups[0]["lr"]);
        Assert.Equal(0.9, state.Groups[0]["beta1"]);
        Assert.Equal(["exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"], state.ParameterStates[1].Keys.Order());
        Assert.Equal(2.0, state.ParameterStates[0]["step"].Item());
        Assert.Equal([5], state.ParameterStates[1]["exp_avg"].ShapeArray());

        float[] before = state.ParameterStates[0]["exp_avg"].ToArray<float>();
        StepWith(adam, parameters, g);
        Assert.Equal(before, state.ParameterStates[0]["exp_avg"].ToArray<float>());
        Assert.Equal(2.0, state.ParameterStates[0]["step"].Item());
    }

    [Fact]
    public void Parameters_without_state_have_no_entry()
    {
        Tensor[] parameters = Parameters();
        var sgd = new Sgd(parameters, lr: 0.1, momentum: 0.9);
        parameters[0].Grad = Tensor.OnesLike(parameters[0]);
        sgd.Step();
        OptimizerState state = sgd.StateDict();
        Assert.Equal([0], state.ParameterStates.Keys);
        Assert.Contains("momentum_buffer", state.ParameterStates[0].Keys);
    }

    [Fact]
    public void Load_converts_float32_state_to_float64_parameters()
    {
        Tensor[] p32 = Parameters();
        var a = new Adam(p32, lr: 0.01);
        StepWith(a, p32, new Generator(5));
        Tensor[] p64 = p32.Select(p => p.Detach().To(DType.Float64).RequiresGrad_()).ToArray();
        var b = new Adam(p64, lr: 0.01);
        b.LoadStateDict(a.StateDict());
        OptimizerState loaded = b.StateDict();
        Assert.Equal(DType.Float64, loaded.ParameterStates[0]["exp_avg"].DType);
        Assert.Equal(Array.ConvertAll(a.StateDict().ParameterStates[0]["exp_avg"].ToArray<float>(), v => (double)v),
            loaded.ParameterStates[0]["exp_avg"].ToArray<double>());
    }

    [Fact]
    public void Load_rejects_different_parameter_count()
    {
        Tensor[] parameters = Parameters();
        var a = new Adam(parameters);
        StepWith(a, parameters, new Generator(1));
        var b = new Adam([Tensor.Zeros(3, 4).RequiresGrad_()]);
        var error = Assert.Throws<ArgumentException>(() => b.LoadStateDict(a.StateDict()));
        Assert.Contains("param group 0 has 1 parameters, the state has 2", error.Message);
    }

    [Fact]
    public void Load_rejects_different_shapes_without_changing_anything()
    {
        Tensor[] parameters = Parameters();
        var a = new Adam(parameters, lr: 0.05);
        StepWith(a, parameters, new Generator(1));
        Tensor[] other = [Tensor.Zeros(3, 4).RequiresGrad_(), Tensor.Zeros(6).RequiresGrad_()];
        var b = new Adam(other, lr: 0.001);
        var error = Assert.Throws<ArgumentException>(() => b.LoadStateDict(a.StateDict()));
        Assert.Contains("of parameter 1 has shape [5], expected [6]", error.Message);
        Assert.Equal(0.001, b.LearningRate);
        Assert.Empty(b.StateDict().ParameterStates);
    }

    [Fact]
    public void Load_rejects_another_optimizer_type_or_other_flags()
    {
        Tensor[] parameters = Parameters();
        var adam = new Adam(parameters, amsgrad: true);
        var sgd = new Sgd(Copy(parameters), lr: 0.1);
        var typeError = Assert.Throws<ArgumentException>(() => sgd.LoadStateDict(adam.StateDict()));
        Assert.Contains("saved by Adam, this optimizer is Sgd", typeError.Message);

        var plain = new Adam(Copy(parameters), amsgrad: false);
        var flagError = Assert.Throws<ArgumentException>(() => plain.LoadStateDict(adam.StateDict()));
        Assert.Contains("amsgrad=True", flagError.Message);
        Assert.Contains("amsgrad=False", flagError.Message);
    }

    [Fact]
    public void Load_rejects_invalid_hyper_parameters()
    {
        Tensor[] parameters = Parameters();
        var adam = new Adam(parameters);
        OptimizerState good = adam.StateDict();
        var groups = new List<IReadOnlyDictionary<string, double>>
        {
            new Dictionary<string, double>(good.Groups[0]) { ["beta1"] = 1.5 },
        };
        var bad = new OptimizerState("Adam", good.Flags, groups, good.GroupSizes, good.ParameterStates);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => adam.LoadStateDict(bad));
        Assert.Contains("Adam.LoadStateDict, param group 0: Beta1 must be in [0, 1), got 1.5", error.Message);
        Assert.Equal(0.9, ((AdamOptions)adam.ParamGroups[0].Options).Beta1);

        var unknown = new OptimizerState("Adam", good.Flags, [new Dictionary<string, double> { ["momentum"] = 0.9 }],
            good.GroupSizes, good.ParameterStates);
        var unknownError = Assert.Throws<ArgumentException>(() => adam.LoadStateDict(unknown));
        Assert.Contains("has 'momentum', which is not a hyper-parameter of Adam; known: lr, weight_decay, beta1, beta2, eps",
            unknownError.Message);
    }
}
