using System.Runtime.CompilerServices;

namespace GridGIS.Core.Network;

/// <summary>
/// Shortest paths over a <see cref="WalkNetwork"/>'s flat arrays; metres in, metres out. Seeds are (node,
/// start metres, label) so one pass serves many sources (multi-source: every node ends with the label of
/// its nearest seed). Dijkstra with a binary heap whose entries carry their key inline (a node improved again
/// is pushed again, its older entry skipped when popped); it records the nodes it touches and settles
/// (<see cref="Settled"/>, nearest first) so that <see cref="Reset"/> clears only those and repeated searches
/// (<see cref="BoundedSearch"/>) cost what they visit, not the network size. Every distance is the minimum over
/// all paths of the floating-point sums along them, whatever order ties are taken in; which seed labels a node
/// at an exact tie of metres is unspecified. Not thread-safe: one per thread.
/// </summary>
internal sealed class ShortestPathTree
{
    private readonly WalkNetwork _net;
    private HeapEntry[] _heap;
    private readonly List<int> _touched = new();
    private int _count;

    private struct HeapEntry
    {
        public double Key;
        public int Node;
    }

    /// <param name="network">the network to search</param>
    public ShortestPathTree(WalkNetwork network)
    {
        _net = network;
        var n = network.NodeCount;
        Distance = new double[n];
        Label = new int[n];
        _heap = new HeapEntry[Math.Max(16, n / 4)];
        Array.Fill(Distance, double.PositiveInfinity);
        Array.Fill(Label, -1);
    }

    /// <summary>Metres from the nearest seed; +infinity when not reached (or beyond the limit).</summary>
    public double[] Distance { get; }

    /// <summary>Label of the seed each node was reached from; -1 when not reached.</summary>
    public int[] Label { get; }

    /// <summary>Nodes settled by the last run, nearest first.</summary>
    public List<int> Settled { get; } = new();

    /// <summary>Clears the last run.</summary>
    public void Reset()
    {
        foreach (var n in _touched) { Distance[n] = double.PositiveInfinity; Label[n] = -1; }
        _touched.Clear();
        Settled.Clear();
        _count = 0;
    }

    /// <summary>Offers a start: node reached at <paramref name="metres"/> from the seed labelled <paramref name="label"/>.</summary>
    public void Seed(int node, double metres, int label, double limit)
    {
        if (metres > limit || !(metres < Distance[node])) return;
        if (double.IsPositiveInfinity(Distance[node])) _touched.Add(node);
        Distance[node] = metres;
        Label[node] = label;
        Push(metres, node);
    }

    /// <summary>Runs to exhaustion, never reaching a node beyond <paramref name="limit"/> metres.</summary>
    // full optimisation from the first call: this loop runs long and few times per process (no tier-0 code)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(double limit)
    {
        var first = _net.FirstArc; var head = _net.ArcHead; var len = _net.ArcLength;
        var dist = Distance; var label = Label; var touched = _touched; var settled = Settled;
        while (_count > 0)
        {
            var top = _heap[0];
            PopTop();
            var u = top.Node;
            var du = top.Key;
            if (du > dist[u]) continue;          // an older entry of a node improved since
            settled.Add(u);
            var lu = label[u];
            for (int a = first[u], end = first[u + 1]; a < end; a++)
            {
                var v = head[a];
                var nd = du + len[a];
                if (nd < dist[v] && nd <= limit)
                {
                    if (double.IsPositiveInfinity(dist[v])) touched.Add(v);
                    dist[v] = nd;
                    label[v] = lu;
                    Push(nd, v);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(double key, int node)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var heap = _heap;
        var i = _count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (heap[parent].Key <= key) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i].Key = key;
        heap[i].Node = node;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PopTop()
    {
        var heap = _heap;
        var last = heap[--_count];
        var n = _count;
        if (n == 0) return;
        var i = 0;
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && heap[child + 1].Key < heap[child].Key) child++;
            if (heap[child].Key >= last.Key) break;
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
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
    /// Metres to a point on an edge through the edge's ends (access leg included), and the label it
    /// comes from; the same-edge shortcut is the caller's.
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
}
