using System.Text;
using Glubina.Autograd;
using Glubina.Tensors;

namespace Glubina.Nn;

/// <summary>
/// Base of every layer and model, as PyTorch's <c>nn.Module</c>: registered parameters, buffers and
/// sub-modules with PyTorch-style dotted names (<c>fc1.weight</c>, <c>layers.0.bias</c>), train/eval mode,
/// freezing and state dictionaries. Implement <see cref="Forward"/>; call a module with <see cref="Call"/>,
/// which also runs forward hooks (used by summaries and profilers), like PyTorch's <c>__call__</c>.
/// </summary>
public abstract class Module
{
    private readonly List<KeyValuePair<string, Tensor>> _parameters = [];
    private readonly List<KeyValuePair<string, Tensor>> _buffers = [];
    private readonly List<KeyValuePair<string, Module>> _children = [];
    private readonly List<Action<Module, Tensor, Tensor>> _forwardHooks = [];
    private readonly List<Action<Module, Tensor>> _forwardPreHooks = [];

    /// <summary>True in training mode (dropout active, batch statistics), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>The computation, input → output.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Runs the forward pre-hooks, <see cref="Forward"/> and then the forward hooks.</summary>
    public Tensor Call(Tensor input)
    {
        foreach (var hook in _forwardPreHooks)
            hook(this, input);
        Tensor output = Forward(input);
        foreach (var hook in _forwardHooks)
            hook(this, input, output);
        return output;
    }

    /// <summary>As <see cref="Call"/> for a forward that takes more than the input (a state, masks, lengths): composite
    /// modules call such children through this, so hooks see every layer as PyTorch's <c>__call__</c> does.</summary>
    internal TResult Call<TResult>(Tensor input, Func<TResult> forward, Func<TResult, Tensor> output)
    {
        foreach (var hook in _forwardPreHooks)
            hook(this, input);
        TResult result = forward();
        if (_forwardHooks.Count > 0)
        {
            Tensor y = output(result);
            foreach (var hook in _forwardHooks)
                hook(this, input, y);
        }
        return result;
    }

    /// <summary>Adds a hook called after every <see cref="Call"/> with (module, input, output); dispose to remove.</summary>
    public IDisposable RegisterForwardHook(Action<Module, Tensor, Tensor> hook)
    {
        _forwardHooks.Add(hook);
        return new HookHandle(() => _forwardHooks.Remove(hook));
    }

    /// <summary>Adds a hook called at the start of every <see cref="Call"/> with (module, input); dispose to remove.</summary>
    public IDisposable RegisterForwardPreHook(Action<Module, Tensor> hook)
    {
        _forwardPreHooks.Add(hook);
        return new HookHandle(() => _forwardPreHooks.Remove(hook));
    }

    /// <summary>Parameters registered on this module itself, not on its sub-modules (a multi-head attention's
    /// packed input projection, beside its output-projection child).</summary>
    public long OwnParameterCount() => _parameters.Sum(p => (long)p.Value.Numel);

    private sealed class HookHandle(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }

    // ---- registration ----

