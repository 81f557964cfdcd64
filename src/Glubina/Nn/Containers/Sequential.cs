using System.Collections;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Runs its layers in order; they are named "0", "1", … (or as given), like nn.Sequential.</summary>
public sealed class Sequential : Module, IEnumerable<Module>
{
    private readonly List<Module> _layers = [];

    public Sequential(params Module[] layers)
    {
        foreach (var layer in layers)
            Add(layer);
    }

    public Sequential(IEnumerable<KeyValuePair<string, Module>> namedLayers)
    {
        foreach (var (name, layer) in namedLayers)
            Add(layer, name);
    }

    /// <summary>Appends a layer (named by its position unless a name is given).</summary>
    public Sequential Add(Module layer, string? name = null)
    {
        RegisterModule(name ?? _layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    public int Count => _layers.Count;

    public Module this[int index] => _layers[index];

    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (var layer in _layers)
            x = layer.Call(x);
        return x;
    }

    public IEnumerator<Module> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
