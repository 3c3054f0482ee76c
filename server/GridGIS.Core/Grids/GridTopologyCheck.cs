using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GridGIS.Core.Grids;

/// <summary>What is wrong with a community's grids.</summary>
public enum TopologyProblemKind
{
    /// <summary>Two grids cover the same ground.</summary>
    Overlap,
    /// <summary>Ground inside the community that no grid covers: its households fall in no grid.</summary>
    Gap,
    /// <summary>A grid reaches outside its community.</summary>
    OutsideCommunity,
}

/// <summary>
/// One problem: its kind, the grids involved (one for <see cref="TopologyProblemKind.OutsideCommunity"/>,
/// two for <see cref="TopologyProblemKind.Overlap"/>, none for <see cref="TopologyProblemKind.Gap"/>),
/// the offending area as a (multi)polygon in EPSG:4326, and its area in square metres.
/// </summary>
public sealed record TopologyProblem(TopologyProblemKind Kind, IReadOnlyList<int> GridIds, Geometry Geometry, double AreaM2);

/// <summary>
/// Topology check of one community's grids (网格): overlaps between grids, gaps inside the
/// community that no grid covers, and grids sticking out of the community. Input polygons are in
/// EPSG:4326; areas are measured in metres in <see cref="Projection"/> (the city profile's; default: the Gauss-Kruger zone of each community's centre). Pieces
/// smaller than <see cref="MinAreaM2"/> (default 1 m², 0 reports everything) are ignored as
/// digitising noise. Invalid input polygons are repaired with a zero buffer first. An empty
/// community or no grids: the whole community is one gap (or nothing, when it is empty).
/// </summary>
public sealed class GridTopologyCheck
{
    /// <summary>Default minimum area of a reported piece, square metres.</summary>
    public const double DefaultMinAreaM2 = 1.0;

    public GridTopologyCheck(double minAreaM2 = DefaultMinAreaM2, LocalProjection? projection = null)
    {
        if (!double.IsFinite(minAreaM2) || minAreaM2 < 0)
            throw new ArgumentOutOfRangeException(nameof(minAreaM2), minAreaM2, "minimum area must be a finite number of square metres >= 0");
        MinAreaM2 = minAreaM2;
        Projection = projection;
    }

    public double MinAreaM2 { get; }
    /// <summary>The metric CRS areas are measured in; null: the 3-degree zone of each community's centre.</summary>
    public LocalProjection? Projection { get; }

    /// <summary>One-call entry with the defaults.</summary>
    public static IReadOnlyList<TopologyProblem> Check(Geometry community, IReadOnlyList<GridShape> grids) =>
        new GridTopologyCheck().Run(community, grids);

    public IReadOnlyList<TopologyProblem> Run(Geometry community, IReadOnlyList<GridShape> grids)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(grids);
        var problems = new List<TopologyProblem>();
        var shapes = grids.Where(g => !g.Geometry.IsEmpty)
            .Select(g => (g.Id, Geom: Clean(g.Geometry))).OrderBy(g => g.Id).ToList();
        var area = Clean(community);
        var envelope = area.IsEmpty ? shapes.Aggregate(new Envelope(), (e, s) => { e.ExpandToInclude(s.Geom.EnvelopeInternal); return e; }) : area.EnvelopeInternal;
        var projection = Projection ?? LocalProjection.ForLongitude(envelope.IsNull ? 0 : Math.Clamp(envelope.Centre.X, -180, 180));

        for (var i = 0; i < shapes.Count; i++)
        for (var j = i + 1; j < shapes.Count; j++)
        {
            var (a, b) = (shapes[i], shapes[j]);
            if (!a.Geom.EnvelopeInternal.Intersects(b.Geom.EnvelopeInternal)) continue;
            Add(problems, projection, TopologyProblemKind.Overlap, [a.Id, b.Id], a.Geom.Intersection(b.Geom));
        }

        if (!area.IsEmpty)
        {
            foreach (var (id, geom) in shapes)
                Add(problems, projection, TopologyProblemKind.OutsideCommunity, [id], geom.Difference(area));
            var covered = shapes.Count == 0 ? area.Factory.CreatePolygon() : CascadedPolygonUnion.Union(shapes.Select(s => s.Geom).ToList());
            var gaps = area.Difference(covered);
            // Each separate piece of uncovered ground is its own problem, so the map can point at it.
            for (var k = 0; k < gaps.NumGeometries; k++)
                Add(problems, projection, TopologyProblemKind.Gap, [], gaps.GetGeometryN(k));
        }
        return problems;
    }

    private void Add(List<TopologyProblem> problems, LocalProjection projection, TopologyProblemKind kind, int[] gridIds, Geometry piece)
    {
        var polygonal = Polygonal(piece);
        if (polygonal.IsEmpty) return;
        var m2 = projection.Forward(polygonal).Area;
        if (m2 < MinAreaM2 || m2 == 0) return;
        problems.Add(new TopologyProblem(kind, gridIds, polygonal, m2));
    }

    /// <summary>Only the areal parts: shared edges and corners of neighbouring grids are not overlaps.</summary>
    private static Geometry Polygonal(Geometry g)
    {
        if (g is Polygon or MultiPolygon) return g;
        var polygons = new List<Polygon>();
        for (var i = 0; i < g.NumGeometries; i++)
            if (g.GetGeometryN(i) is Polygon p && !p.IsEmpty) polygons.Add(p);
            else if (g.GetGeometryN(i) is MultiPolygon mp) polygons.AddRange(mp.Geometries.Cast<Polygon>());
        return polygons.Count == 1 ? polygons[0] : g.Factory.CreateMultiPolygon(polygons.ToArray());
    }

    private static Geometry Clean(Geometry g) => g.IsValid ? g : g.Buffer(0);
}
