using GridGIS.Core.Demo;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Tests.Demo;

public class DemoRealNetworkTests
{
    private static readonly LocalProjection Proj = CityProfile.Default.Projection;
    private static readonly (double X, double Y) Origin = Proj.Forward(116.47, 39.99);

    private static (double Lon, double Lat) At(double dx, double dy) => Proj.Inverse(Origin.X + dx, Origin.Y + dy);

    /// <summary>A generated 5 x 5 lattice of streets 100 m apart; the area covers its inner 3 x 3 nodes.</summary>
    private static (DemoDataset Data, Geometry Area) Lattice()
    {
        var nodes = new List<DemoWalkNode>();
        var edges = new List<DemoWalkEdge>();
        for (var i = 0; i < 5; i++)
            for (var j = 0; j < 5; j++)
            {
                var (lon, lat) = At(i * 100, j * 100);
                nodes.Add(new DemoWalkNode(lon, lat));
                if (i > 0) edges.Add(new DemoWalkEdge((i - 1) * 5 + j, i * 5 + j, 100, "street"));
                if (j > 0) edges.Add(new DemoWalkEdge(i * 5 + j - 1, i * 5 + j, 100, "street"));
            }
        var data = new DemoDataset(1, 1, [], [], [], [], [], [], [], nodes, edges);
        var ring = new[] { At(50, 50), At(350, 50), At(350, 350), At(50, 350), At(50, 50) }.Select(c => new Coordinate(c.Lon, c.Lat)).ToArray();
        return (data, new GeometryFactory(new PrecisionModel(), 4326).CreatePolygon(ring));
    }

    [Fact]
    public void Apply_ReplacesTheGeneratedNetworkInsideTheArea_AndJoinsItAtTheSeam()
    {
        var (data, area) = Lattice();
        var centre = At(200, 200);
        OsmWalkEdge Real(long id, long to, double dx, double dy) => new(id, 5, to, [centre, At(dx, dy)], false, "footway");
        var osm = new List<OsmWalkEdge>
        {
            Real(1, 1, 60, 200), Real(2, 2, 340, 200), Real(3, 3, 200, 60), Real(4, 4, 200, 340),
            new(5, 6, 7, [At(120, 120), At(130, 130)], false, "service"),      // an island inside: left out
            new(6, 8, 9, [At(400, 420), At(420, 420)], false, "residential"),  // outside the area: not taken
        };
        var r = DemoRealNetwork.Apply(data, osm, area, Proj);
        Assert.Equal((24, 4, 1, 12), (r.GeneratedEdgesRemoved, r.RealEdges, r.RealPiecesLeftOut, r.SeamEdges));
        var d = r.Dataset;
        Assert.Equal(16 + 4 + 12, d.Edges.Count);
        Assert.Equal(16 + 5, d.Nodes.Count);
        Assert.Equal(4, d.Edges.Count(e => e.Kind == "osm:footway"));
        // one piece, lengths as measured in the metric CRS: a seam from the ring node (2, 0) at (200, 0) to the real end at (200, 60) is 60 m
        var xs = d.Nodes.Select(n => Proj.Forward(n.Lon, n.Lat).X).ToArray();
        var ys = d.Nodes.Select(n => Proj.Forward(n.Lon, n.Lat).Y).ToArray();
        var net = new WalkNetwork(xs, ys, d.Edges.Select(e => new WalkEdge(e.Source, e.Target, e.LengthM)).ToArray());
        Assert.Equal(1, NetworkConnectivity.Analyze(net).Components);
        Assert.Contains(d.Edges, e => e.Kind == "seam" && Math.Abs(e.LengthM - 60) < 1e-6);
        Assert.All(d.Edges, e => Assert.Equal(Math.Sqrt(Math.Pow(xs[e.Source] - xs[e.Target], 2) + Math.Pow(ys[e.Source] - ys[e.Target], 2)), e.LengthM, 6));
    }

    [Fact]
    public void Apply_LeavesTheDemoAsItWas_WhenTheExtractHasNothingInside()
    {
        var (data, area) = Lattice();
        var r = DemoRealNetwork.Apply(data, [], area, Proj);
        Assert.Equal((0, 0, 0), (r.GeneratedEdgesRemoved, r.RealEdges, r.SeamEdges));
        Assert.Same(data, r.Dataset);
    }

    [Fact]
    public void Apply_KeepsTheInsidePartOfAWayThatLeavesTheArea()
    {
        var (data, area) = Lattice();
        var r = DemoRealNetwork.Apply(data, [new OsmWalkEdge(1, 1, 2, [At(200, 200), At(200, 300), At(200, 500)], false, "residential")], area, Proj);
        Assert.Equal(1, r.RealEdges);
        var real = Assert.Single(r.Dataset.Edges, e => e.Kind == "osm:residential");
        Assert.Equal(100, real.LengthM, 6);
    }
}
