namespace Glubina.Tensors;

/// <summary>
/// Disposes every tensor created inside it when it ends, returning pooled buffers for reuse, so a training
/// step in steady state allocates almost nothing. Tensors to keep (a loss value, a prediction) are passed to
/// <see cref="Keep"/>, which hands them to the enclosing scope (or to nobody). Gradients stored in a leaf's
/// <see cref="Tensor.Grad"/> are never owned by a scope. Scopes nest and are per thread.
/// <code>
/// using (var scope = new TensorScope()) { var loss = model(x).Sub(y).Pow(2).Mean(); loss.Backward(); opt.Step(); }
/// </code>
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? t_current;

    private readonly TensorScope? _parent;
    private readonly List<Tensor> _tensors = [];
    private bool _ended;

    /// <summary>Begins a scope on this thread; tensors created until it is disposed belong to it.</summary>
    public TensorScope()
    {
        _parent = t_current;
        t_current = this;
    }

    /// <summary>Number of tensors this scope will dispose.</summary>
    public int Count => _tensors.Count;

    internal static void Register(Tensor tensor)
    {
        TensorScope? scope = t_current;
        if (scope is null)
            return;
        tensor.Owner = scope;
        scope._tensors.Add(tensor);
    }

    /// <summary>Stops this scope from disposing <paramref name="tensor"/>; the enclosing scope (if any) owns it now.</summary>
    public Tensor Keep(Tensor tensor)
    {
        if (tensor.Owner == this)
        {
            tensor.Owner = _parent;
            _parent?._tensors.Add(tensor);
        }
        return tensor;
    }

    /// <summary>Removes a tensor from every scope (used for gradients that belong to a leaf).</summary>
    internal static void Release(Tensor tensor) => tensor.Owner = null;

    /// <summary>Ends the scope and disposes the tensors it still owns. Disposing again does nothing.</summary>
    /// <exception cref="InvalidOperationException">An inner scope begun after this one is still open.</exception>
    public void Dispose()
    {
        if (_ended)
            return;
        _ended = true;
        if (t_current != this)
            throw new InvalidOperationException("TensorScopes must end in the reverse order they began (inner first).");
        t_current = _parent;
        foreach (Tensor t in _tensors)
        {
            if (t.Owner == this)
                t.Dispose();
        }
        _tensors.Clear();
    }
}
