using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Glubina.Nn;

namespace Glubina.Serialization;

/// <summary>
/// Reads and writes a layer's config record as the arguments of its JSON description: one argument per constructor
/// parameter, named in snake_case, defaulting as the parameter does; a nested config record's arguments are written
/// inline. Errors name the layer and the argument (<c>layers[2] (Linear): missing required argument "in_features"</c>).
/// </summary>
internal sealed class LayerConfigCodec
{
    private readonly ConstructorInfo _constructor;
    private readonly Argument[] _arguments;

    private LayerConfigCodec(Type config)
    {
        _constructor = config.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new ArgumentException($"{config.Name}: a layer config needs a public constructor.");
        _arguments = _constructor.GetParameters().Select(p => new Argument(config, p)).ToArray();
    }

    /// <summary>The codec of a config record type; its constructor parameters must all be of supported types.</summary>
    public static LayerConfigCodec For(Type config) => new(config);

    /// <summary>The JSON arguments, nested records' inline, in the order they are written.</summary>
    public IEnumerable<LayerArgument> Arguments =>
        _arguments.SelectMany(a => a.Nested?.Arguments ?? [new LayerArgument(a.Name, a.Value.Expected, a.Required, a.Default)]);

    /// <summary>Builds the record from a layer's JSON object; <paramref name="used"/> collects the names read.</summary>
    public object Read(JsonObject layer, string where, HashSet<string> used) =>
        _constructor.Invoke(_arguments.Select(a => a.Read(layer, where, used)).ToArray());

    /// <summary>Writes the record's arguments into <paramref name="layer"/>.</summary>
    public void Write(object config, JsonObject layer)
    {
        foreach (Argument a in _arguments)
        {
            object? value = a.Property.GetValue(config);
            if (a.Nested is { } nested)
                nested.Write(value!, layer);
            else
                layer[a.Name] = a.Value.Write(value);
        }
    }

    private sealed class Argument
    {
        private readonly ParameterInfo _parameter;

        public Argument(Type config, ParameterInfo parameter)
        {
            _parameter = parameter;
            Name = JsonNamingPolicy.SnakeCaseLower.ConvertName(parameter.Name!);
            Property = config.GetProperty(parameter.Name!)
                ?? throw new ArgumentException($"{config.Name}: constructor parameter '{parameter.Name}' has no property of the same name.");
            Type type = parameter.ParameterType;
            if (type.IsClass && type != typeof(string) && !type.IsArray)
                Nested = For(type);
            else
                Value = ValueCodec.For(type) ?? throw new ArgumentException(
                    $"{config.Name}.{parameter.Name}: a layer config argument cannot be a {type.Name}; use int, double, bool, " +
                    "string, int[], (int, int), ConvPadding<T>, a nullable of these, or a nested config record.");
        }

        public string Name { get; }

        public PropertyInfo Property { get; }

        public LayerConfigCodec? Nested { get; }

        public ValueCodec Value { get; } = null!;

        public bool Required => !_parameter.HasDefaultValue && Nullable.GetUnderlyingType(_parameter.ParameterType) is null;

        public object? Default => _parameter.HasDefaultValue ? _parameter.DefaultValue : null;

        public object? Read(JsonObject layer, string where, HashSet<string> used)
        {
            if (Nested is not null)
                return Nested.Read(layer, where, used);
            used.Add(Name);
            JsonNode? node = layer[Name];
            if (node is null)
            {
                if (Required)
                    throw new FormatException($"{where}: missing required argument \"{Name}\".");
                // A struct parameter defaulted with `default` reports a null DefaultValue.
                return Default ?? (_parameter.ParameterType.IsValueType ? Activator.CreateInstance(_parameter.ParameterType) : null);
            }
            try
            {
                return Value.Read(node);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new FormatException($"{where}: argument \"{Name}\" has the wrong type ({node.ToJsonString()}): expected {Value.Expected}.", e);
            }
        }
    }
}

/// <summary>One argument of a layer's JSON description.</summary>
/// <param name="Name">The snake_case name.</param>
/// <param name="Expected">What the value may be, in words ("an integer").</param>
/// <param name="Required">True when the description must give it.</param>
/// <param name="Default">The value when left out (null for a required argument, or one that defaults to null).</param>
public sealed record LayerArgument(string Name, string Expected, bool Required, object? Default);

/// <summary>Reads and writes one JSON value of a supported config parameter type.</summary>
internal sealed record ValueCodec(string Expected, Func<JsonNode, object?> Read, Func<object?, JsonNode?> Write)
{
    private static readonly ValueCodec s_int = new("an integer", n => n.GetValue<int>(), v => JsonValue.Create((int)v!));
    private static readonly ValueCodec s_pair = new("an integer or [height, width]", n => ReadPair(n),
        v => v is ValueTuple<int, int> p ? new JsonArray(p.Item1, p.Item2) : null);

    public static ValueCodec? For(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
            return For(inner) is { } value ? value with { Write = v => v is null ? null : value.Write(v) } : null;
        if (type == typeof(int))
            return s_int;
        if (type == typeof(double))
            return new("a number", n => n.GetValue<double>(), v => JsonValue.Create((double)v!));
        if (type == typeof(bool))
            return new("true or false", n => n.GetValue<bool>(), v => JsonValue.Create((bool)v!));
        if (type == typeof(string))
            return new("a string", n => n.GetValue<string>(), v => v is null ? null : JsonValue.Create((string)v));
        if (type == typeof(int[]))
            return new("an integer or a list of integers", ReadInts, v => new JsonArray(((int[])v!).Select(i => (JsonNode)i).ToArray()));
        if (type == typeof(ValueTuple<int, int>))
            return s_pair;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ConvPadding<>))
            return Padding(type);
        return null;
    }

    // "same"/"valid", or the padding size in its own form.
    private static ValueCodec? Padding(Type type)
    {
        if (For(type.GenericTypeArguments[0]) is not { } size)
            return null;
        PropertyInfo sizeOf = type.GetProperty(nameof(ConvPadding<int>.Size))!, modeOf = type.GetProperty(nameof(ConvPadding<int>.Mode))!;
        return new($"\"same\", \"valid\" or {size.Expected}",
            n => n is JsonValue v && v.TryGetValue(out string? mode)
                ? Activator.CreateInstance(type, Activator.CreateInstance(type.GenericTypeArguments[0]), mode)
                : Activator.CreateInstance(type, size.Read(n), null),
            v => modeOf.GetValue(v) is string mode ? JsonValue.Create(mode) : size.Write(sizeOf.GetValue(v)));
    }

    private static int[] ReadInts(JsonNode n) => n is JsonArray a
        ? a.Select(x => x?.GetValue<int>() ?? throw new FormatException("null in a list of integers")).ToArray()
        : [n.GetValue<int>()];

    private static (int H, int W) ReadPair(JsonNode n) => n is JsonArray a
        ? a.Count == 2 && a[0] is { } h && a[1] is { } w
            ? (h.GetValue<int>(), w.GetValue<int>())
            : throw new FormatException($"expected 2 values, got {a.Count}")
        : (n.GetValue<int>(), n.GetValue<int>());
}