    /// <summary>Registers a trainable tensor under <paramref name="name"/> (it becomes a leaf that requires grad).</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        if (!value.DType.IsFloatingPoint())
            throw new ArgumentException($"{GetType().Name}: parameter '{name}' must be floating point, got {value.DType.Name()}.");
        Tensor p = value.IsLeaf ? value : value.Detach();
        TensorScope.Release(p);
        p.RequiresGrad = true;
        _parameters.Add(new(name, p));
        return p;
    }

    /// <summary>Registers a non-trainable state tensor (running statistics) saved with the model.</summary>
    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        CheckName(name);
        TensorScope.Release(value);
        _buffers.Add(new(name, value));
        return value;
    }

    /// <summary>Registers a sub-module; its parameters appear as <c>name.param</c>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _children.Add(new(name, module));
        return module;
    }

    /// <summary>Replaces the value of a registered buffer (the new tensor must be owned by no scope).</summary>
    protected void SetBuffer(string name, Tensor value)
    {
        int i = _buffers.FindIndex(kv => kv.Key == name);
        if (i < 0)
            throw new ArgumentException($"{GetType().Name}: no buffer named '{name}'.");
        TensorScope.Release(value);
        _buffers[i] = new(name, value);
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{GetType().Name}: '{name}' is not a valid member name (non-empty, no dots).");
        if (_parameters.Exists(kv => kv.Key == name) || _buffers.Exists(kv => kv.Key == name) || _children.Exists(kv => kv.Key == name))
            throw new ArgumentException($"{GetType().Name}: a member named '{name}' is already registered.");
    }

    // ---- traversal ----

    /// <summary>Direct sub-modules with their names.</summary>
    public IReadOnlyList<KeyValuePair<string, Module>> NamedChildren() => _children;

    /// <summary>This module (name "") and all descendants, depth first, with dotted names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedModules(Join(prefix, name)))
                yield return item;
    }

    /// <summary>Parameters with PyTorch-style dotted names, in registration order.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, p) in module._parameters)
                yield return (Join(prefix, name), p);
    }

    /// <summary>All parameters (for an optimizer).</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Buffers (running statistics) with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var (prefix, module) in NamedModules())
            foreach (var (name, b) in module._buffers)
                yield return (Join(prefix, name), b);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    /// <summary>Number of parameter elements (all, or only trainable ones).</summary>
    public long ParameterCount(bool trainableOnly = false) =>
        Parameters().Where(p => !trainableOnly || p.RequiresGrad).Sum(p => (long)p.Numel);

    // ---- modes and state ----

    /// <summary>Sets training mode on this module and all descendants.</summary>
    public Module Train(bool training = true)
    {
        foreach (var (_, m) in NamedModules())
            m.Training = training;
        return this;
    }

    /// <summary>Sets evaluation mode (dropout off, running statistics used).</summary>
    public Module Eval() => Train(false);

    /// <summary>Stops (or restarts) gradient updates of every parameter.</summary>
    public Module Freeze(bool frozen = true)
    {
        foreach (var p in Parameters())
            p.RequiresGrad = !frozen;
        return this;
    }

    /// <summary>Calls <paramref name="fn"/> on every module, children first, then this one (like PyTorch's apply).</summary>
    public Module Apply(Action<Module> fn)
    {
        foreach (var (_, child) in _children)
            child.Apply(fn);
        fn(this);
        return this;
    }

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
            p.Grad = null;
    }

    /// <summary>Parameters and buffers by dotted name (the tensors themselves, not copies).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        // PyTorch's order: each module's parameters, then its buffers, depth first.
        var state = new Dictionary<string, Tensor>();
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, p) in module._parameters)
                state[Join(prefix, name)] = p;
            foreach (var (name, b) in module._buffers)
                state[Join(prefix, name)] = b;
        }
        return state;
    }

    /// <summary>Copies values into the parameters and buffers. Shapes must match; with <paramref name="strict"/>
    /// the key sets must match too. Nothing is changed when any check fails.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new ArgumentException(
                $"LoadStateDict into {GetType().Name}: missing keys [{string.Join(", ", missing)}], " +
                $"unexpected keys [{string.Join(", ", unexpected)}].");
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out var source))
                continue;
            if (!source.Shape.SequenceEqual(target.Shape))
                throw new ArgumentException(
                    $"LoadStateDict into {GetType().Name}: '{name}' has shape {ShapeMath.Format(source.Shape)} in the state, " +
                    $"{ShapeMath.Format(target.Shape)} in the model.");
        }
        using (GradMode.NoGrad())
            foreach (var (name, target) in own)
                if (state.TryGetValue(name, out var source))
                    target.CopyInPlace(source.DType == target.DType ? source : source.To(target.DType));
    }

    /// <summary>Extra text shown in <see cref="ToString"/> after the type name (e.g. "in=784, out=256").</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>Multiply-adds of one forward pass for the given input and output shapes (for summaries).</summary>
    public virtual long MultiplyAdds(ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape) => 0;

    /// <summary>PyTorch-style tree: <c>Sequential(\n  (0): Linear(in_features=784, out_features=256, bias=true)\n …)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(GetType().Name).Append('(').Append(ExtraRepr());
        if (_children.Count > 0)
        {
            sb.Append('\n');
            foreach (var (name, child) in _children)
                sb.Append("  (").Append(name).Append("): ").Append(child.ToString().Replace("\n", "\n  ")).Append('\n');
        }
        return sb.Append(')').ToString();
    }
}
