using Glubina.Tensors;

namespace Glubina.Serialization;

/// <summary>
/// What <see cref="SafeTensors.Load(string)"/> read: the tensors in file order (the order of their data, which is
/// the header's order in files written by the reference writer or by Glubina), the dtype each was stored with,
/// and the optional metadata map. Pass <see cref="Tensors"/> to <c>Module.LoadStateDict</c>.
/// </summary>
public sealed class SafeTensorsFile
{
    private readonly OrderedDictionary<string, Tensor> _tensors;
    private readonly OrderedDictionary<string, string> _storedDTypes;

    internal SafeTensorsFile(string source, OrderedDictionary<string, Tensor> tensors, OrderedDictionary<string, string> storedDTypes,
        OrderedDictionary<string, string>? metadata)
    {
        Source = source;
        _tensors = tensors;
        _storedDTypes = storedDTypes;
        Metadata = metadata;
    }

    /// <summary>The path (or stream name) the tensors were read from.</summary>
    public string Source { get; }

    /// <summary>The tensors by name, enumerated in file order. Each is a fresh contiguous tensor that owns its data
    /// (created like any tensor: inside a <see cref="TensorScope"/>, the scope disposes it).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => _tensors;

    /// <summary>The tensor names in file order.</summary>
    public IReadOnlyList<string> Names => _tensors.Keys;

    /// <summary>The header's <c>__metadata__</c> map in file order, or null when the file has none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; }

    /// <summary>Number of tensors.</summary>
    public int Count => _tensors.Count;

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor; the message lists the names the file has.</exception>
    public Tensor this[string name] => _tensors.TryGetValue(name, out var tensor)
        ? tensor
        : throw new KeyNotFoundException($"safetensors file '{Source}': no tensor named '{name}'; it has {DescribeNames()}.");

    /// <summary>The safetensors dtype the tensor was stored with ("F32", "F16", "I32", …): it loads widened when that
    /// is not F32, F64, I64 or BOOL.</summary>
    public string StoredDType(string name) => _storedDTypes.TryGetValue(name, out var dtype)
        ? dtype
        : throw new KeyNotFoundException($"safetensors file '{Source}': no tensor named '{name}'; it has {DescribeNames()}.");

    private string DescribeNames()
    {
        const int Shown = 20;
        if (_tensors.Count == 0)
            return "no tensors";
        string shown = string.Join(", ", _tensors.Keys.Take(Shown).Select(n => $"'{n}'"));
        return _tensors.Count > Shown ? $"{_tensors.Count} tensors: {shown}, …" : shown;
    }
}
