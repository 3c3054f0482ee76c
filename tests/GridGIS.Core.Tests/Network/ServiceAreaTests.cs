using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;
using static GridGIS.Core.Tests.Network.NetworkTestKit;

namespace GridGIS.Core.Tests.Network;

public class ServiceAreaTests
{
    private static readonly LocalProjection Cm117 = new(117);   // Beijing's zone

    private static Geometry Area(WalkNetwork net, double x, double y, double limit, double buffer = 50) =>
        new ServiceArea(net, buffer).Build(new NetworkSnapper(net).Snap(x, y), limit);

    private static void CheckCovers(Geometry area, (double X, double Y)[] inside, (double X, double Y)[] outside)
    {
        foreach (var (x, y) in inside) Assert.True(area.Covers(new Point(x, y)), $"{x} {y} should be inside");
        foreach (var (x, y) in outside) Assert.False(area.Covers(new Point(x, y)), $"{x} {y} should be outside");
    }

    [Fact]
    public void Build_CutsThePartialEdge_WhenLimitEndsMidEdge()
    {
        var area = Area(Net("LINESTRING(0 0, 1000 0)"), 0, 0, 300);
        CheckCovers(area, [(0, 0), (299, 0), (340, 0), (150, 49)], [(360, 0), (150, 51), (-51, 0)]);
        Assert.Equal(300 * 100 + Math.PI * 50 * 50, area.Area, 0.02 * area.Area);
    }

    [Fact]
    public void Build_ReachesBothWays_WhenFacilityMidEdge()
    {
        var area = Area(Net("LINESTRING(0 0, 1000 0)"), 500, 0, 200);
        CheckCovers(area, [(301, 0), (699, 0)], [(250 - 1, 0), (751, 0)]);
    }

    [Fact]
    public void Build_FollowsTheStreets_NotACircle()
    {
        // an L: 0,0 -> 600,0 -> 600,600; limit 800 reaches 200 m up the second leg
        var area = Area(Net("LINESTRING(0 0, 600 0)", "LINESTRING(600 0, 600 600)"), 0, 0, 800);
        CheckCovers(area, [(600, 190), (300, 0)], [(300, 300), (600, 300), (0, 300)]);
    }

    [Fact]
    public void Build_KeepsUnreachablePocketAsHole_WhenLoopEnclosesIt()
    {
        var net = Net("LINESTRING(0 0, 400 0, 400 400)", "LINESTRING(400 400, 0 400, 0 0)");
        var area = Area(net, 0, 0, 1000);
        var polygon = Assert.IsType<Polygon>(area);
        Assert.Equal(1, polygon.NumInteriorRings);
        CheckCovers(area, [(400, 200), (200, 400)], [(200, 200)]);
    }

    [Fact]
    public void Build_GoesOneWayOnly_WhenEdgeIsOneWay()
    {
        var area = Area(Net(">LINESTRING(0 0, 1000 0)"), 500, 0, 300);
        CheckCovers(area, [(790, 0)], [(400, 0)]);
    }

    [Fact]
    public void Bands_Nest_WhenAskedTogether()
    {
        var net = RandomGrid(25, 21, onewayShare: 0.1);
        var search = new BoundedSearch(net);
        search.Run(new NetworkSnapper(net).Snap(501_200, 4_401_200), 1000);
        var bands = new ServiceArea(net).Bands(search, [1000, 333.3, 666.7]);
        Assert.True(bands[1].Area < bands[2].Area && bands[2].Area < bands[0].Area);
        // nesting up to floating-point noise of the overlay: less than a square millimetre outside
        Assert.True(bands[2].Difference(bands[0]).Area < 1e-6);
        Assert.True(bands[1].Difference(bands[2]).Area < 1e-6);
        // every node reached within 666.7 m lies inside the middle band, and a node first reached past 1,050 m is outside all
        for (var n = 0; n < net.NodeCount; n++)
        {
            var p = new Point(net.NodeX(n), net.NodeY(n));
            if (search.NodeMetres(n) <= 666.7) Assert.True(bands[2].Covers(p));
        }
        // a node beyond the limit is outside unless it lies within the buffer width of a reached street
        var lines = new ServiceArea(net).ReachedLines(search, 1000);
        var outside = 0;
        for (var n = 0; n < net.NodeCount; n++)
        {
            var p = new Point(net.NodeX(n), net.NodeY(n));
            if (double.IsPositiveInfinity(search.NodeMetres(n)) && lines.Distance(p) > 50 + 1) { Assert.False(bands[0].Covers(p)); outside++; }
        }
        Assert.True(outside > 100);
    }

    [Fact]
    public void Build_ReturnsWgs84_WhenProjectionGiven()
    {
        var (x, y) = Cm117.Forward(116.45, 39.92);
        var net = Net($"LINESTRING({x} {y}, {x + 1000} {y})");
        var area = new ServiceArea(net, 50, Cm117).Build(SnappedPoint.AtNode(net, 0), 500);
        var c = area.EnvelopeInternal;
        Assert.InRange(c.MinX, 116.44, 116.45);
        Assert.InRange(c.MaxX, 116.455, 116.457);
        Assert.InRange(c.MaxY, 39.920, 39.921);
    }

    [Fact]
    public void ReachedLines_DissolvesCategory_WhenSearchHasSeveralSources()
    {
        var net = Net("LINESTRING(0 0, 2000 0)");
        var snapper = new NetworkSnapper(net);
        var search = new BoundedSearch(net);
        search.Run([snapper.Snap(200, 0), snapper.Snap(1800, 0)], 300);
        var lines = new ServiceArea(net).ReachedLines(search, 300);
        Assert.Equal(500 + 500, lines.Length, 1e-6);
        Assert.Equal(2, lines.NumGeometries);
    }
}
