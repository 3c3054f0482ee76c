namespace GridGIS.Core.Siting;

/// <summary>
/// The candidate sites offered when the planner uploads none: places in the residential area near the households a
/// category's base leaves uncovered. The city is cut into square blocks of a spacing (default 200 m); every block
/// holding an uncovered household, and its eight neighbours, offers one candidate: the walking-network node nearest
/// the block's centre (network mode), or the centre itself when the base has no network. When that gives more than
/// the bound, the spacing doubles until it does not, so the count (and the cost: one bounded search per candidate) is
/// bounded. Sites farther from every uncovered household than a walk could not cover it anyway.
/// </summary>
public static class DefaultCandidates
{
    /// <summary>Default block spacing, metres.</summary>
    public const double DefaultSpacingMetres = 200;

    /// <summary>Default bound on the count.</summary>
    public const int DefaultMaxCandidates = 2000;

    /// <param name="b">the category's base</param>
    /// <param name="spacingMetres">block size, 25 .. 5000 m</param>
    /// <param name="maxCandidates">most candidates, 1 .. 100,000</param>
    public static IReadOnlyList<SitingCandidate> Of(CategoryBase b, double spacingMetres = DefaultSpacingMetres, int maxCandidates = DefaultMaxCandidates)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (!(spacingMetres >= 25 && spacingMetres <= 5000)) throw new ArgumentOutOfRangeException(nameof(spacingMetres), spacingMetres, "spacing must be 25 .. 5000 m");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCandidates, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCandidates, 100_000);
        var households = b.Households.Households;
        var uncovered = new List<(double X, double Y)>();
        for (var i = 0; i < households.Length; i++)
            if (b.ReachCount[i] == 0) uncovered.Add((households[i].X, households[i].Y));
        if (uncovered.Count == 0) return [];
        for (var spacing = spacingMetres; ; spacing *= 2)
        {
            var blocks = Blocks(uncovered, spacing);
            if (blocks.Count <= maxCandidates || spacing > 1e6) return Place(b, blocks, spacing).Take(maxCandidates).ToList();
        }
    }

    private static SortedSet<(long Col, long Row)> Blocks(List<(double X, double Y)> points, double spacing)
    {
        var blocks = new SortedSet<(long, long)>();
        foreach (var (x, y) in points)
        {
            long c = (long)Math.Floor(x / spacing), r = (long)Math.Floor(y / spacing);
            for (var dc = -1; dc <= 1; dc++)
                for (var dr = -1; dr <= 1; dr++) blocks.Add((c + dc, r + dr));
        }
        return blocks;
    }

    private static List<SitingCandidate> Place(CategoryBase b, SortedSet<(long Col, long Row)> blocks, double spacing)
    {
        if (b.Reacher.Network is not { } net)
            return blocks.Select((k, n) => new SitingCandidate(n + 1, (k.Col + 0.5) * spacing, (k.Row + 0.5) * spacing)).ToList();
        // per block, the node nearest its centre (nodes without an edge cannot be reached, and are skipped)
        var best = new Dictionary<(long, long), (int Node, double D2)>();
        for (var v = 0; v < net.NodeCount; v++)
        {
            if (net.FirstArc[v] == net.FirstArc[v + 1]) continue;
            double x = net.NodeX(v), y = net.NodeY(v);
            var key = ((long)Math.Floor(x / spacing), (long)Math.Floor(y / spacing));
            if (!blocks.Contains(key)) continue;
            double dx = x - (key.Item1 + 0.5) * spacing, dy = y - (key.Item2 + 0.5) * spacing, d2 = dx * dx + dy * dy;
            if (!best.TryGetValue(key, out var cur) || d2 < cur.D2 || (d2 == cur.D2 && v < cur.Node)) best[key] = (v, d2);
        }
        return blocks.Where(best.ContainsKey).Select(k => best[k].Node)
            .Select(v => new SitingCandidate(v, net.NodeX(v), net.NodeY(v))).ToList();
    }
}
