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
    private double _limit;

    /// <summary>
    /// Marks the lattice cells whose centre, snapped like a household, is within the threshold of the last
    /// <see cref="Compute"/>'s category: the served cells of <see cref="ServiceGaps.FindOnLattice"/>. The centres
    /// are snapped once by the caller (they do not change between categories or runs); each costs one
    /// lookup here. Off-network centres are never served.
    /// </summary>
    /// <param name="cells">cell indices into <paramref name="served"/></param>
    /// <param name="centres">each cell's centre snapped to the network, same order</param>
    /// <param name="served">the mask to set (cells not listed are left as they are)</param>
    public void MarkServed(ReadOnlySpan<int> cells, ReadOnlySpan<SnappedPoint> centres, bool[] served)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (_times is null) throw new InvalidOperationException("MarkServed needs a computed category");
        if (cells.Length != centres.Length) throw new ArgumentException($"{cells.Length} cells but {centres.Length} snapped centres", nameof(centres));
        for (var k = 0; k < cells.Length; k++)
            if (_times.To(centres[k]).Metres <= _limit) served[cells[k]] = true;
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
        double Seconds(double metres) => metres <= limit ? Math.Min(thresholdSeconds, speed.Seconds(metres)) : double.PositiveInfinity;

        var points = _households.Points;
        var nearest = new double[points.Length];
        var times = NearestFacilityTimes.Compute(_households.Network, snapped, limit);
        _times = times;
        _limit = limit;
        for (var i = 0; i < points.Length; i++) nearest[i] = Seconds(times.To(points[i]).Metres);

        var reaches = new FacilityReach[facilities.Count];
        var found = new List<PointReach>();
        for (var f = 0; f < facilities.Count; f++)
        {
            if (snapped[f].IsOffNetwork) { reaches[f] = FacilityReach.None(facilities[f].Id, facilities[f].Capacity); continue; }
            found.Clear();
            _search.Run(snapped[f], limit);
            _search.CollectPoints(_households, found);
            var ids = new int[found.Count];
            var seconds = new double[found.Count];
            for (var k = 0; k < ids.Length; k++) (ids[k], seconds[k]) = (found[k].Point, Seconds(found[k].Metres));
            reaches[f] = new FacilityReach(facilities[f].Id, facilities[f].Capacity, ids, seconds);
        }

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
}
