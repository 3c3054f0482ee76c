namespace GridGIS.Core.Demo;

/// <summary>
/// The demo generator's own pseudo-random numbers: xoshiro256** seeded through SplitMix64, so the same
/// seed gives the same numbers on every .NET version (System.Random's algorithm is not a contract).
/// <see cref="Fork"/> derives an independent stream per purpose, so adding draws in one step never
/// shifts another step's numbers (the grid layout stays the same at every scale).
/// </summary>
internal sealed class DemoRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private readonly ulong _seed;

    public DemoRandom(ulong seed)
    {
        _seed = seed;
        var x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>An independent stream for <paramref name="purpose"/> and <paramref name="index"/>.</summary>
    public DemoRandom Fork(string purpose, long index = 0)
    {
        // FNV-1a over the purpose's UTF-16 code units: stable, unlike string.GetHashCode.
        var h = 14695981039346656037UL;
        foreach (var ch in purpose) { h ^= ch; h *= 1099511628211UL; }
        var x = _seed ^ h ^ ((ulong)index * 0x9E3779B97F4A7C15UL);
        return new DemoRandom(SplitMix(ref x));
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t; _s3 = RotateLeft(_s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Range(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="count"/>).</summary>
    public int Next(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)((NextULong() >> 33) % (ulong)count);
    }

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal (Box-Muller).</summary>
    public double Normal()
    {
        var u = 1.0 - NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2 * Math.PI * NextDouble());
    }

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public int Pick(ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        var r = NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Length - 1;
    }
}
