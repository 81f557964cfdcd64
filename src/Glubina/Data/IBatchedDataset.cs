namespace Glubina.Data;

/// <summary>
/// A dataset that can build a whole mini-batch at once (for example with one gather per tensor) instead of
/// collating examples one by one. <see cref="DataLoader"/> uses it when no custom collate function is given.
/// </summary>
public interface IBatchedDataset : IDataset
{
    /// <summary>The examples at <paramref name="indices"/>, in that order, as one batch (inputs [B, ...], targets [B, ...]).</summary>
    Batch GetBatch(ReadOnlySpan<int> indices);
}
