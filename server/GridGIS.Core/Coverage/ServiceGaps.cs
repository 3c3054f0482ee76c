using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Union;

namespace GridGIS.Core.Coverage;

/// <summary>
/// A service gap (服务盲区): one polygon of the residential area that lies outside every service area of a
/// category, in local metres, with the households whose points lie inside it (all of them, and of those
/// the ones not covered by walking time; the two differ only where a service-area polygon's 50 m edge
/// buffer and the per-household walking time disagree at the margin).
/// </summary>
public sealed record ServiceGap(Polygon Polygon, double AreaM2, long Households, long HouseholdsNotCovered, long Residents, long ForeignResidents);

/// <summary>
/// The service gaps of one category: the residential area minus the dissolved service areas of the
/// category's facilities, split into polygons, each with the households inside.
/// The residential area is the union of the grid polygons (网格) that hold households: grids tile the
/// inhabited part of each community, so their union is the area where people live; parks or water
/// inside a grid count as residential (a known coarseness, no worse than the grid boundaries themselves).
/// With no facility at all the whole residential area is one or more gaps holding every household.
/// Polygons below <see cref="MinimumAreaM2"/> that hold no household are dropped as slivers.
/// </summary>
public sealed class ServiceGaps
{
    /// <summary>Gap polygons smaller than this (m², default 100) and without households are slivers of the overlay.</summary>
    public double MinimumAreaM2 { get; init; } = 100;

    /// <summary>One-call form with the default options.</summary>
    public static IReadOnlyList<ServiceGap> Compute(Geometry residentialArea, IEnumerable<Geometry> serviceAreas,
        ReadOnlySpan<CoverageHousehold> households, bool[] covered) =>
        new ServiceGaps().Find(residentialArea, serviceAreas, households, covered);

    /// <summary>Dissolves polygons (grids, service areas) into one geometry; empty for none.</summary>
    public static Geometry Dissolve(IEnumerable<Geometry> polygons, GeometryFactory? factory = null)
    {
        var list = polygons.Where(p => p is { IsEmpty: false }).ToList();
        factory ??= list.FirstOrDefault()?.Factory ?? new GeometryFactory();
        return list.Count == 0 ? factory.CreatePolygon() : CascadedPolygonUnion.Union(list);
    }

    /// <param name="residentialArea">polygonal, local metres</param>
    /// <param name="serviceAreas">the category's service-area polygons, local metres (need not be dissolved)</param>
    /// <param name="households">points in the same CRS</param>
    /// <param name="covered">per household, from <see cref="CoverageAnalysis"/>: covered by walking time</param>
    public IReadOnlyList<ServiceGap> Find(Geometry residentialArea, IEnumerable<Geometry> serviceAreas,
        ReadOnlySpan<CoverageHousehold> households, bool[] covered)
    {
        ArgumentNullException.ThrowIfNull(residentialArea);
        ArgumentNullException.ThrowIfNull(serviceAreas);
        ArgumentNullException.ThrowIfNull(covered);
        if (covered.Length != households.Length)
            throw new ArgumentException($"{covered.Length} covered flags for {households.Length} households", nameof(covered));
        if (residentialArea.IsEmpty) return [];
        if (residentialArea is not (Polygon or MultiPolygon))
            throw new ArgumentException($"residential area must be polygonal, not {residentialArea.GeometryType}", nameof(residentialArea));

        var served = Dissolve(serviceAreas, residentialArea.Factory);
        return Split(served.IsEmpty ? residentialArea : residentialArea.Difference(served), households, covered);
    }

