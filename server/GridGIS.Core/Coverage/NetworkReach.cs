using System.Runtime.CompilerServices;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Coverage;

/// <summary>
/// Fills a <see cref="CategoryReach"/> from the walking-network engine (GridGIS.Core/Network): one bounded
/// search per facility (<see cref="BoundedSearch.CollectPoints"/>) gives that facility's households with their
/// metres, and the least of those metres over the category's facilities is each household's nearest-facility
/// time (the same sums as a multi-source pass over the whole network, to the last bit, for every
/// household within the threshold; +infinity beyond it). The category's dissolved service area comes from one
/// multi-source bounded search (<see cref="ServiceArea"/>, 50 m either side of the reached edges).
/// Besides the households the index may hold other points (a coverage run's lattice cell centres) that the same
/// searches find; <see cref="MarkServed"/> reports which were reached.
/// Households and facilities are snapped once by the caller; off-network ones reach nothing and are reached
/// by nothing. Times are the network metres at the category's speed; a household whose metres are within
/// the threshold's metres counts as within the threshold exactly (no rounding across the m/s conversion).
/// Local metres throughout. One instance per thread.
/// </summary>
public sealed class NetworkReach
{
    private readonly EdgePointIndex _points;
    private readonly int _households;
    private readonly BoundedSearch _search;
    private readonly ServiceArea _area;

    /// <param name="households">the households snapped to the network, in the order of the analysis' household array</param>
    /// <param name="bufferMetres">service-area width either side of the reached edges, 1..500 m (default 50)</param>
    public NetworkReach(EdgePointIndex households, double bufferMetres = ServiceArea.DefaultBufferMetres)
        : this(households, households?.Points.Length ?? 0, bufferMetres) { }

