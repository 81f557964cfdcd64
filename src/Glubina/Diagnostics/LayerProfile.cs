namespace Glubina.Diagnostics;

/// <summary>Forward cost of one layer (a leaf, or a module with parameters of its own), without its children's,
/// measured at <see cref="ProfileResult.LayerBatchSize"/>.</summary>
/// <param name="Name">Dotted module name (e.g. "0", "blocks.1.conv").</param>
/// <param name="Type">Module class name (e.g. "Linear").</param>
/// <param name="OutputShape">Output shape of the layer, batch first.</param>
/// <param name="Milliseconds">Median forward time of the layer per call, in milliseconds.</param>
/// <param name="Share">Fraction (0..1) of the summed layer times spent in this layer.</param>
/// <param name="OutputBytes">Bytes of the layer's output tensor.</param>
/// <param name="Parameters">Parameters owned directly by this layer.</param>
public sealed record LayerProfile(string Name, string Type, int[] OutputShape, double Milliseconds, double Share, long OutputBytes,
    long Parameters);
