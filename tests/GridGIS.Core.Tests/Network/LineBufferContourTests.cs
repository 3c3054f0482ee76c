using GridGIS.Core.Network;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Network;

public class LineBufferContourTests
{
    private static readonly WKTReader Reader = new();

    /// <summary>
    /// Traces the buffer of the WKT lines and checks it against NTS's own buffer of the same lines (fine
    /// arcs): every traced vertex within <paramref name="tolerance"/> m of the exact boundary, the areas
    /// within 0.5 %, validity and the number of holes.
    /// </summary>
    private static void CheckContour(string wkt, double width, double cell, int holes, double tolerance)
    {
        var lines = Reader.Read(wkt);
        var traced = LineBufferContour.Buffer(lines, width, cell);
        var exact = lines.Buffer(width, 32);
        Assert.True(traced.IsValid);
        Assert.Equal(holes, Enumerable.Range(0, traced.NumGeometries).Sum(i => ((Polygon)traced.GetGeometryN(i)).NumInteriorRings));
        Assert.Equal(exact.Area, traced.Area, exact.Area * 0.005);
        var boundary = exact.Boundary;
        foreach (var c in traced.Coordinates) Assert.True(boundary.Distance(traced.Factory.CreatePoint(c)) <= tolerance, $"{c} is {boundary.Distance(traced.Factory.CreatePoint(c)):F2} m off");
    }

    [Fact]
    public void Buffer_IsCapsule_WhenOneSegment() =>
        CheckContour("MULTILINESTRING((0 0, 100 0))", 50, 2, 0, 0.05);

    [Fact]
    public void Buffer_KeepsHole_WhenLoopIsWiderThanTwiceTheWidth() =>
        // a 300 m square block: the middle 200 m square (rounded nowhere: straight sides) is farther than 50 m
        CheckContour("MULTILINESTRING((0 0, 300 0, 300 300, 0 300, 0 0))", 50, 2, 1, 1.0);

    [Fact]
    public void Buffer_FillsBlock_WhenLoopIsNarrowerThanTwiceTheWidth() =>
        CheckContour("MULTILINESTRING((0 0, 90 0, 90 90, 0 90, 0 0))", 50, 2, 0, 1.0);

    [Fact]
    public void Buffer_IsDisc_WhenOnlyAPoint() =>
        CheckContour("GEOMETRYCOLLECTION(POINT(10 10))", 20, 1, 0, 0.05);

    [Fact]
    public void Buffer_GivesTwoPolygons_WhenLinesAreFarApart() =>
        Assert.Equal(2, LineBufferContour.Buffer(Reader.Read("MULTILINESTRING((0 0, 100 0), (0 500, 100 500))"), 50).NumGeometries);

    [Fact]
    public void Buffer_IsEmpty_WhenNoLines() =>
        Assert.True(LineBufferContour.Buffer(Reader.Read("MULTILINESTRING EMPTY"), 50).IsEmpty);

    [Fact]
    public void Buffer_Throws_WhenCellWiderThanHalfTheWidth() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LineBufferContour.Buffer(Reader.Read("LINESTRING(0 0, 1 0)"), 10, 6));

    [Fact]
    public void Dissolve_TracesAndAgreesWithUnion_WhenAboveThePieceLimit()
    {
        // a 6 x 6 grid of 120 m blocks (14 straight parts): a 20 m hole in every block, traced and unioned alike
        var parts = new List<string>();
        for (var k = 0; k <= 6; k++) { parts.Add($"({k * 120} 0, {k * 120} 720)"); parts.Add($"(0 {k * 120}, 720 {k * 120})"); }
        var lines = Reader.Read($"MULTILINESTRING({string.Join(",", parts)})");
        var net = WalkNetwork.FromLines([new LineString([new Coordinate(0, 0), new Coordinate(1, 0)])]);
        var union = new ServiceArea(net, 50).Dissolve(lines);
        var traced = new ServiceArea(net, 50) { ContourAbovePieces = 10 }.Dissolve(lines);
        Assert.Equal(union.Area, traced.Area, union.Area * 0.002);
        Assert.Equal(36, ((Polygon)traced).NumInteriorRings);
        Assert.Equal(36, ((Polygon)union).NumInteriorRings);
    }
}
