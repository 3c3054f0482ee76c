namespace GridGIS.Core.Network;

/// <summary>
/// A point (household, facility) placed on the walking network: the nearest point on the nearest edge.
/// </summary>
/// <param name="Edge">edge index, or -1 when the point is off network (farther than the snap limit from every edge)</param>
/// <param name="Fraction">position along the edge, 0 = source node .. 1 = target node (by the edge's geometry)</param>
/// <param name="AccessMetres">the off-network leg from the point to the edge, metres, walked at the same speed;
/// for an off-network point the distance to the nearest edge if one was seen within the search, else +infinity</param>
/// <param name="X">snapped x on the edge, metres (the original x when off network)</param>
/// <param name="Y">snapped y on the edge, metres</param>
public readonly record struct SnappedPoint(int Edge, double Fraction, double AccessMetres, double X, double Y)
{
    /// <summary>True when the point is farther than the snap limit from every edge: it is reported, never snapped.</summary>
    public bool IsOffNetwork => Edge < 0;

    /// <summary>An off-network result at (x, y).</summary>
    public static SnappedPoint OffNetwork(double x, double y, double nearestMetres = double.PositiveInfinity) =>
        new(-1, 0, nearestMetres, x, y);

    /// <summary>
    /// A point exactly at node <paramref name="node"/> (access leg 0), on one of its edges; off network
    /// when the node has no edge.
    /// </summary>
    public static SnappedPoint AtNode(WalkNetwork network, int node)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegative(node);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, network.NodeCount);
        var x = network.NodeX(node); var y = network.NodeY(node);
        var a = network.FirstArc[node];
        if (a < network.FirstArc[node + 1]) return new SnappedPoint(network.ArcEdge[a], network.ArcForward[a] ? 0 : 1, 0, x, y);
        // a node that only receives one-way edges: it is the target of one of them
        for (var e = 0; e < network.EdgeCount; e++)
            if (network.EdgeTarget(e) == node) return new SnappedPoint(e, 1, 0, x, y);
        return OffNetwork(x, y);
    }

    /// <summary>Metres along the edge from its source node to this point.</summary>
    public double MetresFromSource(WalkNetwork network) => Fraction * network.EdgeLength(Edge);

    /// <summary>Metres along the edge from this point to its target node.</summary>
    public double MetresToTarget(WalkNetwork network) => (1 - Fraction) * network.EdgeLength(Edge);

    /// <summary>
    /// Walking metres from <paramref name="from"/> to <paramref name="to"/> along their shared edge only
    /// (access legs included), or +infinity when they are on different edges or the edge is one-way against it.
    /// </summary>
    public static double AlongSameEdge(WalkNetwork network, in SnappedPoint from, in SnappedPoint to)
    {
        if (from.Edge < 0 || from.Edge != to.Edge) return double.PositiveInfinity;
        var d = to.Fraction - from.Fraction;
        if (d < 0 && network.EdgeOneway(from.Edge)) return double.PositiveInfinity;
        return Math.Abs(d) * network.EdgeLength(from.Edge) + from.AccessMetres + to.AccessMetres;
    }
}
