using System.Globalization;

namespace Glubina.Data;

/// <summary>
/// The size of a part of a split, as scikit-learn's <c>test_size</c>: a fraction of the examples (a double in
/// [0, 1), rounded up: ceil(fraction · N)) or an exact count (an int). Both convert implicitly, so
/// <c>Splits.Random(n, validation: 0.1, test: 500, seed: 1)</c> asks for 10 % and 500 examples.
/// </summary>
public readonly struct SplitSize : IEquatable<SplitSize>
{
    private SplitSize(double fraction, int count, bool isCount)
    {
        Fraction = fraction;
        Count = count;
        IsCount = isCount;
    }

    /// <summary>True when the size is an exact count, false when it is a fraction.</summary>
    public bool IsCount { get; }

    /// <summary>The fraction (when <see cref="IsCount"/> is false).</summary>
    public double Fraction { get; }

    /// <summary>The count (when <see cref="IsCount"/> is true).</summary>
    public int Count { get; }

    /// <summary>A fraction of the examples in [0, 1), rounded up.</summary>
    public static SplitSize OfFraction(double fraction) => double.IsFinite(fraction) && fraction >= 0 && fraction < 1
        ? new SplitSize(fraction, 0, false)
        : throw new ArgumentOutOfRangeException(nameof(fraction), fraction,
            $"SplitSize: a fraction must be in [0, 1), got {fraction.ToString(CultureInfo.InvariantCulture)}; pass an int for a count.");

    /// <summary>An exact number of examples (0 or more).</summary>
    public static SplitSize OfCount(int count) => count >= 0
        ? new SplitSize(0, count, true)
        : throw new ArgumentOutOfRangeException(nameof(count), count, $"SplitSize: a count must be 0 or more, got {count}.");

    /// <summary>A fraction of the examples, e.g. 0.1 for 10 % (see <see cref="OfFraction"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in [0, 1).</exception>
    public static implicit operator SplitSize(double fraction) => OfFraction(fraction);

    /// <summary>An exact number of examples (see <see cref="OfCount"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public static implicit operator SplitSize(int count) => OfCount(count);

    /// <summary>The number of examples out of <paramref name="n"/>: ceil(fraction · n) computed in double precision
    /// exactly as scikit-learn does, or the count.</summary>
    public int Resolve(int n) => IsCount ? Count : (int)Math.Ceiling(Fraction * n);

    /// <inheritdoc/>
    public bool Equals(SplitSize other) => IsCount == other.IsCount && Count == other.Count && Fraction.Equals(other.Fraction);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SplitSize other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsCount, Count, Fraction);

    /// <summary>True when both are counts of the same size or both the same fraction (a fraction never equals a count).</summary>
    public static bool operator ==(SplitSize left, SplitSize right) => left.Equals(right);

    /// <summary>True when the sizes differ in kind or value.</summary>
    public static bool operator !=(SplitSize left, SplitSize right) => !left.Equals(right);

    /// <summary>The count ("500") or the fraction with up to three decimals ("0.1").</summary>
    public override string ToString() => IsCount
        ? Count.ToString(CultureInfo.InvariantCulture)
        : Fraction.ToString("0.###", CultureInfo.InvariantCulture);
}
