namespace GridGIS.Core.Coverage;

/// <summary>
/// The order a coverage run keeps its households and network nodes in: by the Morton (Z-order) number of their
/// 64 m tile, counted from the points' south-west corner (16 bits a side: 4,000 km). Points of any small area then
/// sit in a few runs of the arrays, so a facility's search reads and writes them in stretches, not at random across
/// the city; and the order is fixed for the same points, whatever order they came in.
/// </summary>
public static class SpatialOrder
{
    /// <summary>Side of the tiles, metres.</summary>
    public const double TileMetres = 64;

    /// <summary>
    /// Sorts households by tile, by id within a tile: the same order for the same households whatever order they
    /// come in, so every process sums in the same order, to the same last bit. One sort of 64-bit keys (tile, id)
    /// when the ids fit in 32 bits, as they do below 4 billion households; else by id first, then by tile keeping
    /// the id order. Fewer than two households are left as they are.
    /// </summary>
    public static void Sort(CoverageHousehold[] households)
    {
        ArgumentNullException.ThrowIfNull(households);
        if (households.Length < 2) return;
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        long minId = long.MaxValue, maxId = long.MinValue;
        foreach (var h in households)
        {
            minX = Math.Min(minX, h.X); minY = Math.Min(minY, h.Y);
            minId = Math.Min(minId, h.Id); maxId = Math.Max(maxId, h.Id);
        }
        var keys = new ulong[households.Length];
        var small = minId >= 0 && maxId <= uint.MaxValue;
        if (!small) Array.Sort(households, (p, q) => p.Id.CompareTo(q.Id));
        for (var i = 0; i < keys.Length; i++)
            keys[i] = MortonKey(households[i].X - minX, households[i].Y - minY) << 32 | (small ? (uint)households[i].Id : (uint)i);
        Array.Sort(keys, households);
    }

    /// <summary>
    /// Each point's place in the tile order, the given order within a tile: rank[i] is where point i goes.
    /// Used to renumber a network's nodes (<c>x</c>, <c>y</c> in metres, same length); empty input gives an empty array.
    /// </summary>
    public static int[] Ranks(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length) throw new ArgumentException($"{x.Length} x but {y.Length} y", nameof(y));
        var keys = new ulong[x.Length];
        var points = new int[x.Length];
        if (x.Length == 0) return points;
        double minX = x.Min(), minY = y.Min();
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = MortonKey(x[i] - minX, y[i] - minY) << 32 | (uint)i;
            points[i] = i;
        }
        Array.Sort(keys, points);
        var rank = new int[x.Length];
        for (var r = 0; r < points.Length; r++) rank[points[r]] = r;
        return rank;
    }

    /// <summary>The Morton (Z-order) number of the tile at (dx, dy) metres from a south-west corner (16 bits a side, clamped).</summary>
    public static ulong MortonKey(double dx, double dy)
    {
        var tx = (uint)Math.Clamp(dx / TileMetres, 0, 0xFFFF);
        var ty = (uint)Math.Clamp(dy / TileMetres, 0, 0xFFFF);
        return Spread(tx) | (ulong)Spread(ty) << 1;

        static uint Spread(uint v)        // the 16 bits of v to the even bits of the result
        {
            v = (v | v << 8) & 0x00FF00FF;
            v = (v | v << 4) & 0x0F0F0F0F;
            v = (v | v << 2) & 0x33333333;
            return (v | v << 1) & 0x55555555;
        }
    }
}
