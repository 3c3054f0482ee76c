using NetTopologySuite.Geometries;

namespace GridGIS.Core.Network;

/// <summary>One edge of the walking network as given to <see cref="WalkNetwork"/>.</summary>
/// <param name="Source">index of the source node, 0..nodeCount-1</param>
/// <param name="Target">index of the target node, 0..nodeCount-1</param>
/// <param name="LengthMetres">walking length in metres, &gt;= 0 (the cost; geometry only places it)</param>
/// <param name="Oneway">true: walkable Source -&gt; Target only</param>
/// <param name="Geometry">optional polyline in local metres between the source and the target node, drawn either
/// way (a line whose first vertex lies nearer the target is turned round); null means the straight segment
/// between the two nodes</param>
public readonly record struct WalkEdge(int Source, int Target, double LengthMetres, bool Oneway = false, Coordinate[]? Geometry = null);

/// <summary>
/// The walking network (步行路网), built once, read-only afterwards and safe to share between threads.
/// Nodes have coordinates in the city's local metric CRS (<see cref="Geo.CityProfile.Projection"/>);
/// edges carry a length in metres. Adjacency is compressed (CSR) in flat arrays: the arcs leaving node
/// n are <c>FirstArc[n] .. FirstArc[n+1]-1</c>; an undirected edge gives two arcs, a one-way edge one.
/// Searches run on metres; a <see cref="WalkSpeed"/> turns metres into seconds (uniform over the whole
/// route, off-network legs included), so one network serves categories with different speeds.
/// </summary>
public sealed class WalkNetwork
{
    private readonly double[] _nodeX, _nodeY;
    private readonly int[] _edgeSource, _edgeTarget;
    private readonly double[] _edgeLength;
    private readonly bool[] _edgeOneway;
    private readonly int[] _geomFirst;            // per edge: first vertex in _geomX/_geomY, or -1 (straight)
    private readonly int[] _geomCount;
    private readonly double[] _geomX, _geomY;

    /// <param name="nodeX">node x (easting) in metres</param>
    /// <param name="nodeY">node y (northing) in metres, same length as <paramref name="nodeX"/></param>
    /// <param name="edges">edges between node indices; parallel edges, loops and zero lengths are allowed</param>
    public WalkNetwork(double[] nodeX, double[] nodeY, IReadOnlyList<WalkEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(nodeX);
        ArgumentNullException.ThrowIfNull(nodeY);
        ArgumentNullException.ThrowIfNull(edges);
        if (nodeX.Length != nodeY.Length) throw new ArgumentException("nodeX and nodeY differ in length", nameof(nodeY));
        int n = nodeX.Length, m = edges.Count;
        _nodeX = (double[])nodeX.Clone();
        _nodeY = (double[])nodeY.Clone();
        _edgeSource = new int[m]; _edgeTarget = new int[m]; _edgeLength = new double[m]; _edgeOneway = new bool[m];
        _geomFirst = new int[m]; _geomCount = new int[m];
        var gx = new List<double>(); var gy = new List<double>();
        var degree = new int[n + 1];
        for (var e = 0; e < m; e++)
        {
            var w = edges[e];
            if ((uint)w.Source >= (uint)n) throw new ArgumentOutOfRangeException(nameof(edges), $"edge {e}: source {w.Source} is not a node index 0..{n - 1}");
            if ((uint)w.Target >= (uint)n) throw new ArgumentOutOfRangeException(nameof(edges), $"edge {e}: target {w.Target} is not a node index 0..{n - 1}");
            if (!(w.LengthMetres >= 0) || double.IsInfinity(w.LengthMetres))
                throw new ArgumentOutOfRangeException(nameof(edges), $"edge {e}: length {w.LengthMetres} m is not a finite number >= 0");
            _edgeSource[e] = w.Source; _edgeTarget[e] = w.Target; _edgeLength[e] = w.LengthMetres; _edgeOneway[e] = w.Oneway;
            if (w.Geometry is { Length: >= 2 } g)
            {
                _geomFirst[e] = gx.Count; _geomCount[e] = g.Length;
                // A line drawn from the target to the source (as stored lines may be) is turned round: the
                // engine reads every edge's vertices from its source node to its target node.
                if (Dist2(g[0], nodeX[w.Target], nodeY[w.Target]) < Dist2(g[0], nodeX[w.Source], nodeY[w.Source]))
                    for (var k = g.Length - 1; k >= 0; k--) { gx.Add(g[k].X); gy.Add(g[k].Y); }
                else
                    foreach (var c in g) { gx.Add(c.X); gy.Add(c.Y); }
            }
            else { _geomFirst[e] = -1; _geomCount[e] = 2; }
            degree[w.Source]++;
            if (!w.Oneway) degree[w.Target]++;
        }
        _geomX = gx.ToArray(); _geomY = gy.ToArray();
        FirstArc = new int[n + 1];
        for (var i = 0; i < n; i++) FirstArc[i + 1] = FirstArc[i] + degree[i];
        var arcs = FirstArc[n];
        ArcHead = new int[arcs]; ArcEdge = new int[arcs]; ArcLength = new double[arcs]; ArcForward = new bool[arcs];
        var fill = new int[n];
        Array.Copy(FirstArc, fill, n);
        for (var e = 0; e < m; e++)
        {
            var a = fill[_edgeSource[e]]++;
            ArcHead[a] = _edgeTarget[e]; ArcEdge[a] = e; ArcLength[a] = _edgeLength[e]; ArcForward[a] = true;
            if (_edgeOneway[e]) continue;
            a = fill[_edgeTarget[e]]++;
            ArcHead[a] = _edgeSource[e]; ArcEdge[a] = e; ArcLength[a] = _edgeLength[e]; ArcForward[a] = false;
        }
    }