    /// <param name="points">the households snapped to the network, in the order of the analysis' household array,
    /// then any other points to reach (points <paramref name="households"/> and on, for <see cref="MarkServed"/>)</param>
    /// <param name="households">how many of the points are households</param>
    /// <param name="bufferMetres">service-area width either side of the reached edges, 1..500 m (default 50)</param>
    public NetworkReach(EdgePointIndex points, int households, double bufferMetres = ServiceArea.DefaultBufferMetres)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfNegative(households);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(households, points.Points.Length);
        _points = points;
        _households = households;
        _search = new BoundedSearch(points.Network);
        _area = new ServiceArea(points.Network, bufferMetres);
        _othersReached = new bool[points.Points.Length - households];
    }

    private readonly List<PointReach> _found = [];
    private readonly bool[] _othersReached;        // per point after the households: reached by the last Compute
    private bool _computed;

    /// <summary>
    /// Marks the lattice cells whose centre, snapped like a household, is within the threshold of the last
    /// <see cref="Compute"/>'s category: the served cells of <see cref="ServiceGaps.FindOnLattice"/>. The centres
    /// are the points after the households, snapped and indexed once by the caller (they do not change between
    /// categories or runs). Off-network centres are never served.
    /// </summary>
    /// <param name="cells">cell indices into <paramref name="served"/>: cells[k] is point households + k</param>
    /// <param name="served">the mask to set (cells not listed are left as they are)</param>
    public void MarkServed(ReadOnlySpan<int> cells, bool[] served)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (!_computed) throw new InvalidOperationException("MarkServed needs a computed category");
        if (cells.Length != _othersReached.Length) throw new ArgumentException($"{cells.Length} cells but {_othersReached.Length} points besides the households", nameof(cells));
        for (var k = 0; k < cells.Length; k++)
            if (_othersReached[k]) served[cells[k]] = true;
    }

    /// <summary>
    /// The reach of one category, and when <paramref name="withServiceArea"/> its dissolved service area
    /// (local metres; empty without facilities). Dissolving buffered edges costs seconds on a city network:
    /// coverage runs leave it out and find gaps with <see cref="MarkServed"/> instead.
    /// </summary>
    /// <param name="facilities">the category's facilities (ids, capacities)</param>
    /// <param name="snapped">the same facilities snapped to the network, same order</param>
    /// <param name="thresholdSeconds">&gt; 0</param>
    public (CategoryReach Reach, Geometry ServiceArea) Compute(string category, IReadOnlyList<CoverageFacility> facilities,
        IReadOnlyList<SnappedPoint> snapped, double thresholdSeconds, WalkSpeed speed, bool withServiceArea = true)
    {
        ArgumentNullException.ThrowIfNull(facilities);
        ArgumentNullException.ThrowIfNull(snapped);
        if (facilities.Count != snapped.Count) throw new ArgumentException($"{facilities.Count} facilities but {snapped.Count} snapped points", nameof(snapped));
        if (!(thresholdSeconds > 0) || double.IsInfinity(thresholdSeconds)) throw new ArgumentOutOfRangeException(nameof(thresholdSeconds), thresholdSeconds, "must be > 0 s");
        var limit = speed.Metres(thresholdSeconds);
        var lap = System.Diagnostics.Stopwatch.GetTimestamp();
        var nearest = new double[_households];
        Array.Fill(nearest, double.PositiveInfinity);
        Array.Clear(_othersReached);
        var pairs = new PairBuffer(_households, nearest, _othersReached);
        var reaches = new FacilityReach[facilities.Count];
        for (var f = 0; f < facilities.Count; f++)
        {
            if (snapped[f].IsOffNetwork) { reaches[f] = FacilityReach.None(facilities[f].Id, facilities[f].Capacity); continue; }
            _found.Clear();
            _search.Run(snapped[f], limit);
            _search.CollectPoints(_points, _found);
            var (households, seconds) = pairs.Append(_found, limit, thresholdSeconds, speed);
            reaches[f] = new FacilityReach(facilities[f].Id, facilities[f].Capacity, households, seconds);
        }
        _computed = true;
        CoverageMetrics.ComputeLap("facility_searches", lap);
        var onNetwork = snapped.Where(s => !s.IsOffNetwork).ToList();
        Geometry area;
        if (onNetwork.Count == 0 || !withServiceArea) area = new GeometryFactory().CreatePolygon();
        else
        {
            _search.Run(onNetwork, limit);
            area = _area.Build(_search);
        }
        return (new CategoryReach(category, thresholdSeconds, nearest, reaches), area);
    }

    /// <summary>Network metres to seconds: within the limit at the speed (at most the threshold), +infinity beyond.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Seconds(double metres, double limit, double thresholdSeconds, WalkSpeed speed) =>
        metres <= limit ? Math.Min(thresholdSeconds, speed.Seconds(metres)) : double.PositiveInfinity;

    /// <summary>
    /// The (household, seconds) pairs of a category's facilities, one after another in large chunks (a city's
    /// category reaches millions of pairs): one allocation per million pairs instead of two per facility, never
    /// copied to grow, never cleared first (every slot handed out is written). On the way it keeps each household's
    /// least time (its nearest facility) and notes the other points reached.
    /// </summary>
    private sealed class PairBuffer(int households, double[] nearest, bool[] othersReached)
    {
        private const int ChunkPairs = 1 << 20;
        private int[] _ids = [];
        private double[] _seconds = [];
        private int _count;

        /// <summary>Appends the households of one facility's reach, as seconds; returns its stretch of the two arrays.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public (ArraySegment<int> Households, ArraySegment<double> Seconds) Append(List<PointReach> found, double limit, double thresholdSeconds, WalkSpeed speed)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(found);
            if (_count + span.Length > _ids.Length)
            {
                var size = Math.Max(ChunkPairs, span.Length);
                _ids = GC.AllocateUninitializedArray<int>(size);
                _seconds = GC.AllocateUninitializedArray<double>(size);
                _count = 0;
            }
            var start = _count;
            var ids = _ids.AsSpan(start, span.Length);
            var seconds = _seconds.AsSpan(start, span.Length);
            var n = 0;
            for (var k = 0; k < span.Length; k++)
            {
                var p = span[k].Point;
                if (p >= households) { othersReached[p - households] = true; continue; }     // within the limit: CollectPoints' promise
                var t = Seconds(span[k].Metres, limit, thresholdSeconds, speed);
                ids[n] = p;
                seconds[n++] = t;
                if (t < nearest[p]) nearest[p] = t;
            }
            _count += n;
            return (new ArraySegment<int>(_ids, start, n), new ArraySegment<double>(_seconds, start, n));
        }
    }
}
