using System.Collections;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>An indexed list of sub-modules (named "0", "1", …) whose parameters are registered; it has no
/// forward of its own (as nn.ModuleList): the owner decides how to call them.</summary>
public sealed class ModuleList : Module, IEnumerable<Module>
{
    private readonly List<Module> _modules = [];

    public ModuleList(params Module[] modules)
    {
        foreach (var m in modules)
            Add(m);
    }

    public ModuleList Add(Module module)
    {
        RegisterModule(_modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _modules.Add(module);
        return this;
    }

    public int Count => _modules.Count;

    public Module this[int index] => _modules[index];

    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("ModuleList has no Forward; call its modules from the owning module.");

    public IEnumerator<Module> GetEnumerator() => _modules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
