using System.Reflection;
using Module = Glubina.Nn.Module;
using System.Text.Json.Nodes;
using Glubina.Nn;

namespace Glubina.Serialization;

/// <summary>
/// Maps layer types to and from their JSON description: a "type" and the arguments of the layer's config record
/// (<see cref="IConfigurable{TSelf, TConfig}"/>). Built from registrations: every layer in this library that declares
/// <see cref="IConfigurable{TSelf, TConfig}"/> is registered under its class name, and a user-defined layer joins with
/// <see cref="Register{TLayer, TConfig}"/>, as Keras' <c>register_keras_serializable</c>, so it round-trips through model files.
/// </summary>
public static class LayerRegistry
{
    private static readonly object s_lock = new();
    private static readonly Dictionary<string, LayerType> s_byName = new(StringComparer.Ordinal);
    private static readonly Dictionary<Type, LayerType> s_byType = [];

    static LayerRegistry()
    {
        MethodInfo register = typeof(LayerRegistry).GetMethod(nameof(Register))!;
        foreach (Type type in typeof(Module).Assembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract))
            if (ConfigOf(type) is { } config)
                register.MakeGenericMethod(type, config).Invoke(null, [null]);
    }

    /// <summary>Layer types a spec may name, in ordinal order.</summary>
    public static IReadOnlyList<string> KnownTypes
    {
        get
        {
            lock (s_lock)
                return s_byName.Keys.Order(StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>Registers (or replaces) a layer type under <paramref name="name"/> (default: the class name).</summary>
    public static void Register<TLayer, TConfig>(string? name = null)
        where TLayer : Module, IConfigurable<TLayer, TConfig>
        where TConfig : notnull
    {
        name ??= typeof(TLayer).Name;
        var layerType = new LayerType(name, LayerConfigCodec.For(typeof(TConfig)),
            config => TLayer.FromConfig((TConfig)config), layer => ((TLayer)layer).Config);
        lock (s_lock)
        {
            if (s_byName.TryGetValue(name, out LayerType? old))
                s_byType.Remove(s_byType.First(kv => kv.Value == old).Key);
            s_byName[name] = layerType;
            s_byType[typeof(TLayer)] = layerType;
        }
    }

    /// <summary>The arguments a layer type's description takes, in the order they are written.</summary>
    public static IReadOnlyList<LayerArgument> Arguments(string type) => Find(type, where: type).Codec.Arguments.ToArray();

    /// <summary>Builds the layer that <paramref name="layer"/> describes (the <paramref name="index"/>-th of a spec).</summary>
    public static Module Create(JsonObject layer, int index)
    {
        string type = layer["type"]?.GetValue<string>() ?? "";
        LayerType layerType = Find(type, $"layers[{index}]");
        string where = $"layers[{index}] ({type})";
        HashSet<string> used = ["type"];
        object config = layerType.Codec.Read(layer, where, used);
        var unknown = layer.Select(kv => kv.Key).Where(k => !used.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new FormatException($"{where}: unknown argument(s) {string.Join(", ", unknown.Select(u => "\"" + u + "\""))}.");
        return layerType.Create(config);
    }

    /// <summary>The JSON description of <paramref name="layer"/> (the <paramref name="index"/>-th of a model).</summary>
    public static JsonObject Describe(Module layer, int index)
    {
        LayerType? layerType;
        lock (s_lock)
            s_byType.TryGetValue(layer.GetType(), out layerType);
        if (layerType is null)
            throw new NotSupportedException(
                $"Layer {index} ({layer.GetType().Name}) has no JSON description; model files can describe only these layer types: " +
                $"{string.Join(", ", KnownTypes)}. Implement IConfigurable and call LayerRegistry.Register, or save the weights alone and rebuild the model in code.");
        var description = new JsonObject { ["type"] = layerType.Name };
        layerType.Codec.Write(layerType.Config(layer), description);
        return description;
    }

    private static LayerType Find(string type, string where)
    {
        lock (s_lock)
            if (s_byName.TryGetValue(type, out LayerType? layerType))
                return layerType;
        throw new FormatException($"{where}: unknown layer type '{type}'. Known types: {string.Join(", ", KnownTypes)}.");
    }

    // The TConfig of a layer declaring IConfigurable<itself, TConfig>.
    private static Type? ConfigOf(Type type) => type.GetInterfaces()
        .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConfigurable<,>) && i.GenericTypeArguments[0] == type)
        ?.GenericTypeArguments[1];

    private sealed record LayerType(string Name, LayerConfigCodec Codec, Func<object, Module> Create, Func<Module, object> Config);
}
