using GridGIS.Core.Network;

namespace GridGIS.Bench.Network;

/// <summary>
/// Walking distance from every node, and from any snapped point, to the nearest facility of one
/// category, in ONE multi-source Dijkstra pass (not one search per facility). Facilities are snapped
/// points on edges: both ends of a facility's edge are seeded with their partial lengths plus the
/// facility's access leg; a target point takes the better of its edge's two ends, or the direct way
/// along the edge when a facility shares it. Distances are network metres; time = metres at the
/// category's <see cref="WalkSpeed"/> (<see cref="Seconds"/>). Immutable once computed; thread-safe reads.
/// The benchmark's whole-network pass (<see cref="BucketQueuePass"/>), and the reference the tests hold the engine's
/// bounded searches to; the product's coverage runs use GridGIS.Core's NetworkReach.
/// </summary>
public sealed class NearestFacilityTimes
{
    private readonly WalkNetwork _network;
    private readonly SnappedPoint[] _facilities;
    private readonly BucketQueuePass _tree;
    private readonly Dictionary<int, List<int>> _facilitiesOnEdge = new();

    private NearestFacilityTimes(WalkNetwork network, SnappedPoint[] facilities, BucketQueuePass tree)
    {
        _network = network; _facilities = facilities; _tree = tree;
        for (var f = 0; f < facilities.Length; f++)
        {
            if (facilities[f].IsOffNetwork) continue;
            if (!_facilitiesOnEdge.TryGetValue(facilities[f].Edge, out var list)) _facilitiesOnEdge[facilities[f].Edge] = list = new List<int>(1);
            list.Add(f);
        }
    }

    /// <summary>
    /// One pass from all <paramref name="facilities"/> (off-network ones are skipped: they reach nothing).
    /// </summary>
    /// <param name="network">the walking network</param>
    /// <param name="facilities">the category's facilities, snapped; the result's facility index is the index here</param>
    /// <param name="maxMetres">optional cap in metres (nodes farther stay unreached); default unbounded</param>
    public static NearestFacilityTimes Compute(WalkNetwork network, IReadOnlyList<SnappedPoint> facilities, double maxMetres = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(facilities);
        if (!(maxMetres >= 0)) throw new ArgumentOutOfRangeException(nameof(maxMetres), maxMetres, "cap must be >= 0 m");
        var tree = new BucketQueuePass(network);
        for (var f = 0; f < facilities.Count; f++) tree.SeedPoint(facilities[f], f, maxMetres);
        tree.Run(maxMetres);
        return new NearestFacilityTimes(network, facilities.ToArray(), tree) { MaxMetres = maxMetres };
    }

    /// <summary>The cap the pass ran with (+infinity when unbounded).</summary>
    public double MaxMetres { get; private init; }

    /// <summary>Metres from node to its nearest facility, +infinity when none is reachable.</summary>
    public double NodeMetres(int node) => _tree.Distance[node];

    /// <summary>Index of the nearest facility of node, -1 when none is reachable.</summary>
    public int NodeFacility(int node) => _tree.Label[node];

    /// <summary>Every node's metres (index = node), +infinity when unreachable. Do not modify.</summary>
    public ReadOnlySpan<double> AllNodeMetres => _tree.Distance;

    /// <summary>
    /// Metres from a snapped point to its nearest facility (both access legs included) and that facility's
    /// index; (+infinity, -1) when the point is off network or no facility reaches it.
    /// </summary>
    public (double Metres, int Facility) To(in SnappedPoint point)
    {
        var (best, facility) = _tree.ThroughEnds(point);
        if (!point.IsOffNetwork && _facilitiesOnEdge.TryGetValue(point.Edge, out var same))
            foreach (var f in same)
            {
                var d = SnappedPoint.AlongSameEdge(_network, _facilities[f], point);
                if (d < best || (d == best && f < facility)) { best = d; facility = f; }
            }
        return best <= MaxMetres ? (best, facility) : (double.PositiveInfinity, -1);
    }

    /// <summary>Seconds from a snapped point to its nearest facility at <paramref name="speed"/>.</summary>
    public double Seconds(in SnappedPoint point, WalkSpeed speed) => speed.Seconds(To(point).Metres);
}
