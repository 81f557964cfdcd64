namespace Glubina.Data;

/// <summary>One fold of a k-fold cross-validation: <see cref="Validation"/> is the held-out fold (scikit-learn's
/// test indices) and <see cref="Train"/> is every other index, ascending.</summary>
public sealed record Fold(int Index, int[] Train, int[] Validation);
