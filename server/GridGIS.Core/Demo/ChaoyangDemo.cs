using System.Diagnostics;
using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Demo;

/// <summary>
/// The Chaoyang demo generator: the 23 urban streets of the 2010 table with their published figures kept exactly,
/// and everything else generated (polygons, grids, households, facilities, walking network). Deterministic:
/// the same seed and scale give the same dataset. The layout (polygons, grids, network, facilities, workers)
/// does not depend on the scale; at scale s households are drawn so each street's residents and foreign
/// residents equal round(s x published). Output in WGS84 (SRID 4326).
/// </summary>
public static class ChaoyangDemo
{
    public const string PublishedSource =
        "Table 1 of seed paper 000 (Chaoyang District urban population by street, March 2010; Chaoyang Public Security Sub-bureau and Chaoyang Social Office)";

    /// <param name="tables">the four published tables</param>
    /// <param name="scale">share of the published population to generate, in (0, 1]</param>
    /// <param name="seed">any value; the same seed gives the same data</param>
    /// <param name="log">progress lines, or null</param>
    public static DemoDataset Generate(PublishedTables tables, double scale, ulong seed, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (!(scale > 0 && scale <= 1)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be in (0, 1]");
        log ??= _ => { };
        var clock = Stopwatch.StartNew();
        void Step(string message) => log($"{message} ({clock.Elapsed.TotalSeconds:F1} s)");
        var layout = ChaoyangLayout.Build(tables, seed, Step);
        var proj = CityProfile.Default.Projection;      // the demo is Chaoyang: the default profile
        var wgs = new GeometryFactory(new PrecisionModel(), 4326);
        MultiPolygon ToWgs(MultiPolygon g) => (MultiPolygon)wgs.CreateGeometry(proj.Inverse(g));

        var streets = layout.Streets.Select(s => new DemoStreet(s.Code, s.Published.NameZh == "机场" ? "首都机场街道" : s.Published.NameZh + "街道",
            s.Published.Pinyin, ToWgs(s.Area), ChaoyangLayout.GeometryNote, s.Published, PublishedSource, 2010)).ToList();
        var communities = layout.Communities.Select(c => new DemoCommunity(c.Source.Code, c.Source.Name, c.Street, ToWgs(c.Area))).ToList();

        var generator = new HouseholdGenerator(layout, scale);
        var households = new List<DemoHousehold>();
        var gridResidents = new long[layout.Grids.Count];
        var gridForeign = new long[layout.Grids.Count];
        foreach (var street in layout.Streets)
        {
            foreach (var (x, y, b, residents, foreign, nationalities, address) in generator.Generate(street))
            {
                var (lon, lat) = proj.Inverse(x, y);
                var grid = layout.BuildingGrid[b];
                gridResidents[grid] += residents;
                gridForeign[grid] += foreign;
                households.Add(new DemoHousehold(lon, lat, address, residents, foreign, nationalities, street.Index, grid));
            }
        }
        Step($"households: {households.Count} at scale {scale}");

        var grids = layout.Grids.Select((g, i) => new DemoGrid(g.Code, g.Community,
            IsForeignResidentGrid(gridResidents[i], gridForeign[i], scale) ? "foreign_resident" : "ordinary",
            g.Name, g.Worker, ToWgs(g.Area))).ToList();
        var net = layout.Network;
        var nodes = new DemoWalkNode[net.X.Count];
        for (var n = 0; n < nodes.Length; n++) { var (lon, lat) = proj.Inverse(net.X[n], net.Y[n]); nodes[n] = new DemoWalkNode(lon, lat); }
        var edges = net.Edges.Select(e => new DemoWalkEdge(e.A, e.B, net.Length(e.A, e.B), e.Kind)).ToList();
        var facilities = layout.FacilitiesMetric.Select(f => { var (lon, lat) = proj.Inverse(f.Lon, f.Lat); return f with { Lon = lon, Lat = lat }; }).ToList();
        Step($"converted to WGS84: {grids.Count(g => g.Kind == "foreign_resident")} of {grids.Count} grids are foreign-resident grids");
        return new DemoDataset(scale, seed, streets, communities, layout.Workers, grids, households,
            FacilityGenerator.Categories, facilities, nodes, edges);
    }

    /// <summary>
    /// A grid is a foreign-resident grid (涉外网格) when its loaded foreign residents are at least 10% of its
    /// residents, or their full-scale equivalent (count / scale) is at least 50.
    /// </summary>
    public static bool IsForeignResidentGrid(long residents, long foreignResidents, double scale) =>
        foreignResidents > 0 && (foreignResidents * 10 >= residents || foreignResidents / scale >= 50);
}
