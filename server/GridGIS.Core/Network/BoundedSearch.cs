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
    private double[] _pointBest = [];
    private readonly List<int> _pointTouched = new();
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
    /// (point index, metres), each once with its shortest metres; returns how many were added.
    /// </summary>
    public int CollectPoints(EdgePointIndex points, List<PointReach> into)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(into);
        if (!ReferenceEquals(points.Network, Network)) throw new ArgumentException("the points are snapped to another network", nameof(points));
        if (_pointBest.Length != points.Points.Length)
        {
            _pointBest = new double[points.Points.Length];
            Array.Fill(_pointBest, double.PositiveInfinity);
        }
        var pts = points.Points; var limit = LimitMetres;
        void Offer(int i, double metres)
        {
            if (metres > limit || !(metres < _pointBest[i])) return;
            if (double.IsPositiveInfinity(_pointBest[i])) _pointTouched.Add(i);
            _pointBest[i] = metres;
        }
        var net = Network;
        foreach (var u in _tree.Settled)
        {
            var du = _tree.Distance[u];
            for (var a = net.FirstArc[u]; a < net.FirstArc[u + 1]; a++)
            {
                var e = net.ArcEdge[a];
                var forward = net.ArcForward[a];
                foreach (var i in points.OnEdge(e))
                {
                    var along = forward ? pts[i].MetresFromSource(net) : pts[i].MetresToTarget(net);
                    Offer(i, du + along + pts[i].AccessMetres);
                }
            }
        }
        foreach (var i in points.AtOnewayTarget) Offer(i, _tree.Distance[net.EdgeTarget(pts[i].Edge)] + pts[i].AccessMetres);
        foreach (var s in _sources)
            if (!s.IsOffNetwork)
                foreach (var i in points.OnEdge(s.Edge)) Offer(i, SnappedPoint.AlongSameEdge(net, s, pts[i]));
        var added = _pointTouched.Count;
        foreach (var i in _pointTouched) { into.Add(new PointReach(i, _pointBest[i])); _pointBest[i] = double.PositiveInfinity; }
        _pointTouched.Clear();
        return added;
    }

    /// <summary>One-call form: the nodes within <paramref name="limitMetres"/> of a point, nearest first.</summary>
    public static NodeReach[] Reach(WalkNetwork network, in SnappedPoint source, double limitMetres)
    {
        var search = new BoundedSearch(network);
        search.Run(source, limitMetres);
        return search.NodeReaches();
    }
}