    /// <summary>
    /// The gaps where the served area is known point by point (walking time from a point, as for a
    /// household, within the threshold) rather than as polygons: the residential area is sampled on a
    /// square lattice of <paramref name="cellMetres"/>; the cells whose centre lies in it and is not served
    /// are merged (row runs, then a cascaded union) and clipped to the residential area. Boundaries are
    /// accurate to one cell (default 50 m, the width of a service area's edge buffer). Far cheaper than
    /// dissolving buffered network edges, which is what makes the gaps of a city-wide network affordable.
    /// </summary>
    /// <param name="served">true when a point (local metres) is within the threshold of a facility</param>
    /// <param name="cellMetres">lattice spacing, 5..500 m</param>
    public IReadOnlyList<ServiceGap> FindByCells(Geometry residentialArea, Func<double, double, bool> served, double cellMetres,
        ReadOnlySpan<CoverageHousehold> households, bool[] covered)
    {
        ArgumentNullException.ThrowIfNull(residentialArea);
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(covered);
        if (!(cellMetres >= 5 && cellMetres <= 500)) throw new ArgumentOutOfRangeException(nameof(cellMetres), cellMetres, "cell must be 5..500 m");
        if (covered.Length != households.Length)
            throw new ArgumentException($"{covered.Length} covered flags for {households.Length} households", nameof(covered));
        if (residentialArea.IsEmpty) return [];
        if (residentialArea is not (Polygon or MultiPolygon))
            throw new ArgumentException($"residential area must be polygonal, not {residentialArea.GeometryType}", nameof(residentialArea));
        var f = residentialArea.Factory;
        var inside = new IndexedPointInAreaLocator(residentialArea);
        var env = residentialArea.EnvelopeInternal;
        var runs = new List<Geometry>();
        for (var y = env.MinY; y < env.MaxY; y += cellMetres)
        {
            var cy = y + cellMetres / 2;
            double? runStart = null;
            for (var x = env.MinX; x < env.MaxX + cellMetres; x += cellMetres)
            {
                var cx = x + cellMetres / 2;
                var gap = x < env.MaxX && inside.Locate(new Coordinate(cx, cy)) != Location.Exterior && !served(cx, cy);
                if (gap) runStart ??= x;
                else if (runStart is { } x0)
                {
                    runs.Add(f.ToGeometry(new Envelope(x0, x, y, y + cellMetres)));
                    runStart = null;
                }
            }
        }
        if (runs.Count == 0) return [];
        var cells = CascadedPolygonUnion.Union(runs);
        return Split(cells.Intersection(residentialArea), households, covered);
    }

    private IReadOnlyList<ServiceGap> Split(Geometry rest, ReadOnlySpan<CoverageHousehold> households, bool[] covered)
    {
        var polygons = new List<Polygon>();
        for (var g = 0; g < rest.NumGeometries; g++)
            if (rest.GetGeometryN(g) is Polygon { IsEmpty: false } p) polygons.Add(p);

        // Households to polygons: envelope index, then an indexed point-in-area test per candidate.
        var index = new STRtree<int>();
        var locators = new IndexedPointInAreaLocator[polygons.Count];
        for (var p = 0; p < polygons.Count; p++)
        {
            index.Insert(polygons[p].EnvelopeInternal, p);
            locators[p] = new IndexedPointInAreaLocator(polygons[p]);
        }
        var counts = new (long Hh, long NotCovered, long Res, long Foreign)[polygons.Count];
        if (polygons.Count > 0)
        {
            index.Build();
            for (var i = 0; i < households.Length; i++)
            {
                var h = households[i];
                var c = new Coordinate(h.X, h.Y);
                foreach (var p in index.Query(new Envelope(c)))
                {
                    if (locators[p].Locate(c) == Location.Exterior) continue;
                    ref var s = ref counts[p];
                    s.Hh++;
                    if (!covered[i]) s.NotCovered++;
                    s.Res += h.Residents;
                    s.Foreign += h.ForeignResidents;
                    break;                                  // gap polygons do not overlap
                }
            }
        }
        var gaps = new List<ServiceGap>(polygons.Count);
        for (var p = 0; p < polygons.Count; p++)
        {
            var area = polygons[p].Area;
            if (area < MinimumAreaM2 && counts[p].Hh == 0) continue;
            gaps.Add(new ServiceGap(polygons[p], area, counts[p].Hh, counts[p].NotCovered, counts[p].Res, counts[p].Foreign));
        }
        // Largest first: what a planner looks at first, and a stable order for the gap numbers.
        return gaps.OrderByDescending(g => g.Households).ThenByDescending(g => g.AreaM2)
            .ThenBy(g => g.Polygon.EnvelopeInternal.MinX).ThenBy(g => g.Polygon.EnvelopeInternal.MinY).ToList();
    }
}
