namespace GridGIS.Core.Network;

/// <summary>
/// Snapped points (households) grouped by edge in flat arrays, so a search finds the points on every
/// edge it reaches without looking at the others. Off-network points are kept out (they reach nothing).
/// Beside each point's index the groups keep its metres along the edge and its access leg, so a search
/// reads the points of an edge from consecutive memory (<see cref="BoundedSearch.CollectPoints"/>). The groups
/// are laid out in the order of the points they hold (by each edge's first point), not in edge order: whatever
/// order the points come in (a coverage run keeps its households in a spatial order), what a search reads and
/// writes per point then lies in nearby memory.
/// Immutable; thread-safe.
/// </summary>
public sealed class EdgePointIndex
{
    private readonly int[] _points;

    public EdgePointIndex(WalkNetwork network, IReadOnlyList<SnappedPoint> points)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(points);
        Network = network;
        Points = points.ToArray();
        var count = new int[network.EdgeCount];
        var order = new List<int>();                       // edges with points, by their first point
        foreach (var p in Points)
        {
            if (p.IsOffNetwork) continue;
            if (p.Edge >= network.EdgeCount) throw new ArgumentOutOfRangeException(nameof(points), $"edge {p.Edge} is not in the network");
            if (count[p.Edge]++ == 0) order.Add(p.Edge);
        }
        Start = new int[network.EdgeCount];
        End = new int[network.EdgeCount];
        var next = 0;
        foreach (var e in order) { Start[e] = End[e] = next; next += count[e]; }
        _points = new int[next];
        var atTarget = new List<int>();
        for (var i = 0; i < Points.Length; i++)
        {
            if (Points[i].IsOffNetwork) continue;
            _points[End[Points[i].Edge]++] = i;
            if (Points[i].Fraction == 1 && network.EdgeOneway(Points[i].Edge)) atTarget.Add(i);
        }
        AtOnewayTarget = atTarget.ToArray();
        ByEdge = new EdgePoint[_points.Length];
        for (var k = 0; k < _points.Length; k++)
        {
            ref readonly var p = ref Points[_points[k]];
            // the same sums as ShortestPathTree.ThroughEnds: through the target only on a two-way edge or at a one-way edge's target
            ByEdge[k] = new EdgePoint(_points[k], p.MetresFromSource(network),
                !network.EdgeOneway(p.Edge) || p.Fraction == 1 ? p.MetresToTarget(network) : double.PositiveInfinity, p.AccessMetres);
        }
    }

    /// <summary>Per edge, the first position of its points in <see cref="ByEdge"/> (equal to <see cref="End"/> when it has none).</summary>
    internal int[] Start { get; }

    /// <summary>Per edge, the position after its last point in <see cref="ByEdge"/>.</summary>
    internal int[] End { get; }

    /// <summary>The points grouped by edge, each with what a search needs of it in one place (one memory read per point).</summary>
    internal EdgePoint[] ByEdge { get; }

    /// <summary>
    /// Points lying exactly at the target node of a one-way edge: reached from that node with nothing to
    /// walk, though no arc leads from it into the edge.
    /// </summary>
    internal int[] AtOnewayTarget { get; }

    public WalkNetwork Network { get; }

    /// <summary>The points, in the order given (their indices are the point indices of every result).</summary>
    public SnappedPoint[] Points { get; }

    /// <summary>Indices of the points on <paramref name="edge"/>.</summary>
    public ReadOnlySpan<int> OnEdge(int edge) => _points.AsSpan(Start[edge], End[edge] - Start[edge]);
}

/// <summary>
/// A point of an <see cref="EdgePointIndex"/> as searches read it: its index; metres along its edge from the
/// source node; metres on to the target node (+infinity when it cannot be reached through the target: one-way
/// edge, point not at its target); its access leg.
/// </summary>
internal readonly record struct EdgePoint(int Point, double FromSource, double ToTarget, double Access);

/// <summary>A point reached by a search: its index (in the <see cref="EdgePointIndex"/>) and network metres.</summary>
public readonly record struct PointReach(int Point, double Metres);

/// <summary>A node reached by a search and its network metres.</summary>
public readonly record struct NodeReach(int Node, double Metres);
