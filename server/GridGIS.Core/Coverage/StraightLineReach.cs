using NetTopologySuite.Geometries;

namespace GridGIS.Core.Coverage;

/// <summary>
/// The Euclidean fallback (直线距离 × 绕行系数) for places with no walking network: walking time is the
/// straight-line distance times a detour factor (default 1.3) over the walking speed, so a facility's
/// service area is a circle of radius speed × threshold / detour. Produces the same
/// <see cref="CategoryReach"/> as the network engine, so the aggregation cannot tell them apart; every
/// run records which mode produced its results (coverage_run.mode = euclidean).
/// Cost: households are bucketed once in square cells of a quarter radius, each facility scans the cells its disc touches.
/// </summary>
public sealed class StraightLineReach
{
    /// <summary>A common ratio of street to crow-fly distance in dense grids.</summary>
    public const double DefaultDetourFactor = 1.3;

    /// <summary>Straight line to walking route, &gt;= 1 (default <see cref="DefaultDetourFactor"/>).</summary>
    public double DetourFactor { get; init; } = DefaultDetourFactor;

    /// <summary>Segments per quarter circle of the service-area polygons (default 16).</summary>
    public int QuadrantSegments { get; init; } = 16;

    /// <summary>One-call form with the default detour factor.</summary>
    public static CategoryReach Compute(string category, ReadOnlySpan<CoverageHousehold> households,
        IReadOnlyList<CoverageFacility> facilities, double thresholdSeconds, double speedMetresPerSecond) =>
        new StraightLineReach().Reach(category, households, facilities, thresholdSeconds, speedMetresPerSecond);

    /// <summary>The service-area radius in metres for a threshold (s) and a speed (m/s).</summary>
    public double Radius(double thresholdSeconds, double speedMetresPerSecond) => speedMetresPerSecond * thresholdSeconds / DetourFactor;

    /// <param name="thresholdSeconds">&gt; 0</param>
    /// <param name="speedMetresPerSecond">&gt; 0 (4 km/h = 1.111 m/s)</param>
    /// <param name="buckets">the households bucketed once for several categories (<see cref="Bucket"/>); built here when null</param>
    public CategoryReach Reach(string category, ReadOnlySpan<CoverageHousehold> households,
        IReadOnlyList<CoverageFacility> facilities, double thresholdSeconds, double speedMetresPerSecond, HouseholdBuckets? buckets = null)
    {
        ArgumentNullException.ThrowIfNull(facilities);
        if (!(thresholdSeconds > 0) || double.IsInfinity(thresholdSeconds)) throw new ArgumentOutOfRangeException(nameof(thresholdSeconds), thresholdSeconds, "must be > 0 s");
        if (!(speedMetresPerSecond > 0) || double.IsInfinity(speedMetresPerSecond)) throw new ArgumentOutOfRangeException(nameof(speedMetresPerSecond), speedMetresPerSecond, "must be > 0 m/s");
        if (!(DetourFactor >= 1)) throw new ArgumentOutOfRangeException(nameof(DetourFactor), DetourFactor, "must be >= 1");

        var n = households.Length;
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        var reaches = new FacilityReach[facilities.Count];
        var radius = Radius(thresholdSeconds, speedMetresPerSecond);
        var secondsPerMetre = DetourFactor / speedMetresPerSecond;
        var cells = buckets ?? new HouseholdBuckets(households, radius / 4);
        if (cells.Count != n) throw new ArgumentException($"buckets of {cells.Count} households for {n}", nameof(buckets));
        var searchRadius = radius * (1 + 1e-9) + 1e-6;      // a margin for rounding: households exactly at the threshold count
        var reject2 = searchRadius * searchRadius;
        var candidates = new List<int>();
        var found = new List<int>();
        var times = new List<double>();
        for (var f = 0; f < facilities.Count; f++)
        {
            var fac = facilities[f];
            found.Clear();
            times.Clear();
            cells.Near(fac.X, fac.Y, searchRadius, candidates);
            foreach (var i in candidates)
            {
                var dx = households[i].X - fac.X;
                var dy = households[i].Y - fac.Y;
                var d2 = dx * dx + dy * dy;
                if (d2 > reject2) continue;                  // clearly beyond; the exact test on seconds follows
                var t = Math.Sqrt(d2) * secondsPerMetre;
                if (t > thresholdSeconds) continue;
                found.Add(i);
                times.Add(t);
                if (t < nearest[i]) nearest[i] = t;
            }
            reaches[f] = new FacilityReach(fac.Id, fac.Capacity, found.ToArray(), times.ToArray());
        }
        return new CategoryReach(category, thresholdSeconds, nearest, reaches);
    }

    /// <summary>The service areas: one circle of <see cref="Radius"/> per facility, local metres.</summary>
    public IReadOnlyList<Geometry> ServiceAreas(IReadOnlyList<CoverageFacility> facilities, double thresholdSeconds,
        double speedMetresPerSecond, GeometryFactory factory)
    {
        var r = Radius(thresholdSeconds, speedMetresPerSecond);
        return facilities.Select(f => factory.CreatePoint(new Coordinate(f.X, f.Y)).Buffer(r, QuadrantSegments)).ToList();
    }

    /// <summary>
    /// The dissolved straight-line service area of <paramref name="points"/> for a walk of <paramref name="walkMetres"/>:
    /// circles of radius walkMetres / <see cref="DetourFactor"/>, unioned; an empty polygon without points. Local metres.
    /// </summary>
    public Geometry ServiceArea(IReadOnlyList<(double X, double Y)> points, double walkMetres, GeometryFactory factory)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(factory);
        if (!(walkMetres >= 0) || double.IsInfinity(walkMetres)) throw new ArgumentOutOfRangeException(nameof(walkMetres), walkMetres, "must be >= 0 m");
        var radius = walkMetres / DetourFactor;
        var circles = points.Select(p => factory.CreatePoint(new Coordinate(p.X, p.Y)).Buffer(radius, QuadrantSegments)).ToList();
        return circles.Count == 0 ? factory.CreatePolygon() : NetTopologySuite.Operation.OverlayNG.OverlayNGRobust.Union(circles);
    }

    /// <summary>
    /// Marks the lattice cells whose centre lies within <see cref="Radius"/> (inclusive) of a facility: the served
    /// cells of <see cref="ServiceGaps.FindOnLattice"/>, the cell form of <see cref="ServiceAreas"/>.
    /// </summary>
    public void MarkServed(CellLattice lattice, IReadOnlyList<CoverageFacility> facilities, double thresholdSeconds,
        double speedMetresPerSecond, bool[] served)
    {
        ArgumentNullException.ThrowIfNull(facilities);
        var r = Radius(thresholdSeconds, speedMetresPerSecond);
        foreach (var f in facilities) CellMask.MarkWithin(lattice, served, f.X, f.Y, r);
    }

    /// <summary>
    /// Households bucketed once in square cells of <paramref name="cellMetres"/> (at least 1/2048 of the extent), for
    /// the straight-line reach of every category of a run; immutable, so parts may share it.
    /// </summary>
    public static HouseholdBuckets Bucket(ReadOnlySpan<CoverageHousehold> households, double cellMetres = 100)
    {
        if (!(cellMetres > 0) || double.IsInfinity(cellMetres)) throw new ArgumentOutOfRangeException(nameof(cellMetres), cellMetres, "must be > 0 m");
        return new HouseholdBuckets(households, cellMetres);
    }
}
