using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

namespace GridGIS.Core.Demo;

/// <summary>
/// Cuts an area into cells: the Voronoi diagram of sites inside it, each cell clipped to the area, so the
/// cells tile the area exactly (shared edges, no overlap, areas summing to the area's). Metric coordinates.
/// </summary>
internal static class VoronoiPartition
{
    /// <summary>
    /// One cell per site, in site order. Sites must be distinct and inside <paramref name="area"/>; a site whose
    /// clipped cell is empty gets an empty MultiPolygon. A single site gets the whole area.
    /// </summary>
    public static MultiPolygon[] Partition(Geometry area, IReadOnlyList<Coordinate> sites)
    {
        ArgumentNullException.ThrowIfNull(area);
        if (sites.Count == 0) throw new ArgumentOutOfRangeException(nameof(sites), "at least one site");
        var factory = area.Factory;
        if (sites.Count == 1) return [ToMulti(area)];
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites.ToList());
        var env = new Envelope(area.EnvelopeInternal);
        env.ExpandBy(Math.Max(env.Width, env.Height) + 100);
        builder.ClipEnvelope = env;
        var diagram = builder.GetDiagram(factory);
        var bySite = new Dictionary<Coordinate, Geometry>();
        for (var i = 0; i < diagram.NumGeometries; i++)
        {
            var cell = diagram.GetGeometryN(i);
            if (cell.UserData is Coordinate c) bySite[new Coordinate(c.X, c.Y)] = cell;
        }
        var result = new MultiPolygon[sites.Count];
        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(area);
        for (var i = 0; i < sites.Count; i++)
        {
            if (!bySite.TryGetValue(new Coordinate(sites[i].X, sites[i].Y), out var cell))
                throw new ArgumentException($"site {i} ({sites[i].X:F1}, {sites[i].Y:F1}) has no Voronoi cell: sites must be distinct", nameof(sites));
            result[i] = prepared.ContainsProperly(cell) ? ToMulti(cell) : ToMulti(cell.Intersection(area));
        }
        return result;
    }

    /// <summary>
    /// <paramref name="count"/> sites spread over <paramref name="area"/>: random points relaxed by Lloyd's
    /// algorithm (<paramref name="iterations"/> rounds of moving each site to its clipped cell's centroid),
    /// which evens cell sizes without making them regular.
    /// </summary>
    public static List<Coordinate> RelaxedSites(Geometry area, int count, DemoRandom rng, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var sites = RandomPointsIn(area, count, rng);
        for (var it = 0; it < iterations && count > 1; it++)
        {
            var cells = Partition(area, sites);
            for (var i = 0; i < count; i++)
            {
                if (cells[i].IsEmpty) continue;
                var c = cells[i].Centroid;
                var p = area.Contains(c) ? c : cells[i].InteriorPoint;
                sites[i] = new Coordinate(p.X, p.Y);
            }
            Dedupe(sites, rng);
        }
        return sites;
    }

    /// <summary>Uniform random points inside <paramref name="area"/> (rejection sampling in its envelope).</summary>
    public static List<Coordinate> RandomPointsIn(Geometry area, int count, DemoRandom rng)
    {
        var env = area.EnvelopeInternal;
        var locator = new NetTopologySuite.Algorithm.Locate.IndexedPointInAreaLocator(area);
        var points = new List<Coordinate>(count);
        for (var attempt = 0; points.Count < count; attempt++)
        {
            if (attempt > 10000 * count) throw new InvalidOperationException("area too thin to place points in");
            var c = new Coordinate(rng.Range(env.MinX, env.MaxX), rng.Range(env.MinY, env.MaxY));
            if (locator.Locate(c) == Location.Interior) points.Add(c);
        }
        Dedupe(points, rng);
        return points;
    }

    /// <summary>Moves coincident sites apart by a few centimetres so each keeps its own cell.</summary>
    public static void Dedupe(List<Coordinate> sites, DemoRandom rng)
    {
        var seen = new HashSet<(double, double)>();
        for (var i = 0; i < sites.Count; i++)
        {
            while (!seen.Add((Math.Round(sites[i].X, 2), Math.Round(sites[i].Y, 2))))
                sites[i] = new Coordinate(sites[i].X + rng.Range(-0.5, 0.5), sites[i].Y + rng.Range(-0.5, 0.5));
        }
    }

    public static MultiPolygon ToMulti(Geometry g)
    {
        var polygons = new List<Polygon>();
        for (var i = 0; i < g.NumGeometries; i++)
            if (g.GetGeometryN(i) is Polygon p && !p.IsEmpty && p.Area > 0) polygons.Add(p);
        return g.Factory.CreateMultiPolygon(polygons.ToArray());
    }
}
