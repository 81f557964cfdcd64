using System.Collections;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Named sub-modules in insertion order (as nn.ModuleDict); no forward of its own.</summary>
public sealed class ModuleDict : Module, IEnumerable<KeyValuePair<string, Module>>
{
    private readonly Dictionary<string, Module> _modules = [];

    public ModuleDict Add(string name, Module module)
    {
        RegisterModule(name, module);
        _modules[name] = module;
        return this;
    }

    public int Count => _modules.Count;

    public Module this[string name] => _modules.TryGetValue(name, out var m)
        ? m
        : throw new KeyNotFoundException($"ModuleDict has no module '{name}'. Names: {string.Join(", ", _modules.Keys)}.");

    public bool ContainsKey(string name) => _modules.ContainsKey(name);

    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("ModuleDict has no Forward; call its modules from the owning module.");

    public IEnumerator<KeyValuePair<string, Module>> GetEnumerator() => NamedChildren().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
