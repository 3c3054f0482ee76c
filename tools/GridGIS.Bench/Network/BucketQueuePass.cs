using System.Runtime.CompilerServices;
using GridGIS.Core.Network;

namespace GridGIS.Bench.Network;

/// <summary>
/// One multi-source shortest-path pass over a whole <see cref="WalkNetwork"/>, metres in, metres out: a bucket queue
/// (Dial / delta-stepping with buckets no wider than the shortest edge, at least 0.5 m and 1/1024 of the longest edge,
/// in a ring covering the longest edge). Nodes of one bucket are taken in any order and taken again if a shorter
/// edge within the bucket improves them (label-correcting), so every distance ends as the minimum over all paths of
/// the same floating-point sums the engine's heap Dijkstra forms (GridGIS.Core's ShortestPathTree): identical
/// results, no nearest-first order. The reference the benchmark and the tests hold the engine's searches to.
/// Which seed labels a node at an exact tie of metres is unspecified. Not thread-safe: one per thread.
/// </summary>
public sealed class BucketQueuePass
{
    private readonly WalkNetwork _net;
    private readonly List<int> _seeds = [];
    private readonly double _bucketMetres, _longestEdgeMetres;

    public BucketQueuePass(WalkNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _net = network;
        Distance = new double[network.NodeCount];
        Label = new int[network.NodeCount];
        Array.Fill(Distance, double.PositiveInfinity);
        Array.Fill(Label, -1);
        double longest = 0, shortest = double.PositiveInfinity;
        for (var e = 0; e < network.EdgeCount; e++)
        {
            var l = network.EdgeLength(e);
            longest = Math.Max(longest, l);
            if (l > 0) shortest = Math.Min(shortest, l);
        }
        _longestEdgeMetres = longest;
        // no wider than the shortest edge where possible (so that a bucket's nodes rarely improve one another), yet
        // at least 0.5 m and 1/1024 of the longest edge (a bounded ring, few empty buckets to step over)
        _bucketMetres = Math.Max(0.5, Math.Max(double.IsFinite(shortest) ? shortest : 0, longest / 1024));
    }

    /// <summary>Metres from the nearest seed; +infinity when not reached (or beyond the limit).</summary>
    public double[] Distance { get; }

    /// <summary>Label of the seed each node was reached from; -1 when not reached.</summary>
    public int[] Label { get; }

    /// <summary>Offers a start: node reached at <paramref name="metres"/> from the seed labelled <paramref name="label"/>.</summary>
    public void Seed(int node, double metres, int label, double limit)
    {
        if (metres > limit || !(metres < Distance[node])) return;
        if (double.IsPositiveInfinity(Distance[node])) _seeds.Add(node);
        Distance[node] = metres;
        Label[node] = label;
    }

    /// <summary>Seeds the edge ends reachable from a point on an edge (its access leg included).</summary>
    public void SeedPoint(in SnappedPoint p, int label, double limit)
    {
        if (p.IsOffNetwork) return;
        var e = p.Edge;
        Seed(_net.EdgeTarget(e), p.AccessMetres + p.MetresToTarget(_net), label, limit);
        // against a one-way edge only when there is nothing to walk (the point is at the source node)
        if (!_net.EdgeOneway(e) || p.Fraction == 0) Seed(_net.EdgeSource(e), p.AccessMetres + p.MetresFromSource(_net), label, limit);
    }

    /// <summary>
    /// Metres to a point on an edge through the edge's ends (access leg included), and the label it comes from;
    /// the same-edge shortcut is the caller's.
    /// </summary>
    public (double Metres, int Label) ThroughEnds(in SnappedPoint p)
    {
        if (p.IsOffNetwork) return (double.PositiveInfinity, -1);
        var e = p.Edge;
        int s = _net.EdgeSource(e), t = _net.EdgeTarget(e);
        var best = Distance[s] + p.MetresFromSource(_net);
        var label = Label[s];
        if (!_net.EdgeOneway(e) || p.Fraction == 1)
        {
            var viaT = Distance[t] + p.MetresToTarget(_net);
            if (viaT < best) { best = viaT; label = Label[t]; }
        }
        return double.IsPositiveInfinity(best) ? (best, -1) : (best + p.AccessMetres, label);
    }

    /// <summary>
    /// Runs to exhaustion, never reaching a node beyond <paramref name="limit"/> metres. Bucket b holds nodes whose
    /// metres m have floor(m / width) = b; the ring has a slot for every bucket an edge can span, so live buckets never
    /// collide. queued[v] is the bucket v waits in (-1: none), which makes older entries stale and keeps one entry per
    /// node and bucket. Seeds, which may lie farther apart than the ring spans, join when the pass reaches their
    /// bucket. Buckets are at least 0.5 m wide, so int bucket numbers hold distances up to 10^9 m.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(double limit)
    {
        var first = _net.FirstArc; var head = _net.ArcHead; var len = _net.ArcLength;
        var dist = Distance; var label = Label;
        var perMetre = 1 / _bucketMetres;
        var ringSize = (int)Math.Ceiling(_longestEdgeMetres * perMetre) + 2;
        var ring = new int[ringSize][];
        var fill = new int[ringSize];
        var queued = new int[dist.Length];
        Array.Fill(queued, -1);
        long live = 0;
        void Add(long bucket, int node)
        {
            var slot = (int)(bucket % ringSize);
            ref var items = ref ring[slot];
            if (items is null) items = new int[64];
            else if (fill[slot] == items.Length) Array.Resize(ref items, items.Length * 2);
            items[fill[slot]++] = node;
            queued[node] = (int)bucket;
            live++;
        }
        var seeds = _seeds.Select(s => (Bucket: (long)(dist[s] * perMetre), Node: s)).OrderBy(s => s.Bucket).ToArray();
        _seeds.Clear();
        var nextSeed = 0;
        long current = seeds.Length > 0 ? seeds[0].Bucket : 0;
        while (nextSeed < seeds.Length || live > 0)
        {
            if (live == 0) current = Math.Max(current, seeds[nextSeed].Bucket);
            for (; nextSeed < seeds.Length && seeds[nextSeed].Bucket == current; nextSeed++)
                if ((long)(dist[seeds[nextSeed].Node] * perMetre) == current) Add(current, seeds[nextSeed].Node);   // else improved and queued earlier
            var slot = (int)(current % ringSize);
            while (fill[slot] > 0)
            {
                var u = ring[slot][--fill[slot]];
                live--;
                if (queued[u] != current) continue;          // improved into an earlier bucket since, and done there
                queued[u] = -1;
                var du = dist[u];
                var lu = label[u];
                for (int a = first[u], end = first[u + 1]; a < end; a++)
                {
                    var v = head[a];
                    var nd = du + len[a];
                    if (nd < dist[v] && nd <= limit)
                    {
                        dist[v] = nd;
                        label[v] = lu;
                        var bucket = (long)(nd * perMetre);
                        if (queued[v] != bucket) Add(bucket, v);
                    }
                }
            }
            current++;
        }
    }
}
