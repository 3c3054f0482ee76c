using System.Runtime.CompilerServices;

namespace GridGIS.Core.Network;

/// <summary>
/// Per facility: everything reachable within a limit (metres; a <see cref="WalkThreshold"/> gives it)
/// - nodes, snapped points (households) and their network metres. The building block for a facility's
/// service area, its load (households served) and E2SFCA weights. A point's access leg and the source's
/// count toward the limit. Reusable across runs, touching only what each run reaches; one instance per
/// thread (not thread-safe). Results of <see cref="Nodes"/>/<see cref="NodeMetres"/> describe the last run.
/// </summary>
public sealed class BoundedSearch
{
    private readonly ShortestPathTree _tree;
    private int[] _edgeSeen = [];                 // per edge: the visit of CollectPoints that read it last
    private int _visit;
    private SnappedPoint[] _sources = [];

    public BoundedSearch(WalkNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        _tree = new ShortestPathTree(network);
    }

    public WalkNetwork Network { get; }

    /// <summary>The limit of the last run, metres.</summary>
    public double LimitMetres { get; private set; }

    /// <summary>The point sources of the last run (empty for a node source).</summary>
    public IReadOnlyList<SnappedPoint> Sources => _sources;

    /// <summary>Searches from a point on an edge (facility) up to <paramref name="limitMetres"/>; off-network reaches nothing.</summary>
    public void Run(in SnappedPoint source, double limitMetres)
    {
        Start(limitMetres);
        _sources = [source];
        _tree.SeedPoint(source, 0, limitMetres);
        _tree.Run(limitMetres);
    }

    /// <summary>
    /// Searches from several points at once (multi-source, bounded): a node's metres are those to its nearest
    /// source. Gives the dissolved reach of a whole category in one pass.
    /// </summary>
    public void Run(IReadOnlyList<SnappedPoint> sources, double limitMetres)
    {
        ArgumentNullException.ThrowIfNull(sources);
        Start(limitMetres);
        _sources = sources.ToArray();
        for (var i = 0; i < _sources.Length; i++) _tree.SeedPoint(_sources[i], i, limitMetres);
        _tree.Run(limitMetres);
    }

