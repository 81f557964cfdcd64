using Glubina.Testing;

namespace Glubina.Tests.Nn;

/// <summary>Runs <see cref="LayerHarness"/> over every entry of <see cref="LayerCatalog"/>.</summary>
public sealed class LayerHarnessTests
{
    public static TheoryData<string> Entries() => new(LayerCatalog.All.Select(e => e.Name));

    [Theory]
    [MemberData(nameof(Entries))]
    public void Layer_passes_the_harness(string name) => LayerHarness.Check(LayerCatalog.Named(name));
}
