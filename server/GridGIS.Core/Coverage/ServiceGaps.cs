using System.Runtime.CompilerServices;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.OverlayNG;

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
/// Two forms: <see cref="Find"/> by polygon overlay (exact, seconds on a city), and <see cref="FindOnLattice"/>
/// on a cell lattice (accurate to one cell, linear in cells), which coverage runs use.
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
        return list.Count == 0 ? factory.CreatePolygon() : OverlayNGRobust.Union(list);
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
        return Split(served.IsEmpty ? residentialArea : OverlayNGRobust.Overlay(residentialArea, served, NetTopologySuite.Operation.Overlay.SpatialFunction.Difference), households, covered);
    }

    /// <summary>
    /// The gaps on a cell lattice, where the residential and the served area are known cell by cell
    /// (<see cref="CellMask"/>: residential cells from the grid polygons, served cells from the engine, both
    /// sampled at cell centres): the residential cells not served, traced into polygons with holes
    /// (<see cref="CellPolygons"/>, exact lattice coordinates), each with the households whose point falls
    /// in one of its cells. Boundaries are accurate to one cell (default 50 m, the width of a service area's
    /// edge buffer), both against the service areas and against the grid boundaries. Linear in cells and
    /// households: no polygon overlay, which is what makes the gaps of a city-wide run affordable.
    /// </summary>
    /// <param name="residential">per cell of <paramref name="lattice"/>: the cell's centre lies in a grid holding households</param>
    /// <param name="served">per cell: the cell's centre is within the threshold of a facility (same length)</param>
    /// <param name="households">points in the lattice's metres</param>
    /// <param name="covered">per household, from <see cref="CoverageAnalysis"/>: covered by walking time</param>
    /// <param name="householdCells">optional: each household's cell, <see cref="CellLattice.CellsOf"/> (a run's
    /// categories share it); computed here when null</param>
    public IReadOnlyList<ServiceGap> FindOnLattice(CellLattice lattice, bool[] residential, bool[] served,
        ReadOnlySpan<CoverageHousehold> households, bool[] covered, GeometryFactory? factory = null, int[]? householdCells = null)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(residential);
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(covered);
        if (residential.Length != lattice.Count) throw new ArgumentException($"{residential.Length} residential flags for {lattice.Count} cells", nameof(residential));
        if (served.Length != lattice.Count) throw new ArgumentException($"{served.Length} served flags for {lattice.Count} cells", nameof(served));
        if (covered.Length != households.Length)
            throw new ArgumentException($"{covered.Length} covered flags for {households.Length} households", nameof(covered));
        householdCells ??= lattice.CellsOf(households);
        if (householdCells.Length != households.Length)
            throw new ArgumentException($"{householdCells.Length} household cells for {households.Length} households", nameof(householdCells));
        var gap = new bool[lattice.Count];
        for (var c = 0; c < gap.Length; c++) gap[c] = residential[c] && !served[c];
        var traced = CellPolygons.Trace(lattice, gap, factory);
        var counts = Count(traced, households, covered, householdCells);
        var cellArea = lattice.CellMetres * lattice.CellMetres;
        var gaps = new List<ServiceGap>(traced.Polygons.Count);
        for (var p = 0; p < traced.Polygons.Count; p++)
        {
            var area = traced.CellCounts[p] * cellArea;
            if (area < MinimumAreaM2 && counts[p].Hh == 0) continue;
            gaps.Add(new ServiceGap(traced.Polygons[p], area, counts[p].Hh, counts[p].NotCovered, counts[p].Res, counts[p].Foreign));
        }
        return Ordered(gaps);
    }

    /// <summary>Households, not covered ones, residents and foreign residents per traced region.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long Hh, long NotCovered, long Res, long Foreign)[] Count(CellPolygons traced, ReadOnlySpan<CoverageHousehold> households,
        bool[] covered, int[] householdCells)
    {
        var counts = new (long Hh, long NotCovered, long Res, long Foreign)[traced.Polygons.Count];
        for (var i = 0; i < households.Length; i++)
        {
            var cell = householdCells[i];
            var r = cell < 0 ? -1 : traced.RegionOf(cell);
            if (r < 0) continue;
            ref var s = ref counts[r];
            s.Hh++;
            if (!covered[i]) s.NotCovered++;
            s.Res += households[i].Residents;
            s.Foreign += households[i].ForeignResidents;
        }
        return counts;
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
        return Ordered(gaps);
    }

    /// <summary>Largest first: what a planner looks at first, and a stable order for the gap numbers.</summary>
    private static List<ServiceGap> Ordered(List<ServiceGap> gaps) =>
        gaps.OrderByDescending(g => g.Households).ThenByDescending(g => g.AreaM2)
            .ThenBy(g => g.Polygon.EnvelopeInternal.MinX).ThenBy(g => g.Polygon.EnvelopeInternal.MinY).ToList();
}
