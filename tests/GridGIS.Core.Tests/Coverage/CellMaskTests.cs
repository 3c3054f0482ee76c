using GridGIS.Core.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Coverage;

public sealed class CellMaskTests
{
    private static readonly WKTReader Wkt = new();

    /// <summary>Rasterizes WKT polygons on 10 m cells from (0, 0) and compares with a picture ('#' set; first line is the north row).</summary>
    private static void CheckRasterize(int columns, int rows, string[] wkts, params string[] expected)
    {
        var lattice = new CellLattice(0, 0, 10, columns, rows);
        var mask = CellMask.Rasterize(lattice, wkts.Select(Wkt.Read));
        Assert.Equal(expected, Picture(lattice, mask));
    }

    private static string[] Picture(CellLattice lattice, bool[] mask) =>
        Enumerable.Range(0, lattice.Rows).Reverse()
            .Select(r => new string(Enumerable.Range(0, lattice.Columns).Select(c => mask[r * lattice.Columns + c] ? '#' : '.').ToArray()))
            .ToArray();

    [Fact]
    public void Rasterize_FillsCellsWhoseCentreIsInside_WhenTriangle() =>
        CheckRasterize(4, 4, ["POLYGON((0 0,40 0,0 40,0 0))"], "....", "#...", "##..", "###.");

    [Fact]
    public void Rasterize_LeavesHoleEmpty_WhenPolygonHasHole() =>
        CheckRasterize(4, 4, ["POLYGON((0 0,40 0,40 40,0 40,0 0),(10 10,30 10,30 30,10 30,10 10))"], "####", "#..#", "#..#", "####");

    [Fact]
    public void Rasterize_ClaimsEachCellOnce_WhenPolygonsShareAnEdgeThroughCentres()
    {
        // Two grids meeting at x = 15 and y = 15, through cell centres: the shared cells go to one side, none is lost.
        var lattice = new CellLattice(0, 0, 10, 3, 3);
        var left = CellMask.Rasterize(lattice, [Wkt.Read("POLYGON((0 0,15 0,15 30,0 30,0 0))")]);
        var right = CellMask.Rasterize(lattice, [Wkt.Read("POLYGON((15 0,30 0,30 30,15 30,15 0))")]);
        Assert.Equal(["#..", "#..", "#.."], Picture(lattice, left));
        Assert.Equal([".##", ".##", ".##"], Picture(lattice, right));
    }

    [Fact]
    public void Rasterize_ClipsToLattice_WhenPolygonExtendsBeyond() =>
        CheckRasterize(2, 2, ["MULTIPOLYGON(((-100 -100,15 -100,15 100,-100 100,-100 -100)))"], "#.", "#.");

    [Fact]
    public void Rasterize_Throws_WhenGeometryIsNotPolygonal() =>
        Assert.Throws<ArgumentException>(() => CellMask.Rasterize(new CellLattice(0, 0, 10, 2, 2), [Wkt.Read("LINESTRING(0 0,10 10)")]));

    [Fact]
    public void MarkWithin_MarksCentresWithinRadiusInclusive_WhenDisc()
    {
        // Centre of cell (2, 2) at (25, 25); radius 10 reaches the four side neighbours' centres exactly, not the diagonals.
        var lattice = new CellLattice(0, 0, 10, 5, 5);
        var mask = new bool[lattice.Count];
        CellMask.MarkWithin(lattice, mask, 25, 25, 10);
        Assert.Equal([".....", "..#..", ".###.", "..#..", "....."], Picture(lattice, mask));
    }

    [Fact]
    public void CellOf_ReturnsMinusOne_WhenOutsideLattice()
    {
        var lattice = new CellLattice(100, 200, 10, 3, 2);
        Assert.Equal(0, lattice.CellOf(100, 200));
        Assert.Equal(5, lattice.CellOf(129.9, 219.9));
        Assert.Equal(-1, lattice.CellOf(130, 205));
        Assert.Equal(-1, lattice.CellOf(99.9, 205));
    }

    [Fact]
    public void Covering_HoldsEnvelopeEdges_WhenEnvelopeIsWholeCells()
    {
        var lattice = CellLattice.Covering(new Envelope(100, 130, 200, 220), 10);   // 3 x 2 cells exactly
        Assert.True(lattice.CellOf(130, 220) >= 0, "the north-east corner has a cell");
        Assert.True(lattice.CellOf(130, 205) >= 0, "the east edge has a cell");
        Assert.True(lattice.EdgeX(lattice.Columns) > 130 && lattice.EdgeY(lattice.Rows) > 220);
    }

    [Fact]
    public void Covering_Throws_WhenTooManyCells() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CellLattice.Covering(new Envelope(0, 1e7, 0, 1e7), 1));
}
