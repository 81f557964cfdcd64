using System.Collections;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>An indexed list of sub-modules (named "0", "1", …) whose parameters are registered; it has no
/// forward of its own (as nn.ModuleList): the owner decides how to call them.</summary>
public sealed class ModuleList : Module, IEnumerable<Module>
{
    private readonly List<Module> _modules = [];

    /// <summary>A list holding <paramref name="modules"/> in order, named "0", "1", ….</summary>
    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules)
            Add(m);
    }

    /// <summary>Appends <paramref name="module"/>, named by its position; returns this list for chaining.</summary>
    public ModuleList Add(Module module)
    {
        RegisterModule(_modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _modules.Add(module);
        return this;
    }

    /// <summary>Number of modules.</summary>
    public int Count => _modules.Count;

    /// <summary>The module at <paramref name="index"/> (0-based).</summary>
    /// <exception cref="ArgumentOutOfRangeException">index is outside 0..Count−1.</exception>
    public Module this[int index] => _modules[index];

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("ModuleList has no Forward; call its modules from the owning module.");

    /// <summary>The modules in order.</summary>
    public IEnumerator<Module> GetEnumerator() => _modules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
