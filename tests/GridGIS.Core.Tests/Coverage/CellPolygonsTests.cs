using GridGIS.Core.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Coverage;

public sealed class CellPolygonsTests
{
    private static readonly WKTReader Wkt = new();

    /// <summary>
    /// Traces a picture of cells ('#' in the set, '.' not; first line is the north row) on a lattice of 10 m
    /// cells anchored at (0, 0) and checks the polygons, in region order, against WKT (compared normalized),
    /// that each is valid, and that the areas add up to the cells.
    /// </summary>
    private static CellPolygons CheckTrace(string[] picture, params string[] expectedWkt)
    {
        var rows = picture.Length;
        var columns = picture[0].Length;
        var lattice = new CellLattice(0, 0, 10, columns, rows);
        var mask = new bool[lattice.Count];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                mask[(rows - 1 - r) * columns + c] = picture[r][c] == '#';
        var traced = CellPolygons.Trace(lattice, mask);
        Assert.Equal(expectedWkt.Length, traced.Polygons.Count);
        for (var i = 0; i < expectedWkt.Length; i++)
        {
            Assert.True(traced.Polygons[i].IsValid, $"polygon {i} invalid: {traced.Polygons[i]}");
            Assert.Equal(Wkt.Read(expectedWkt[i]).Normalized().ToText(), traced.Polygons[i].Normalized().ToText());
            Assert.Equal(traced.CellCounts[i] * 100.0, traced.Polygons[i].Area, 9);
        }
        Assert.Equal(mask.Count(m => m), traced.CellCounts.Sum());
        return traced;
    }

    [Fact]
    public void Trace_ReturnsOneSquare_WhenOneCell() =>
        CheckTrace(["...", ".#.", "..."], "POLYGON((10 10,20 10,20 20,10 20,10 10))");

    [Fact]
    public void Trace_ReturnsNothing_WhenNoCell() =>
        CheckTrace(["...", "..."]);

    [Fact]
    public void Trace_ReturnsWholeLattice_WhenEveryCellIsSet() =>
        CheckTrace(["###", "###"], "POLYGON((0 0,30 0,30 20,0 20,0 0))");

    [Fact]
    public void Trace_DropsCollinearVertices_WhenRowOfCells() =>
        CheckTrace(["####"], "POLYGON((0 0,40 0,40 10,0 10,0 0))");

    [Fact]
    public void Trace_ReturnsLShape_WhenCellsFormAnL() =>
        CheckTrace(["#..", "#..", "###"], "POLYGON((0 0,30 0,30 10,10 10,10 30,0 30,0 0))");

    [Fact]
    public void Trace_ReturnsPolygonWithHole_WhenRingOfCells() =>
        CheckTrace(["###", "#.#", "###"], "POLYGON((0 0,30 0,30 30,0 30,0 0),(10 10,10 20,20 20,20 10,10 10))");

    [Fact]
    public void Trace_ReturnsTwoPolygons_WhenCellsTouchOnlyDiagonally()
    {
        var traced = CheckTrace([".#", "#."],
            "POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((10 10,20 10,20 20,10 20,10 10))");
        Assert.Equal(0, traced.RegionOf(0));
        Assert.Equal(-1, traced.RegionOf(1));
        Assert.Equal(1, traced.RegionOf(3));
    }

    [Fact]
    public void Trace_ReturnsHoleTouchingShellAtCorner_WhenRegionTouchesItselfDiagonally() =>
        // The ring is closed at the north-east corner of the middle cell only diagonally: the middle cell is a hole touching the shell there.
        CheckTrace(["##..", "#.#.", "###."],
            "POLYGON((0 0,30 0,30 20,20 20,20 30,0 30,0 0),(10 10,10 20,20 20,20 10,10 10))");

    [Fact]
    public void Trace_KeepsIslandInsideHoleSeparate_WhenCellsNest() =>
        CheckTrace(["#####", "#...#", "#.#.#", "#...#", "#####"],
            "POLYGON((0 0,50 0,50 50,0 50,0 0),(10 10,10 40,40 40,40 10,10 10))",
            "POLYGON((20 20,30 20,30 30,20 30,20 20))");

    [Fact]
    public void Trace_UsesLatticeOrigin_WhenLatticeIsOffset()
    {
        var lattice = new CellLattice(500_000, 4_400_000, 50, 2, 1);
        var traced = CellPolygons.Trace(lattice, [false, true]);
        Assert.Equal("POLYGON ((500050 4400000, 500050 4400050, 500100 4400050, 500100 4400000, 500050 4400000))",
            traced.Polygons[0].Normalized().ToText());
    }

    [Fact]
    public void Trace_Throws_WhenMaskLengthDiffers() =>
        Assert.Throws<ArgumentException>(() => CellPolygons.Trace(new CellLattice(0, 0, 10, 2, 2), new bool[3]));
}
