namespace Glubina.Data;

/// <summary>
/// A map-style dataset (torch.utils.data.Dataset): a fixed number of examples addressed by position.
/// A <see cref="DataLoader"/> turns any dataset into shuffled mini-batches.
/// </summary>
public interface IDataset
{
    /// <summary>Number of examples.</summary>
    int Count { get; }

    /// <summary>The example at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    Example this[int index] { get; }
}
