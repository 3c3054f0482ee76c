using System.Runtime.CompilerServices;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Coverage;

/// <summary>
/// Fills a <see cref="CategoryReach"/> from the walking-network engine (GridGIS.Core/Network):
/// nearest-facility times for every household in one multi-source pass (<see cref="NearestFacilityTimes"/>,
/// bounded at the threshold), each facility's households from a bounded search
/// (<see cref="BoundedSearch.CollectPoints"/>), and the category's dissolved service area from one
/// multi-source bounded search (<see cref="ServiceArea"/>, 50 m either side of the reached edges).
/// Households and facilities are snapped once by the caller; off-network ones reach nothing and are reached
/// by nothing. Times are the network metres at the category's speed; a household whose metres are within
/// the threshold's metres counts as within the threshold exactly (no rounding across the m/s conversion).
/// Local metres throughout. One instance per thread.
/// </summary>
public sealed class NetworkReach
{
    private readonly EdgePointIndex _households;
    private readonly BoundedSearch _search;
    private readonly ServiceArea _area;

    /// <param name="households">the households snapped to the network, in the order of the analysis' household array</param>
    /// <param name="bufferMetres">service-area width either side of the reached edges, 1..500 m (default 50)</param>
    public NetworkReach(EdgePointIndex households, double bufferMetres = ServiceArea.DefaultBufferMetres)
    {
        ArgumentNullException.ThrowIfNull(households);
        _households = households;
        _search = new BoundedSearch(households.Network);
        _area = new ServiceArea(households.Network, bufferMetres);
    }

    private NearestFacilityTimes? _times;
    private readonly List<PointReach> _found = [];
    private double _limit;

    /// <summary>
    /// Marks the lattice cells whose centre, snapped like a household, is within the threshold of the last
    /// <see cref="Compute"/>'s category: the served cells of <see cref="ServiceGaps.FindOnLattice"/>. The centres
    /// are snapped and indexed by edge once by the caller (they do not change between categories or runs).
    /// Off-network centres are never served.
    /// </summary>
    /// <param name="cells">cell indices into <paramref name="served"/></param>
    /// <param name="centres">each cell's centre snapped to the network, same order (point k is cell cells[k])</param>
    /// <param name="served">the mask to set (cells not listed are left as they are)</param>
    public void MarkServed(ReadOnlySpan<int> cells, EdgePointIndex centres, bool[] served)
    {
        ArgumentNullException.ThrowIfNull(centres);
        ArgumentNullException.ThrowIfNull(served);
        if (_times is null) throw new InvalidOperationException("MarkServed needs a computed category");
        if (cells.Length != centres.Points.Length) throw new ArgumentException($"{cells.Length} cells but {centres.Points.Length} snapped centres", nameof(centres));
        if (_cellMetres.Length != cells.Length) _cellMetres = new double[cells.Length];
        _times.MetresToAll(centres, _cellMetres);
        for (var k = 0; k < cells.Length; k++)
            if (_cellMetres[k] <= _limit) served[cells[k]] = true;
    }

    private double[] _cellMetres = [];

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
        var nearest = new double[_households.Points.Length];
        var lap = System.Diagnostics.Stopwatch.GetTimestamp();
        var times = NearestFacilityTimes.Compute(_households.Network, snapped, limit);
        _times = times;
        _limit = limit;
        lap = ComputeTimings.Lap(ComputeTimings.Nearest, lap);
        times.MetresToAll(_households, nearest);
        ToSeconds(nearest, limit, thresholdSeconds, speed);
        lap = ComputeTimings.Lap(ComputeTimings.HouseholdTimes, lap);

        var pairs = new PairBuffer();
        var reaches = new FacilityReach[facilities.Count];
        for (var f = 0; f < facilities.Count; f++)
        {
            if (snapped[f].IsOffNetwork) { reaches[f] = FacilityReach.None(facilities[f].Id, facilities[f].Capacity); continue; }
            _found.Clear();
            _search.Run(snapped[f], limit);
            _search.CollectPoints(_households, _found);
            var (households, seconds) = pairs.Append(_found, limit, thresholdSeconds, speed);
            reaches[f] = new FacilityReach(facilities[f].Id, facilities[f].Capacity, households, seconds);
        }
        ComputeTimings.Lap(ComputeTimings.FacilitySearches, lap);
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
    /// copied to grow, never cleared first (every slot handed out is written).
    /// </summary>
    private sealed class PairBuffer
    {
        private const int ChunkPairs = 1 << 20;
        private int[] _ids = [];
        private double[] _seconds = [];
        private int _count;

        /// <summary>Appends the pairs of one facility, as seconds; returns its stretch of the two arrays.</summary>
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
            for (var k = 0; k < span.Length; k++)
            {
                ids[k] = span[k].Point;
                seconds[k] = Seconds(span[k].Metres, limit, thresholdSeconds, speed);
            }
            _count += span.Length;
            return (new ArraySegment<int>(_ids, start, span.Length), new ArraySegment<double>(_seconds, start, span.Length));
        }
    }

    /// <summary>Network metres to seconds in place (each as <c>Seconds</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToSeconds(double[] metres, double limit, double thresholdSeconds, WalkSpeed speed)
    {
        for (var i = 0; i < metres.Length; i++)
            metres[i] = Seconds(metres[i], limit, thresholdSeconds, speed);
    }
}
