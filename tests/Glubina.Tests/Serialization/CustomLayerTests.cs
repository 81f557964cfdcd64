using Glubina.Autograd;
using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;

namespace Glubina.Tests.Serialization;

/// <summary>A user-defined layer joins the registry and round-trips through a model file, as Keras' registered layers.</summary>
public sealed class CustomLayerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("glubina-customlayer").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>y = x·scale + shift, with a learned per-feature scale.</summary>
    public sealed class ScaleShift : Module, IConfigurable<ScaleShift, ScaleShift.Arguments>
    {
        public ScaleShift(int features, double shift)
        {
            Features = features;
            Shift = shift;
            Scale = RegisterParameter("scale", Tensor.Ones([features]));
        }

        public sealed record Arguments(int Features, double Shift = 0.5);

        public int Features { get; }

        public double Shift { get; }

        public Tensor Scale { get; }

        public Arguments Config => new(Features, Shift);

        public static ScaleShift FromConfig(Arguments c) => new(c.Features, c.Shift);

        public override Tensor Forward(Tensor input) => input.Mul(Scale).Add(Shift);
    }

    [Fact]
    public void A_registered_user_layer_round_trips_through_a_model_file()
    {
        LayerRegistry.Register<ScaleShift, ScaleShift.Arguments>();
        Assert.Contains("ScaleShift", LayerRegistry.KnownTypes);
        var model = new Sequential(new Linear(3, 4), new ScaleShift(4, shift: 0.25));
        using (GradMode.NoGrad())
            ((ScaleShift)model[1]).Scale.CopyInPlace(Tensor.FromArray([1f, 2f, 3f, 4f], 4));
        string path = Path.Combine(_folder, "custom.safetensors");
        new ModelFile(model, ModelSpec.FromModule(model)).Save(path);

        var loaded = ModelFile.Load(path).Model;
        var layer = Assert.IsType<ScaleShift>(((Sequential)loaded)[1]);
        Assert.Equal(0.25, layer.Shift);
        Assert.Equal([1f, 2f, 3f, 4f], layer.Scale.ToArray<float>());
        Tensor x = Tensor.Randn([2, 3]);
        Assert.Equal(model.Call(x).ToArray<float>(), loaded.Call(x).ToArray<float>());
    }

    [Fact]
    public void A_user_layer_description_is_checked_like_a_built_in_one()
    {
        LayerRegistry.Register<ScaleShift, ScaleShift.Arguments>();
        Assert.Equal(["features", "shift"], LayerRegistry.Arguments("ScaleShift").Select(a => a.Name));
        var missing = Assert.Throws<FormatException>(() => ModelSpec.Parse("""{"layers":[{"type":"ScaleShift"}]}""").Build());
        Assert.Contains("layers[0] (ScaleShift): missing required argument \"features\"", missing.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<FormatException>(() => ModelSpec.Parse("""{"layers":[{"type":"ScaleShift","features":"four"}]}""").Build());
        Assert.Contains("argument \"features\" has the wrong type (\"four\"): expected an integer", wrong.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<FormatException>(() => ModelSpec.Parse("""{"layers":[{"type":"ScaleShift","features":4,"sift":1}]}""").Build());
        Assert.Contains("unknown argument(s) \"sift\"", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unregistered_module_says_how_to_register_it()
    {
        var e = Assert.Throws<NotSupportedException>(() => ModelSpec.FromModule(new Sequential(new Linear(2, 2), new Unregistered())));
        Assert.Contains("Layer 1 (Unregistered) has no JSON description", e.Message, StringComparison.Ordinal);
        Assert.Contains("LayerRegistry.Register", e.Message, StringComparison.Ordinal);
    }

    private sealed class Unregistered : Module
    {
        public override Tensor Forward(Tensor input) => input;
    }
}
