namespace Glubina.Tensors;

/// <summary>
/// Seeded random numbers for tensors (xoshiro256** seeded through SplitMix64): the same seed gives the same
/// sequence on every run and machine. Streams differ from PyTorch's; reproducibility is within Glubina.
/// </summary>
public sealed class Generator
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>The generator used when none is passed; reseed it with <see cref="ManualSeed"/>.</summary>
    public static Generator Default { get; } = new(0x5EED);

    /// <summary>A generator whose sequence starts from <paramref name="seed"/>; equal seeds give equal sequences.</summary>
    public Generator(ulong seed) => ManualSeed(seed);

    /// <summary>Restarts the sequence from <paramref name="seed"/>.</summary>
    public Generator ManualSeed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _spareNormal = null;
        return this;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64() => Step(ref _s0, ref _s1, ref _s2, ref _s3);

    // One xoshiro256** step on the given state.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Fills <paramref name="values"/> with <paramref name="one"/> where <see cref="NextDouble"/> would be
    /// below <paramref name="p"/>, else 0: the same draws, in registers, without a branch per value (dropout masks).</summary>
    internal void FillBernoulli<T>(Span<T> values, double p, T one) where T : System.Numerics.INumberBase<T>
    {
        // NextDouble() < p  ⇔  (bits >> 11) < p·2⁵³, exactly: both sides are scaled by a power of two.
        double scaled = p * (1UL << 53);
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        for (int i = 0; i < values.Length; i++)
            values[i] = T.CreateTruncating((double)(Step(ref s0, ref s1, ref s2, ref s3) >> 11) < scaled ? 1 : 0) * one;
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Standard normal sample (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_spareNormal is double spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u1;
        do
            u1 = NextDouble();
        while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Uniform integer in [low, high) without modulo bias.</summary>
    public long NextInt64(long low, long high)
    {
        if (high <= low)
            throw new ArgumentException($"NextInt64: high ({high}) must be greater than low ({low}).");
        ulong range = (ulong)(high - low);
        ulong limit = ulong.MaxValue - ulong.MaxValue % range;
        ulong r;
        do
            r = NextUInt64();
        while (r >= limit);
        return low + (long)(r % range);
    }
}