    private static double Dist2(Coordinate c, double x, double y) => (c.X - x) * (c.X - x) + (c.Y - y) * (c.Y - y);

    /// <summary>
    /// A network from polylines in metres: nodes where line ends coincide exactly, lengths the
    /// geometric lengths. Handy for tests (WKT in) and generated networks.
    /// </summary>
    public static WalkNetwork FromLines(IEnumerable<LineString> lines, IEnumerable<bool>? oneway = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var ids = new Dictionary<(double, double), int>();
        var xs = new List<double>(); var ys = new List<double>();
        int Node(Coordinate c)
        {
            if (ids.TryGetValue((c.X, c.Y), out var i)) return i;
            ids[(c.X, c.Y)] = i = xs.Count; xs.Add(c.X); ys.Add(c.Y);
            return i;
        }
        using var ow = oneway?.GetEnumerator();
        var edges = new List<WalkEdge>();
        foreach (var line in lines)
        {
            var flag = ow is not null && ow.MoveNext() && ow.Current;
            if (line.IsEmpty) throw new ArgumentException("an empty line is not an edge", nameof(lines));
            var coords = line.Coordinates;
            edges.Add(new WalkEdge(Node(coords[0]), Node(coords[^1]), line.Length, flag, coords.Length > 2 ? coords : null));
        }
        return new WalkNetwork(xs.ToArray(), ys.ToArray(), edges);
    }

    public int NodeCount => _nodeX.Length;
    public int EdgeCount => _edgeSource.Length;

    /// <summary>CSR row starts: arcs of node n are FirstArc[n] .. FirstArc[n+1]-1.</summary>
    internal int[] FirstArc { get; }
    internal int[] ArcHead { get; }
    internal int[] ArcEdge { get; }
    internal double[] ArcLength { get; }
    /// <summary>True when the arc runs the edge source -&gt; target.</summary>
    internal bool[] ArcForward { get; }

    public double NodeX(int node) => _nodeX[node];
    public double NodeY(int node) => _nodeY[node];
    public int EdgeSource(int edge) => _edgeSource[edge];
    public int EdgeTarget(int edge) => _edgeTarget[edge];
    /// <summary>Edge length in metres.</summary>
    public double EdgeLength(int edge) => _edgeLength[edge];
    public bool EdgeOneway(int edge) => _edgeOneway[edge];

    /// <summary>Vertices of the edge's polyline, source to target (straight: the two nodes).</summary>
    public int EdgeVertexCount(int edge) => _geomCount[edge];

    /// <summary>Vertex <paramref name="i"/> (0..EdgeVertexCount-1) of the edge's polyline, metres.</summary>
    public (double X, double Y) EdgeVertex(int edge, int i)
    {
        var first = _geomFirst[edge];
        if (first >= 0) return (_geomX[first + i], _geomY[first + i]);
        var node = i == 0 ? _edgeSource[edge] : _edgeTarget[edge];
        return (_nodeX[node], _nodeY[node]);
    }

    /// <summary>The edge's polyline as coordinates in metres.</summary>
    public Coordinate[] EdgeCoordinates(int edge)
    {
        var c = new Coordinate[_geomCount[edge]];
        for (var i = 0; i < c.Length; i++) { var (x, y) = EdgeVertex(edge, i); c[i] = new Coordinate(x, y); }
        return c;
    }

    /// <summary>Geometric length of the edge's polyline in metres (may differ from <see cref="EdgeLength"/>).</summary>
    public double EdgeGeometricLength(int edge)
    {
        double sum = 0;
        var (px, py) = EdgeVertex(edge, 0);
        for (var i = 1; i < _geomCount[edge]; i++)
        {
            var (x, y) = EdgeVertex(edge, i);
            sum += Math.Sqrt((x - px) * (x - px) + (y - py) * (y - py));
            px = x; py = y;
        }
        return sum;
    }
}
