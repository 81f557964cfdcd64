using Glubina.Nn;
using Glubina.Serialization;
using Glubina.Tensors;
using Glubina.Testing;

namespace Glubina.Tests.Serialization;

/// <summary>Every entry of <see cref="LayerCatalog"/> survives a model file: saved, loaded into a layer rebuilt from its
/// description, it gives the same eval-mode output to the last bit.</summary>
public sealed class LayerCatalogModelFileTests : IDisposable
{
    // Wrappers that take a built layer rather than arguments: no JSON description.
    private static readonly HashSet<string> s_notDescribed = ["RnnLastState(LSTM(4,6,bidirectional))"];

    // Layer types with integer (token) inputs, which the catalog's float inputs cannot drive: their own tests cover them.
    private static readonly string[] s_tokenLayers = ["CausalLanguageModel", "Embedding", "RecurrentLanguageModel"];

    private readonly string _folder = Directory.CreateTempSubdirectory("glubina-catalog").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Entries() => new(LayerCatalog.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Entries))]
    public void An_entry_round_trips_through_a_model_file(string name)
    {
        var entry = LayerCatalog.Named(name);
        Module layer = entry.Build(new Generator(1));
        Tensor x = Tensor.Normal(entry.InputShape, 0, 1, new Generator(2));
        layer.Train();
        layer.Call(x);   // moves running statistics away from their initial values
        var model = layer as Sequential ?? new Sequential(layer);
        if (s_notDescribed.Contains(name))
        {
            Assert.Throws<NotSupportedException>(() => ModelSpec.FromModule(model));
            return;
        }
        string path = Path.Combine(_folder, "model.safetensors");
        new ModelFile(model, ModelSpec.FromModule(model)).Save(path);

        Module loaded = ModelFile.Load(path).Model;
        model.Eval();
        loaded.Eval();
        Assert.Equal(ModelSpec.FromModule(model).ToJsonString(), ModelSpec.FromModule(loaded).ToJsonString());
        Assert.Equal(model.Call(x).ToArray<float>(), loaded.Call(x).ToArray<float>());
    }

    [Fact]
    public void The_catalog_covers_every_registered_layer_type()
    {
        var covered = LayerCatalog.All.SelectMany(e => e.Build(new Generator(1)).NamedModules()).Select(m => m.Module.GetType().Name).ToHashSet();
        // Built-in layers only: other tests register layers of their own.
        var builtIn = typeof(Module).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet();
        Assert.Equal(s_tokenLayers,
            LayerRegistry.KnownTypes.Where(t => builtIn.Contains(t) && !covered.Contains(t)).Order(StringComparer.Ordinal));
    }
}
