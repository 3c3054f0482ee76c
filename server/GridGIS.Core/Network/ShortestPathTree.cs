namespace GridGIS.Core.Network;

/// <summary>
/// Dijkstra over a <see cref="WalkNetwork"/>'s flat arrays with an indexed binary heap; metres in,
/// metres out. Seeds are (node, start metres, label) so one pass serves many sources (multi-source:
/// every node ends with the label of its nearest seed). Reusable: <see cref="Reset"/> clears only the
/// nodes the last run touched, so repeated bounded searches cost what they visit, not the network size.
/// Not thread-safe: one per thread.
/// </summary>
internal sealed class ShortestPathTree
{
    private readonly WalkNetwork _net;
    private readonly int[] _heap;        // node indices, a binary heap keyed by Distance[node]
    private readonly int[] _pos;         // node -> heap position, -1 when not in the heap
    private readonly List<int> _touched = new();
    private int _count;

    public ShortestPathTree(WalkNetwork network)
    {
        _net = network;
        var n = network.NodeCount;
        Distance = new double[n];
        Label = new int[n];
        _heap = new int[n];
        _pos = new int[n];
        Array.Fill(Distance, double.PositiveInfinity);
        Array.Fill(Label, -1);
        Array.Fill(_pos, -1);
    }

    /// <summary>Metres from the nearest seed; +infinity when not reached (or beyond the limit).</summary>
    public double[] Distance { get; }

    /// <summary>Label of the seed each node was reached from; -1 when not reached.</summary>
    public int[] Label { get; }

    /// <summary>Nodes settled by the last run, nearest first.</summary>
    public List<int> Settled { get; } = new();

    public void Reset()
    {
        foreach (var n in _touched) { Distance[n] = double.PositiveInfinity; Label[n] = -1; _pos[n] = -1; }
        _touched.Clear();
        Settled.Clear();
        _count = 0;
    }

    /// <summary>Offers a start: node reached at <paramref name="metres"/> from the seed labelled <paramref name="label"/>.</summary>
    public void Seed(int node, double metres, int label, double limit)
    {
        if (metres > limit || !(metres < Distance[node])) return;
        Improve(node, metres, label);
    }

    /// <summary>Runs to exhaustion, never settling a node beyond <paramref name="limit"/> metres.</summary>
    public void Run(double limit)
    {
        var first = _net.FirstArc; var head = _net.ArcHead; var len = _net.ArcLength;
        var dist = Distance; var label = Label;
        while (_count > 0)
        {
            var u = PopMin();
            Settled.Add(u);
            var du = dist[u];
            var lu = label[u];
            for (int a = first[u], end = first[u + 1]; a < end; a++)
            {
                var v = head[a];
                var nd = du + len[a];
                if (nd < dist[v] && nd <= limit) Improve(v, nd, lu);
            }
        }
    }

    private void Improve(int node, double metres, int label)
    {
        if (double.IsPositiveInfinity(Distance[node])) _touched.Add(node);
        Distance[node] = metres;
        Label[node] = label;
        var i = _pos[node];
        if (i < 0)
        {
            // settled nodes are never improved (non-negative lengths), so -1 here means "not yet in the heap"
            i = _count++;
            _heap[i] = node;
        }
        SiftUp(i);
    }

    private int PopMin()
    {
        var top = _heap[0];
        _pos[top] = int.MinValue;   // settled
        var last = _heap[--_count];
        if (_count > 0) { _heap[0] = last; _pos[last] = 0; SiftDown(0); }
        return top;
    }

    private void SiftUp(int i)
    {
        var node = _heap[i]; var key = Distance[node];
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            var pn = _heap[parent];
            if (Distance[pn] <= key) break;
            _heap[i] = pn; _pos[pn] = i; i = parent;
        }
        _heap[i] = node; _pos[node] = i;
    }

    private void SiftDown(int i)
    {
        var node = _heap[i]; var key = Distance[node];
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && Distance[_heap[child + 1]] < Distance[_heap[child]]) child++;
            var cn = _heap[child];
            if (Distance[cn] >= key) break;
            _heap[i] = cn; _pos[cn] = i; i = child;
        }
        _heap[i] = node; _pos[node] = i;
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
