using System.Collections;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>Named sub-modules in insertion order (as nn.ModuleDict); no forward of its own.</summary>
public sealed class ModuleDict : Module, IEnumerable<KeyValuePair<string, Module>>
{
    private readonly Dictionary<string, Module> _modules = [];

    /// <summary>Registers <paramref name="module"/> under <paramref name="name"/> (its parameters become <c>name.…</c>); returns this dict for chaining.</summary>
    /// <exception cref="ArgumentException">The name is empty, contains a dot, or is already taken.</exception>
    public ModuleDict Add(string name, Module module)
    {
        RegisterModule(name, module);
        _modules[name] = module;
        return this;
    }

    /// <summary>Number of modules.</summary>
    public int Count => _modules.Count;

    /// <summary>The module registered under <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No module has that name (the message lists the names).</exception>
    public Module this[string name] => _modules.TryGetValue(name, out var m)
        ? m
        : throw new KeyNotFoundException($"ModuleDict has no module '{name}'. Names: {string.Join(", ", _modules.Keys)}.");

    /// <summary>True when a module is registered under <paramref name="name"/>.</summary>
    public bool ContainsKey(string name) => _modules.ContainsKey(name);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("ModuleDict has no Forward; call its modules from the owning module.");

    /// <summary>The modules with their names, in insertion order.</summary>
    public IEnumerator<KeyValuePair<string, Module>> GetEnumerator() => NamedChildren().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