    /// <summary>Searches from a node up to <paramref name="limitMetres"/>.</summary>
    public void RunFromNode(int node, double limitMetres)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, Network.NodeCount);
        Start(limitMetres);
        _tree.Seed(node, 0, 0, limitMetres);
        _tree.Run(limitMetres);
    }

    private void Start(double limitMetres)
    {
        if (!(limitMetres >= 0) || double.IsPositiveInfinity(limitMetres))
            throw new ArgumentOutOfRangeException(nameof(limitMetres), limitMetres, "limit must be a finite number >= 0 m");
        _tree.Reset();
        _sources = [];
        LimitMetres = limitMetres;
    }

    /// <summary>Label of the source each node was reached from in the last run (index into <see cref="Sources"/>), -1 when not reached.</summary>
    public int NodeSource(int node) => _tree.Label[node];

    /// <summary>Nodes reached in the last run (within the limit), nearest first.</summary>
    public IReadOnlyList<int> Nodes => _tree.Settled;

    /// <summary>Metres to <paramref name="node"/> in the last run, +infinity when beyond the limit.</summary>
    public double NodeMetres(int node) => _tree.Distance[node];

    /// <summary>The reached nodes with their metres, nearest first (a copy).</summary>
    public NodeReach[] NodeReaches()
    {
        var r = new NodeReach[_tree.Settled.Count];
        for (var i = 0; i < r.Length; i++) r[i] = new NodeReach(_tree.Settled[i], _tree.Distance[_tree.Settled[i]]);
        return r;
    }

    /// <summary>Metres to one snapped point in the last run (access legs included), +infinity when beyond the limit.</summary>
    public double MetresTo(in SnappedPoint point)
    {
        var best = _tree.ThroughEnds(point).Metres;
        foreach (var s in _sources) best = Math.Min(best, SnappedPoint.AlongSameEdge(Network, s, point));
        return best <= LimitMetres ? best : double.PositiveInfinity;
    }

    /// <summary>
    /// Adds every point of <paramref name="points"/> within the limit of the last run to <paramref name="into"/>
    /// (point index, metres), each once with its shortest metres; returns how many were added. Edge by edge:
    /// each edge that a reached node leads into, and each source's own edge, is read once, its points from the
    /// index's consecutive arrays, through whichever end is nearer (or straight along the edge from a source on
    /// it). Points come out grouped by edge, in no promised order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int CollectPoints(EdgePointIndex points, List<PointReach> into)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(into);
        if (!ReferenceEquals(points.Network, Network)) throw new ArgumentException("the points are snapped to another network", nameof(points));
        var net = Network;
        if (_edgeSeen.Length != net.EdgeCount) _edgeSeen = new int[net.EdgeCount];
        if (++_visit == int.MaxValue) { Array.Clear(_edgeSeen); _visit = 1; }
        var visit = _visit; var seen = _edgeSeen;
        var dist = _tree.Distance; var limit = LimitMetres; var pts = points.Points;
        var start = points.Start; var stop = points.End; var byEdge = points.ByEdge;
        var before = into.Count;

        // The sources' own edges: a point there may be nearer straight along the edge than through either end.
        foreach (var s in _sources)
        {
            if (s.IsOffNetwork || seen[s.Edge] == visit) continue;
            var e = s.Edge;
            seen[e] = visit;
            double ds = dist[net.EdgeSource(e)], dt = dist[net.EdgeTarget(e)];
            for (int k = start[e], end = stop[e]; k < end; k++)
            {
                ref readonly var p = ref byEdge[k];
                var m = Math.Min(ds + p.FromSource, dt + p.ToTarget) + p.Access;
                foreach (var other in _sources)
                    if (other.Edge == e) m = Math.Min(m, SnappedPoint.AlongSameEdge(net, other, pts[p.Point]));
                if (m <= limit) into.Add(new PointReach(p.Point, m));
            }
        }
        // Every other edge a reached node leads into, read once: from its source node when that is reached, else from
        // the reached end. Every node with metres is settled (the search runs to exhaustion and never records metres
        // beyond the limit), so both ends' metres are final. With one source the edge read first is told apart by its
        // number alone; with several the marks of `seen` do it.
        var firstArc = net.FirstArc; var arcEdge = net.ArcEdge; var arcHead = net.ArcHead; var arcForward = net.ArcForward;
        var single = _sources.Length <= 1;
        var sourceEdge = _sources.Length == 1 ? _sources[0].Edge : -1;
        foreach (var u in _tree.Settled)
        {
            var du = dist[u];
            for (int a = firstArc[u], arcEnd = firstArc[u + 1]; a < arcEnd; a++)
            {
                var e = arcEdge[a];
                var dv = dist[arcHead[a]];
                var forward = arcForward[a];
                // a backward arc lies on a two-way edge whose source is the head: read from there when it is reached
                if (!forward && dv != double.PositiveInfinity) continue;
                if (single) { if (e == sourceEdge) continue; }
                else { if (seen[e] == visit) continue; seen[e] = visit; }
                int k = start[e], end = stop[e];
                if (k == end) continue;
                double ds = forward ? du : dv, dt = forward ? dv : du;
                for (; k < end; k++)
                {
                    ref readonly var p = ref byEdge[k];
                    var m = Math.Min(ds + p.FromSource, dt + p.ToTarget) + p.Access;
                    if (m <= limit) into.Add(new PointReach(p.Point, m));
                }
            }
        }
        // A point at the target of a one-way edge is reached from that node, though no arc leads into its edge;
        // when the edge's source is reached too, the edge was read above.
        foreach (var i in points.AtOnewayTarget)
        {
            var e = pts[i].Edge;
            if (seen[e] == visit || dist[net.EdgeSource(e)] != double.PositiveInfinity) continue;
            var m = dist[net.EdgeTarget(e)] + pts[i].AccessMetres;
            if (m <= limit) into.Add(new PointReach(i, m));
        }
        return into.Count - before;
    }

    /// <summary>One-call form: the nodes within <paramref name="limitMetres"/> of a point, nearest first.</summary>
    public static NodeReach[] Reach(WalkNetwork network, in SnappedPoint source, double limitMetres)
    {
        var search = new BoundedSearch(network);
        search.Run(source, limitMetres);
        return search.NodeReaches();
    }
}
