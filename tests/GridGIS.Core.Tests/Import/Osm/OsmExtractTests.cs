using GridGIS.Core.Import.Osm;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Import.Osm;

public sealed class OsmExtractTests
{
    private static readonly Dictionary<string, string> None = [];

    private static Dictionary<string, string> Tags(params string[] kv) => kv.Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    /// <summary>Nodes 1..4 the corners of a 10 x 10 square at the origin, 5..8 a 2 x 2 square inside it.</summary>
    private static OsmExtract Squares()
    {
        var x = new OsmExtract();
        x.AddNode(1, 0, 0, None); x.AddNode(2, 10, 0, None); x.AddNode(3, 10, 10, None); x.AddNode(4, 0, 10, None);
        x.AddNode(5, 4, 4, None); x.AddNode(6, 6, 4, None); x.AddNode(7, 6, 6, None); x.AddNode(8, 4, 6, None);
        return x;
    }

    private static void CheckGeometry(OsmExtract x, string expectedWkt)
    {
        var f = Assert.Single(x.Features());
        Assert.True(f.Geometry.EqualsTopologically(new WKTReader().Read(expectedWkt)), $"{f.Geometry} is not {expectedWkt}");
    }

    [Fact]
    public void Features_ClosedBuildingIsAPolygon_ClosedHighwayALine()
    {
        var building = Squares();
        building.AddWay(10, [1, 2, 3, 4, 1], Tags("building=yes"));
        CheckGeometry(building, "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))");
        var road = Squares();
        road.AddWay(10, [1, 2, 3, 4, 1], Tags("highway=residential"));
        Assert.IsType<LineString>(Assert.Single(road.Features()).Geometry);
    }

    [Fact]
    public void Features_MultipolygonJoinsOuterWaysIntoARing_WithItsHole()
    {
        var x = Squares();
        x.AddWay(10, [1, 2, 3], None);                    // the outer ring in two pieces, one of them reversed
        x.AddWay(11, [1, 4, 3], None);
        x.AddWay(12, [5, 6, 7, 8, 5], None);
        x.AddRelation(20, [new(OsmType.Way, 10, "outer"), new(OsmType.Way, 11, "outer"), new(OsmType.Way, 12, "inner")], Tags("type=multipolygon", "natural=water"));
        CheckGeometry(x, "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))");
        Assert.Equal(0, x.Incomplete);
    }

    [Fact]
    public void Features_LeavesOutAMultipolygonWhoseRingDoesNotClose_AndCountsIt()
    {
        var x = Squares();
        x.AddWay(10, [1, 2, 3], None);                    // the rest of the ring lies outside the extract
        x.AddRelation(20, [new(OsmType.Way, 10, "outer"), new(OsmType.Way, 99, "outer")], Tags("type=multipolygon", "building=yes"));
        Assert.Empty(x.Features());
        Assert.Equal(1, x.Incomplete);
    }

    [Fact]
    public void CoreBox_DropsTheFarEndsOfLongWays_AreaPrefersTheDeclaredBounds()
    {
        var x = new OsmExtract();
        for (var i = 0; i < 98; i++) x.AddNode(i, 118.7 + i * 0.001, 32.0 + i * 0.001, None);
        x.AddNode(1000, 100, 20, None);
        x.AddNode(1001, 130, 40, None);
        var core = x.CoreBox(0.9)!;
        Assert.True(core.MinX > 118.7 && core.MaxX < 118.8, core.ToString());
        Assert.Equal(x.Bounds, x.Area);
        x.DeclareBounds(118.7, 32.0, 118.8, 32.1);
        Assert.Equal(new Envelope(118.7, 118.8, 32.0, 32.1), x.Area);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.DeclareBounds(118.8, 32.0, 118.7, 32.1));
    }
}
