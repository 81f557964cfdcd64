using System.Collections;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Runs its layers in order; they are named "0", "1", … (or as given), like nn.Sequential.</summary>
public sealed class Sequential : Module, IEnumerable<Module>
{
    private readonly List<Module> _layers = [];

    /// <summary>Runs <paramref name="layers"/> in the given order, named "0", "1", ….</summary>
    public Sequential(params Module[] layers)
    {
        foreach (var layer in layers)
            Add(layer);
    }

    /// <summary>Runs the layers in the given order under the given names (PyTorch's <c>nn.Sequential(OrderedDict(...))</c>).</summary>
    /// <exception cref="ArgumentException">A name is empty, contains a dot, or repeats.</exception>
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

    /// <summary>Number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at <paramref name="index"/> (0-based).</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is outside 0..Count−1.</exception>
    public Module this[int index] => _layers[index];

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (var layer in _layers)
            x = layer.Call(x);
        return x;
    }

    /// <summary>The layers in the order they run.</summary>
    public IEnumerator<Module> GetEnumerator() => _layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
