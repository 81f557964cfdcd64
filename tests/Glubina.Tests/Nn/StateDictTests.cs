using Glubina.Nn;
using Glubina.Tensors;

namespace Glubina.Tests.Nn;

/// <summary>LoadStateDict: strict key checks, shape checks whose messages name the key and both shapes, nothing
/// changed by a failed load, non-strict partial loads, and loaded values that are copies.</summary>
public sealed class StateDictTests
{
    private static Sequential Model(ulong seed) => new(
        new Linear(4, 8, generator: new Generator(seed)), new BatchNorm1d(8), new ReLU(), new Linear(8, 3, generator: new Generator(seed + 1)));

    private static Dictionary<string, double[]> Snapshot(Module m) =>
        m.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToDoubleArray());

    private static Dictionary<string, Tensor> Copy(Module m) =>
        m.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Detach().Clone());

    private static void AssertUnchanged(Dictionary<string, double[]> before, Module m)
    {
        foreach (var (name, value) in m.StateDict())
            Assert.Equal(before[name], value.ToDoubleArray());
    }

    [Fact]
    public void Keys_are_pytorchs()
    {
        // PyTorch's state_dict() order.
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias"],
            Model(1).StateDict().Keys.ToArray());
    }

    [Fact]
    public void Missing_key_is_named_and_nothing_changes()
    {
        var model = Model(1);
        var before = Snapshot(model);
        var state = Copy(Model(10));
        state.Remove("3.bias");
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));
        Assert.Contains("missing", e.Message);
        Assert.Contains("3.bias", e.Message);
        AssertUnchanged(before, model);
    }

    [Fact]
    public void Unexpected_key_is_named_and_nothing_changes()
    {
        var model = Model(1);
        var before = Snapshot(model);
        var state = Copy(Model(10));
        state["4.weight"] = Tensor.Zeros(3, 3);
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));
        Assert.Contains("unexpected", e.Message);
        Assert.Contains("4.weight", e.Message);
        Assert.DoesNotContain("3.bias", e.Message);
        AssertUnchanged(before, model);
    }

    [Fact]
    public void Wrong_shape_names_the_key_and_both_shapes_and_nothing_changes()
    {
        var model = Model(1);
        var before = Snapshot(model);
        // Every other entry is valid and different, and the bad one comes late in the model's order: a load that
        // copied as it checked would already have changed the others.
        var state = Copy(Model(10));
        state["3.weight"] = Tensor.Zeros(3, 9);
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(state));
        Assert.Contains("'3.weight'", e.Message);
        Assert.Contains("[3, 9]", e.Message);
        Assert.Contains("[3, 8]", e.Message);
        AssertUnchanged(before, model);
        Assert.NotEqual(before["0.weight"], state["0.weight"].ToDoubleArray());
    }

    [Fact]
    public void Non_strict_load_takes_what_is_there()
    {
        var model = Model(1);
        var before = Snapshot(model);
        var source = Copy(Model(10));
        var state = new Dictionary<string, Tensor> { ["0.weight"] = source["0.weight"], ["extra.thing"] = Tensor.Zeros(2) };
        model.LoadStateDict(state, strict: false);
        Assert.Equal(source["0.weight"].ToDoubleArray(), model.StateDict()["0.weight"].ToDoubleArray());
        Assert.Equal(before["0.bias"], model.StateDict()["0.bias"].ToDoubleArray());
        // A wrong shape is still an error without strict.
        Assert.Throws<ArgumentException>(() => model.LoadStateDict(new Dictionary<string, Tensor> { ["0.bias"] = Tensor.Zeros(7) }, strict: false));
    }

    [Fact]
    public void Loaded_parameters_stay_trainable_leaves_and_keep_the_models_dtype()
    {
        var model = Model(1);
        var state = Model(10).StateDict().ToDictionary(kv => kv.Key,
            kv => kv.Value.DType == DType.Float32 ? kv.Value.Detach().To(DType.Float64) : kv.Value.Detach().Clone());
        model.LoadStateDict(state);
        foreach (var (name, p) in model.NamedParameters())
        {
            Assert.Equal(DType.Float32, p.DType);
            Assert.True(p.IsLeaf && p.RequiresGrad, name);
            Assert.Equal(state[name].ToFloatArray(), p.ToFloatArray());
        }
        Tensor x = Tensor.Normal([5, 4], 0, 1, new Generator(3));
        model.Call(x).Sum().Backward();
        Assert.All(model.Parameters(), p => Assert.NotNull(p.Grad));

        // Buffers travel too: running statistics and the int64 batch counter.
        var trained = Model(1);
        trained.Call(x);
        trained.Call(x);
        var fresh = Model(1);
        fresh.LoadStateDict(Copy(trained));
        Assert.Equal(2.0, fresh.StateDict()["1.num_batches_tracked"].Item());
        Assert.Equal(trained.StateDict()["1.running_var"].ToDoubleArray(), fresh.StateDict()["1.running_var"].ToDoubleArray());
        trained.Eval();
        fresh.Eval();
        Assert.Equal(trained.Call(x).ToDoubleArray(), fresh.Call(x).ToDoubleArray());
    }
}
