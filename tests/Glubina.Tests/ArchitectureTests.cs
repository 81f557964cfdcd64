using Glubina.Tensors;

namespace Glubina.Tests;

/// <summary>
/// The layers of the core assembly point one way: a type uses types of its own layer and of the layers below it,
/// never of a layer above it or beside it. The references are read from the compiled assembly, method bodies included
/// (<see cref="TypeReferences"/>), so a call counts as much as a signature.
/// </summary>
public sealed class ArchitectureTests
{
    // Bottom to top; a layer is a namespace under Glubina (its sub-namespaces included). Layers on one line are peers
    // and use none of each other. Tensors+Autograd is one layer: a tensor holds the node that made it and the ops make
    // tensors, as in PyTorch. docs/architecture.md draws the same picture.
    private static readonly string[][] Levels =
    [
        ["Kernels", "Formatting"],
        ["Tensors+Autograd"],
        ["Nn", "Data", "Metrics"],
        ["Optim"],
        ["Serialization"],
        ["Training", "Inference", "Diagnostics"],
    ];

    private static readonly Dictionary<string, HashSet<string>> s_references =
        TypeReferences.Read(typeof(Tensor).Assembly.Location);

    [Fact]
    public void No_type_uses_a_layer_above_or_beside_its_own()
    {
        List<string> violations = Violations(s_references);
        Assert.True(violations.Count == 0,
            $"{violations.Count} references point up or sideways:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_namespace_of_the_assembly_has_a_layer()
    {
        string[] unplaced = s_references.Keys.Where(IsGlubina).Select(LayerKey).Distinct()
            .Where(key => Place(key) is null).Order(StringComparer.Ordinal).ToArray();
        Assert.True(unplaced.Length == 0,
            $"Namespaces in no layer of ArchitectureTests.Levels: {string.Join(", ", unplaced)}; add each where it belongs.");
    }

    [Fact]
    public void The_rule_catches_a_reference_up_and_one_sideways()
    {
        var references = new Dictionary<string, HashSet<string>>
        {
            ["Glubina.Tensors.Tensor"] = ["Glubina.Autograd.Node", "Glubina.Nn.Linear"],
            ["Glubina.Autograd.Node"] = ["Glubina.Tensors.Tensor", "Glubina.Kernels.Gemm"],
            ["Glubina.Nn.Linear"] = ["Glubina.Tensors.Tensor", "Glubina.Data.Table"],
            ["Glubina.Training.Trainer"] = ["Glubina.Nn.Linear", "<PrivateImplementationDetails>"],
        };
        Assert.Equal(
            [
                "Glubina.Nn.Linear (Nn) uses Glubina.Data.Table (Data, beside it)",
                "Glubina.Tensors.Tensor (Tensors+Autograd) uses Glubina.Nn.Linear (Nn, above it)",
            ],
            Violations(references));
    }

    [Fact]
    public void The_reader_sees_signatures_and_method_bodies()
    {
        Assert.Contains("Glubina.Tensors.Tensor", s_references["Glubina.Nn.Linear"]);
        // The profiler reads KernelThreads.Count only inside a method body.
        Assert.Contains("Glubina.Kernels.KernelThreads", s_references["Glubina.Diagnostics.ModelProfiler"]);
    }

    private static List<string> Violations(Dictionary<string, HashSet<string>> references)
    {
        var violations = new List<string>();
        foreach (var (type, usedTypes) in references)
        {
            if (!IsGlubina(type) || Place(LayerKey(type)) is not var (layer, level))
                continue;
            foreach (string used in usedTypes)
            {
                if (!IsGlubina(used) || Place(LayerKey(used)) is not var (usedLayer, usedLevel) || usedLayer == layer)
                    continue;
                if (usedLevel >= level)
                    violations.Add($"{type} ({layer}) uses {used} ({usedLayer}, {(usedLevel > level ? "above" : "beside")} it)");
            }
        }
        violations.Sort(StringComparer.Ordinal);
        return violations;
    }

    // Compiler-generated types (<PrivateImplementationDetails>, regex generators in System.*) belong to no layer.
    private static bool IsGlubina(string type) => type.StartsWith("Glubina.", StringComparison.Ordinal);

    // Glubina.Data.Inspection.DataInspection → Data; a type right under Glubina has an empty key (no layer).
    private static string LayerKey(string type)
    {
        string[] parts = type.Split('.');
        return parts.Length > 2 ? parts[1] : "";
    }

    private static (string Layer, int Level)? Place(string key)
    {
        for (int level = 0; level < Levels.Length; level++)
        {
            foreach (string layer in Levels[level])
            {
                if (layer.Split('+').Contains(key))
                    return (layer, level);
            }
        }
        return null;
    }
}
