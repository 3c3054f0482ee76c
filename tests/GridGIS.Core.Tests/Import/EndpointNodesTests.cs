using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Import;

public sealed class EndpointNodesTests
{
    private static readonly LocalProjection Cm117 = new(117);   // Beijing's zone

    private static LineString Line(string wkt) => (LineString)new WKTReader().Read(wkt);

    /// <summary>Lon degrees that make <paramref name="metres"/> east of (116.4, 39.9) in Beijing's Gauss-Kruger.</summary>
    private static double East(double metres)
    {
        var (x, y) = Cm117.Forward(116.4, 39.9);
        return Cm117.Inverse(x + metres, y).Lon;
    }

    [Fact]
    public void Build_MergesEndpointsWithin1cm_AndNumbersNewNodesFromFirstId()
    {
        var near = East(0.004).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var far = East(0.03).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var nodes = EndpointNodes.Build(
        [
            Line("LINESTRING(116.401 39.901, 116.4 39.9)"),
            Line($"LINESTRING({near} 39.9, 116.4 39.91)"),     // starts 4 mm from the first line's end: same node
            Line($"LINESTRING({far} 39.9, 116.41 39.91)"),     // 3 cm away: a new node
        ], [], firstNewId: 101);
        Assert.Equal([(101L, 102L), (102L, 103L), (104L, 105L)], nodes.Ends);
        Assert.Equal([101L, 102L, 103L, 104L, 105L], nodes.NewNodes.Select(n => n.Id));
    }

    [Fact]
    public void Build_ReusesStoredNode_WhenEndpointCoincides()
    {
        var nodes = EndpointNodes.Build([Line("LINESTRING(116.4 39.9, 116.41 39.9)")], [new WalkNode(7, 116.41, 39.9)], firstNewId: 8);
        Assert.Equal((8L, 7L), Assert.Single(nodes.Ends));
        Assert.Equal(new WalkNode(8, 116.4, 39.9), Assert.Single(nodes.NewNodes));
    }

    [Fact]
    public void Build_Throws_WhenToleranceIsOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EndpointNodes.Build([], [], 1, toleranceMetres: 0));
}
