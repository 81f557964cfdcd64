using System.Text.Json.Nodes;
using Glubina.Serialization;

namespace Glubina.Cli.Tests;

/// <summary>docs/model-spec.schema.json describes exactly what <see cref="LayerRegistry"/> reads and writes.</summary>
public sealed class SchemaTests
{
    private static readonly JsonObject s_schema =
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "model-spec.schema.json")))!.AsObject();

    private static JsonObject Definitions => s_schema["$defs"]!.AsObject();

    [Fact]
    public void The_schema_has_one_definition_per_known_layer_type()
    {
        var defined = Definitions.Select(kv => kv.Key).Where(k => k != "layer").Order(StringComparer.Ordinal);
        Assert.Equal(LayerRegistry.KnownTypes.Order(StringComparer.Ordinal), defined);
        Assert.Equal(LayerRegistry.KnownTypes.Count, Definitions["layer"]!["oneOf"]!.AsArray().Count);
    }

    [Fact]
    public void A_layer_with_only_the_required_arguments_builds_and_describes_itself_with_schema_properties()
    {
        foreach (string type in LayerRegistry.KnownTypes)
        {
            JsonObject definition = Definitions[type]!.AsObject();
            JsonObject properties = definition["properties"]!.AsObject();
            var layer = new JsonObject { ["type"] = type };
            foreach (JsonNode? name in definition["required"]!.AsArray())
                if (name!.GetValue<string>() != "type")
                    layer[name.GetValue<string>()] = SampleValue(properties[name.GetValue<string>()]!.AsObject());
            var module = LayerRegistry.Create(layer, 0);
            JsonObject described = LayerRegistry.Describe(module, 0);
            foreach (var (key, _) in described)
                Assert.True(properties.ContainsKey(key), $"{type}: Describe writes \"{key}\", which the schema does not list.");
            Assert.Equal(properties.Count, described.Count);
        }
    }

    [Fact]
    public void Every_layer_definition_lists_its_config_arguments_with_their_required_set_and_defaults()
    {
        foreach (string type in LayerRegistry.KnownTypes)
        {
            JsonObject definition = Definitions[type]!.AsObject();
            JsonObject properties = definition["properties"]!.AsObject();
            var arguments = LayerRegistry.Arguments(type);
            Assert.Equal(arguments.Select(a => a.Name).Prepend("type"), properties.Select(kv => kv.Key));
            Assert.Equal(arguments.Where(a => a.Required).Select(a => a.Name).Prepend("type"),
                definition["required"]!.AsArray().Select(n => n!.GetValue<string>()));
            foreach (LayerArgument argument in arguments.Where(a => a.Default is not null))
                Assert.True(JsonNode.DeepEquals(JsonValue.Create(argument.Default), properties[argument.Name]!["default"]),
                    $"{type}.{argument.Name}: the config defaults to {argument.Default}, the schema to {properties[argument.Name]!["default"]?.ToJsonString()}.");
        }
    }

    [Fact]
    public void Specs_the_presets_write_use_only_schema_arguments()
    {
        string folder = Temp.Folder("schema");
        var result = Cli.Json("train", "--data", SharedData.PathOf("iris", "iris.plain.csv"), "--target", "target", "--epochs", "1", "--out", folder);
        var spec = JsonNode.Parse(File.ReadAllText(result["config"]!.GetValue<string>()))!["model"]!.AsObject();
        foreach (JsonNode? layer in spec["layers"]!.AsArray())
        {
            var properties = Definitions[layer!["type"]!.GetValue<string>()]!["properties"]!.AsObject();
            Assert.All(layer.AsObject(), kv => Assert.True(properties.ContainsKey(kv.Key), kv.Key));
        }
    }

    // A small valid value: 4 for counts and sizes, 2 for kernel sizes given as int-or-pair.
    private static JsonNode SampleValue(JsonObject property)
    {
        if (property["oneOf"] is JsonArray alternatives)
            return alternatives.Any(a => a!["type"]?.GetValue<string>() == "array" && a["maxItems"] is not null) ? 2 : 4;
        return property["type"]?.GetValue<string>() switch
        {
            "integer" => 4,
            "number" => 0.5,
            "boolean" => true,
            _ => throw new InvalidOperationException($"no sample value for {property.ToJsonString()}"),
        };
    }
}
