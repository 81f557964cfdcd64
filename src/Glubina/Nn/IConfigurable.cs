namespace Glubina.Nn;

/// <summary>
/// A layer that describes itself by a config record, as Keras' <c>get_config</c> / <c>from_config</c>: the record's
/// constructor parameters are the layer's arguments in a model file, in snake_case (<c>InFeatures</c> →
/// <c>"in_features"</c>), with the parameters' defaults as the arguments' defaults. Declaring this interface is a
/// built-in layer's whole registration with <see cref="Serialization.LayerRegistry"/>; a user-defined layer declares
/// it too and joins with <see cref="Serialization.LayerRegistry.Register{TLayer, TConfig}"/>.
/// </summary>
/// <remarks>Config parameters may be <c>int</c>, <c>double</c>, <c>bool</c>, <c>string</c>, <c>int[]</c>, an
/// <c>(int, int)</c> pair (an int or [h, w] in JSON), <see cref="ConvPadding{TSize}"/>, nullable forms of these, or
/// another config record, whose arguments are written inline (a transformer encoder's layer arguments).</remarks>
public interface IConfigurable<TSelf, TConfig>
    where TSelf : Module, IConfigurable<TSelf, TConfig>
    where TConfig : notnull
{
    /// <summary>The arguments that rebuild this layer (its weights aside).</summary>
    TConfig Config { get; }

    /// <summary>A new layer, with freshly initialised weights, from its arguments.</summary>
    static abstract TSelf FromConfig(TConfig config);
}

/// <summary>The config of a layer that takes no arguments (ReLU, Identity).</summary>
public sealed record NoConfig
{
    /// <summary>The one value.</summary>
    public static NoConfig Value { get; } = new();
}

/// <summary>The base of a layer that takes no arguments (ReLU, Identity): its config is <see cref="NoConfig"/> and it
/// rebuilds with its parameterless constructor.</summary>
/// <typeparam name="TSelf">The layer itself.</typeparam>
public abstract class ArgumentFreeLayer<TSelf> : Module, IConfigurable<TSelf, NoConfig>
    where TSelf : ArgumentFreeLayer<TSelf>, new()
{
    /// <inheritdoc/>
    public NoConfig Config => NoConfig.Value;

    /// <inheritdoc/>
    public static TSelf FromConfig(NoConfig config) => new();
}
