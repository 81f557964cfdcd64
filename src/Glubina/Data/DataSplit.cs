namespace Glubina.Data;

/// <summary>A train / validation / test split as index arrays (positions in the dataset). Parts are disjoint and
/// together hold every index once; validation or test may be empty.</summary>
public sealed record DataSplit(int[] Train, int[] Validation, int[] Test);
